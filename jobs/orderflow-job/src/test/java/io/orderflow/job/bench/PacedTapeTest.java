package io.orderflow.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.MarketEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paced tape's reader, driven by hand as Flink's source task would drive it, held to its own schedule (records
 * per second, the tape's record count) rather than to anything it computes.
 */
class PacedTapeTest {
    private static final double RATE = 1_000; // one record per millisecond

    /**
     * A job that stalls does not hide its stall: the reader is polled 300 ms late (a busy task; the test moves the
     * pacing clock rather than sleeping), hands on the 300 records due by then at once, and stamps each with the
     * moment it was due, exactly one millisecond apart, as a live feed's frames would have arrived while the job was
     * busy. Stamped at hand-over they would all read the same instant, and the stall would vanish from every
     * latency figure.
     */
    @Test
    void aRecordHandedOnLateCountsFromWhenItWasDue(@TempDir Path dir) throws Exception {
        MarketTape.Summary tape = MarketTape.simulate(dir, MarketTape.demoVenues(), 2_000, 1, 7);
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        PacedTape source = new PacedTape(tape.files(), RATE, Duration.ofMillis(1)).withClock(clock::get);
        Requests requests = new Requests();
        Collected out = new Collected();
        try (SourceReader<MarketEvent, PacedTape.Partition> reader = source.createReader(requests)) {
            reader.start();
            assertThat(requests.count.get()).as("asks for a split at start").isEqualTo(1);
            reader.addSplits(List.of(new PacedTape.Partition(tape.files().get(0).toString(), 0, 0)));
            assertThat(reader.pollNext(out)).as("the first record leaves, the next is 1 ms away")
                    .isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(out.stamps).hasSize(1);

            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(300)); // the job is busy: nobody polls
            InputStatus status;
            do {
                status = reader.pollNext(out);
            } while (status == InputStatus.MORE_AVAILABLE);
            assertThat(status).as("caught up, the rest is not due yet").isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(out.stamps).as("the first and the 300 due in the stall, 1 a millisecond").hasSize(301);
            for (int i = 1; i < out.stamps.size(); i++) {
                assertThat(out.stamps.get(i) - out.stamps.get(i - 1)).as("record %d after %d", i, i - 1)
                        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
            }

            // on schedule again: its timer wakes it for the next slice, which hands on the one record due there
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            reader.isAvailable().get(10, TimeUnit.SECONDS);
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(out.stamps).hasSize(302);
            assertThat(reader.snapshotState(1)).singleElement()
                    .satisfies(p -> assertThat(p.records()).isEqualTo(302));
        }
    }

    /** Each record's local receive stamp, in the order handed on. */
    private static final class Collected implements ReaderOutput<MarketEvent> {
        final List<Long> stamps = new ArrayList<>();

        @Override
        public void collect(MarketEvent record) {
            stamps.add(record.receivedAtNanos());
        }

        @Override
        public void collect(MarketEvent record, long timestamp) {
            collect(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<MarketEvent> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }

    /** The reader's side of the enumerator: counts split requests. */
    private static final class Requests implements SourceReaderContext {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {
            count.incrementAndGet();
        }

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            throw new UnsupportedOperationException("not used by the paced tape");
        }
    }
}
