package io.orderflow.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Where a read of the topic starts: {@code earliest}, {@code latest}, {@code committed} (the consumer group's
 * offsets, earliest where it has none), or {@code timestamp:<ISO-8601 instant or epoch ms>} (the first record at
 * or after that exchange time in each partition, transaction markers not counted: {@link FirstRecordAtOrAfter}). On a restore from a checkpoint or savepoint the checkpointed
 * offsets win over all of these.
 */
public record StartingOffsets(Kind kind, long timestampMs) implements Serializable {
    public enum Kind { EARLIEST, LATEST, COMMITTED, TIMESTAMP }

    /** How long a lookup by time may wait for the broker without progress before the job fails to start. */
    static final Duration LOOKUP_TIMEOUT = Duration.ofMinutes(1);

    public static StartingOffsets earliest() {
        return new StartingOffsets(Kind.EARLIEST, 0);
    }

    public static StartingOffsets parse(String s) {
        String v = s.trim();
        if (v.startsWith("timestamp:")) {
            String t = v.substring("timestamp:".length());
            try {
                return new StartingOffsets(Kind.TIMESTAMP,
                        t.chars().allMatch(Character::isDigit) && !t.isEmpty() ? Long.parseLong(t)
                                : Instant.parse(t).toEpochMilli());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException("starting offsets \"" + s + "\": the timestamp must be an "
                        + "ISO-8601 instant (2026-11-22T10:00:00Z) or epoch milliseconds");
            }
        }
        switch (v) {
            case "earliest":
                return earliest();
            case "latest":
                return new StartingOffsets(Kind.LATEST, 0);
            case "committed":
                return new StartingOffsets(Kind.COMMITTED, 0);
            default:
                throw new IllegalArgumentException("starting offsets \"" + s + "\": use earliest, latest, "
                        + "committed or timestamp:<ISO instant or epoch ms>");
        }
    }

    /** {@code client}: the consumer settings (bootstrap servers, security) a lookup by time reads records with. */
    OffsetsInitializer initializer(Properties client) {
        switch (kind) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case COMMITTED:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                return new FirstRecordAtOrAfter(timestampMs, client, LOOKUP_TIMEOUT);
        }
    }
}
