package io.orderflow.kafka;

import io.orderflow.flink.types.MarketEventSerializer;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.MarketEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decodes each record in the format its header names ({@code fallback} when it names none). A record that does
 * not decode stops nothing: it becomes a {@code MALFORMED_FRAME} data-quality event that names the partition,
 * offset and reason and keeps an excerpt of the bytes, and the {@code malformedRecords} counter counts it.
 */
public final class MarketEventRecordDeserializer implements KafkaRecordDeserializationSchema<MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final MarketDataFormat fallback;
    private transient Counter malformed;

    public MarketEventRecordDeserializer(MarketDataFormat fallback) {
        this.fallback = fallback;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        malformed = context.getMetricGroup().counter("malformedRecords");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MarketEvent> out) {
        MarketEvent event;
        try {
            event = formatOf(record).decode(record.value());
        } catch (IOException | IllegalArgumentException e) {
            out.collect(malformed(record, e.getMessage()));
            return;
        }
        String problem = io.orderflow.model.EventChecks.problem(event);
        // a topic may hold records from other writers: the same limits as the WebSocket source's
        out.collect(problem == null ? event : malformed(record, problem));
    }

    private MarketDataFormat formatOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MarketDataFormat.HEADER);
        return header == null ? fallback
                : MarketDataFormat.parse(new String(header.value(), StandardCharsets.UTF_8));
    }

    private DataQualityEvent malformed(ConsumerRecord<byte[], byte[]> record, String reason) {
        if (malformed != null) {
            malformed.inc();
        }
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        boolean instrument = key.indexOf(':') > 0;
        String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        return new DataQualityEvent(instrument ? InstrumentKey.venueOf(key) : "kafka",
                instrument ? InstrumentKey.symbolOf(key) : "", record.timestamp(), record.timestamp() * 1_000_000L,
                DataQualityEvent.Kind.MALFORMED_FRAME, "kafka " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + ": " + reason, DataQualityEvent.sampleOf(value));
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return MarketEventSerializer.TYPE_INFO;
    }
}
