package io.orderflow.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each partition at its first record whose timestamp is at or after a time, counting only records a
 * read_committed consumer sees.
 *
 * <p>Kafka's own lookup ({@code offsetsForTimes}, which Flink's {@code OffsetsInitializer.timestamp} uses as is)
 * also counts transaction markers, and the broker stamps a marker with its own clock when the transaction commits.
 * Our records carry exchange time, so a marker follows every committed checkpoint with a time later than the
 * records around it (by the checkpoint's delay live; by years after a recording from 2021 is ingested). Kafka then
 * answers with the marker's offset, and a read from there replays the records before the requested time that the
 * next transaction holds. So Kafka's answer is only where the search starts: from it, this reads forward to the
 * first record at or after the time. Every record before Kafka's answer is earlier than the time, so the result
 * is exact. The scan is at most one transaction's records for a topic written live, and can be a whole log segment
 * for an old recording ingested since; it runs once, in the enumerator, when a partition is first assigned.
 */
final class FirstRecordAtOrAfter implements OffsetsInitializer {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FirstRecordAtOrAfter.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final long timestampMs;
    private final Properties client;
    private final Duration timeout;

    /** {@code client} holds the bootstrap servers and any security settings the source's consumers use. */
    FirstRecordAtOrAfter(long timestampMs, Properties client, Duration timeout) {
        this.timestampMs = timestampMs;
        this.client = new Properties();
        this.client.putAll(client);
        this.client.put("isolation.level", "read_committed");
        this.client.put("enable.auto.commit", "false");
        this.client.remove("group.id"); // the scan assigns partitions itself and commits nothing
        this.timeout = timeout;
    }

    @Override
    public Map<TopicPartition, Long> getPartitionOffsets(
            Collection<TopicPartition> partitions, PartitionOffsetsRetriever unused) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // the ends first: a record written after them is later than the time anyway (as Flink's lookup does)
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, timestampMs));
            Map<TopicPartition, OffsetAndTimestamp> hints = consumer.offsetsForTimes(query, timeout);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp hint = hints.get(tp);
                long end = ends.get(tp);
                starts.put(tp, hint == null || hint.offset() >= end ? end : scan(consumer, tp, hint.offset(), end));
            }
        }
        return starts;
    }

    /** The offset of the first record in [from, end) at or after the time, or {@code end} if there is none. */
    private long scan(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long end) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + timeout.toNanos();
        long skipped = 0;
        while (consumer.position(tp, timeout) < end) {
            List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(POLL).records(tp);
            if (!records.isEmpty()) {
                deadline = System.nanoTime() + timeout.toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("looking for the first record at or after " + timestampMs + " in "
                        + tp + ", no record came for " + timeout + " at offset " + consumer.position(tp, timeout)
                        + " (searching from " + from + " up to " + end + ")");
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.offset() >= end) {
                    return end;
                }
                if (r.timestamp() >= timestampMs) {
                    if (skipped > 0) {
                        LOG.info("{}: starting at offset {}, not at Kafka's answer {} (a transaction marker): "
                                + "{} records in between are before {}", tp, r.offset(), from, skipped, timestampMs);
                    }
                    return r.offset();
                }
                skipped++;
            }
        }
        return end;
    }

    /** Out of range (retention deleted it since): the earliest left, which is later still, so nothing is lost. */
    @Override
    public OffsetResetStrategy getAutoOffsetResetStrategy() {
        return OffsetResetStrategy.EARLIEST;
    }
}
