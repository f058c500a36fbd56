package io.orderflow.kafka;

import io.orderflow.model.MarketEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record per event. The key is {@code venue:symbol}, so Kafka's partitioner keeps each instrument in one
 * partition, in the order the source emitted it (what the books need); the record timestamp is the exchange's.
 */
final class MarketEventRecordSerializer implements KafkaRecordSerializationSchema<MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final MarketDataFormat format;

    MarketEventRecordSerializer(String topic, MarketDataFormat format) {
        this.topic = topic;
        this.format = format;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(MarketEvent event, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MarketDataFormat.HEADER, format.headerValue());
        return new ProducerRecord<>(topic, null, event.exchangeTimeMs(),
                event.instrumentKey().getBytes(StandardCharsets.UTF_8), format.encode(event), headers);
    }
}
