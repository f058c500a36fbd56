package io.orderflow.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.TableDef;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole-job benchmark, small: every figure it reports comes from a real run of the whole job. */
class JobBenchmarkITCase {
    @Test
    void throughputRunWritesEveryTableFromAReplayThatObeysEveryVenuesSequencing(@TempDir Path dir) throws Exception {
        JobBenchmark bench = new JobBenchmark(dir, Duration.ofSeconds(2), 2);

        JobBenchmark.Throughput t = bench.throughput(JobBenchmark.Config.TUNED, 15_000);

        assertThat(t.events()).isGreaterThanOrEqualTo(15_000);
        assertThat(t.readSeconds()).isPositive().isLessThan(t.wallSeconds());
        assertThat(t.messagesPerSecond()).isPositive();
        assertThat(t.committedRows()).containsKeys(OrderflowTables.ALL.stream().map(TableDef::name).toArray(String[]::new));
        assertThat(t.committedRows().get("book_updates")).isPositive();
        assertThat(t.committedRows().get("bbo")).isPositive();
        assertThat(t.committedRows().get("orders")).isPositive();
        // no gap, no book out of sync: the replay chains under each venue's own rules
        assertThat(t.committedRows().get("data_quality")).isZero();
    }

    @Test
    void theCeilingAndEachStageReadTheWholeSameTape(@TempDir Path dir) throws Exception {
        JobBenchmark bench = new JobBenchmark(dir, Duration.ofSeconds(2), 2);

        JobBenchmark.Throughput t = null;
        for (JobBenchmark.Pipeline p : new JobBenchmark.Pipeline[] {JobBenchmark.Pipeline.PASS_THROUGH,
            JobBenchmark.Pipeline.BOOKS, JobBenchmark.Pipeline.NO_STORAGE}) {
            // throughput() itself fails unless the source read every event of the tape
            t = bench.throughput(JobBenchmark.Config.FLINK_DEFAULTS, p, 15_000);
            assertThat(t.pipeline()).isEqualTo(p);
            assertThat(t.events()).as(p.label()).isGreaterThanOrEqualTo(15_000);
            assertThat(t.cpuSeconds()).as(p.label()).isPositive();
            assertThat(t.committedRows()).as(p.label() + ": nothing is stored").isEmpty();
        }
        // the speed-up's baseline: one task per operator reads the same events from one partition
        JobBenchmark.Throughput single = bench.throughput(JobBenchmark.Config.FLINK_DEFAULTS,
                JobBenchmark.Pipeline.NO_STORAGE, 15_000, 1);
        assertThat(single.parallelism()).isEqualTo(1);
        assertThat(single.tape().files()).hasSize(1);
        assertThat(t.tape().files()).hasSize(2);
        assertThat(single.tape().eventsByVenue()).isEqualTo(t.tape().eventsByVenue());
        assertThat(JobBenchmark.Pipeline.of("no-storage")).isEqualTo(JobBenchmark.Pipeline.NO_STORAGE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobBenchmark.Pipeline.of("storage"))
                .hasMessageContaining("use pass-through, books, no-storage, busy-tables or full");

        // the busy tables written, every other table's rows dropped before a sink
        JobBenchmark.Throughput busy = bench.throughput(JobBenchmark.Config.FLINK_DEFAULTS,
                JobBenchmark.Pipeline.BUSY_TABLES, 15_000);
        assertThat(busy.events()).isGreaterThanOrEqualTo(15_000);
        busy.committedRows().forEach((table, rows) -> {
            if (OrderflowTables.PER_EVENT.contains(table)) {
                assertThat(rows).as(table).isPositive();
            } else {
                assertThat(rows).as(table).isZero();
            }
        });
        assertThat(busy.committedRows()).hasSize(OrderflowTables.ALL.size());
    }

    @Test
    void latencyRunRecordsEveryOrderAfterTheWarmUp(@TempDir Path dir) throws Exception {
        JobBenchmark bench = new JobBenchmark(dir, Duration.ofSeconds(2), 2);

        JobBenchmark.Latency l = bench.latency(JobBenchmark.Config.TUNED, 3_000, Duration.ofSeconds(12),
                Duration.ofSeconds(2));

        assertThat(l.events()).isGreaterThanOrEqualTo(36_000);
        assertThat(l.seconds()).isGreaterThanOrEqualTo(10); // paced: 36,000 events at 3,000/s cannot go faster
        assertThat(l.nanos().getTotalCount()).isPositive();
        assertThat(l.micros(50)).isPositive().isLessThan(l.seconds() * 1e6);

        // the floor under it: every record after the warm-up timed where it arrives behind the keyed hand-over
        JobBenchmark.Latency floor = bench.latency(JobBenchmark.Config.TUNED, JobBenchmark.Pipeline.PASS_THROUGH,
                3_000, Duration.ofSeconds(6), Duration.ofSeconds(1));
        assertThat(floor.byStrategy()).containsOnlyKeys("arrival");
        assertThat(floor.nanos().getTotalCount()).as("records timed on arrival").isPositive()
                .isLessThanOrEqualTo(floor.events());
        assertThat(floor.micros(50)).isPositive().isLessThan(floor.seconds() * 1e6);
    }

    @Test
    void memoryRunMeasuresTheHeapWhileTheJobHoldsItsState(@TempDir Path dir) throws Exception {
        JobBenchmark bench = new JobBenchmark(dir, Duration.ofSeconds(2), 2);

        JobBenchmark.Memory m = bench.memory(200, 5, 5_000, 20_000);
        long afterTheJobs = JobBenchmark.heapAfterCollections();

        // Measured while each job still held its cluster and state (its source waits at the end of the tape): the
        // heap then is well above the heap once the jobs are gone. (Per-instrument figures need the command's
        // 1,000 instruments: with 200, the open Parquet writers' buffers, which depend on where the measurement
        // falls between checkpoints, are as large as the books.)
        assertThat(m.baselineHeap()).isGreaterThan(afterTheJobs + (8 << 20));
        assertThat(m.shortHeap()).isGreaterThan(afterTheJobs + (8 << 20));
        assertThat(m.longHeap()).isGreaterThan(afterTheJobs + (8 << 20));
    }
}
