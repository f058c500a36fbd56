package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.Await;
import io.orderflow.job.TestClusters;
import io.orderflow.job.cli.OrderflowCli;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table written the way the streaming job writes it (a small file per checkpoint) is compacted into one file
 * and its old snapshots expired: the same rows read back; the replaced files stay while the compaction's snapshot
 * is kept and are deleted by the next run once it has expired.
 */
class TableMaintenanceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    /** {@code count} BBO rows from {@code first}, in one bounded job: one commit, one data file. */
    private static void write(IcebergOutput output, long first, int count) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(10_000, CheckpointingMode.EXACTLY_ONCE);
        output.write(OrderflowTables.BBO, env.fromSequence(first, first + count - 1)
                .map(TableMaintenanceITCase::bbo, BookTopSerializer.TYPE_INFO));
        env.execute("bbo commits");
    }

    /** Row {@code n} of the BBO table: update id {@code n}. */
    private static BookTop bbo(long n) {
        long bid = Decimals.parse("60000") + n * 1_000_000L;
        return new BookTop("binance-spot", "BTCUSDT", 1_700_000_000_000L + n, n, n,
                PriceLevels.wrap(new long[] {bid}, new long[] {Decimals.parse("1")}),
                PriceLevels.wrap(new long[] {bid + 1_000_000L}, new long[] {Decimals.parse("2")}), true);
    }

    private static List<Path> parquet(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).toList();
        }
    }

    /** Everything older than now is expired (but the newest) and every unreferenced file is an orphan. */
    private static final TableMaintenance.Policy NOW = new TableMaintenance.Policy(Duration.ZERO, 1,
            128L * 1024 * 1024, Duration.ZERO);

    @Test
    void compactsSmallFilesExpiresSnapshotsDeletesOrphansAndKeepsEveryRow(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.toString(), "orderflow");
        output.ensureTables();
        for (int batch = 0; batch < 10; batch++) { // ten commits, ten small files, as a live job leaves them
            write(output, batch * 150L, 150);
        }
        Path data = dir.resolve("orderflow/bbo/data");
        List<Path> original = parquet(data);
        // what a job that failed between writing and committing leaves: a file no snapshot references
        Path orphan = Files.write(data.resolve("00000-0-from-a-failed-commit.parquet"), new byte[] {1, 2, 3});

        SqlRunner sql = new SqlRunner(output);
        String query = "SELECT update_id, bid_price, ask_size FROM bbo ORDER BY update_id";
        List<String> before = sql.query(query).stream().map(Object::toString).toList();
        assertThat(before).hasSize(1_500);

        List<String> progress = new java.util.ArrayList<>();
        List<TableMaintenance.Result> first = TableMaintenance.run(output, List.of(OrderflowTables.BBO), NOW,
                progress::add);
        assertThat(progress).containsExactly("expire snapshots on 1 tables", "rewrite manifests of 1 tables",
                "rewrite data files on 1 tables", "delete orphan files on 1 tables");
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.filesBefore()).as("one file per commit").isEqualTo(10).isEqualTo(original.size());
            assertThat(r.filesAfter()).isEqualTo(1);
            assertThat(r.snapshotsBefore()).isEqualTo(10);
            assertThat(r.snapshotsAfter()).as("the newest write, the manifest rewrite, the data rewrite")
                    .isEqualTo(3);
            assertThat(r.manifestsBefore()).as("one per commit").isEqualTo(10);
            assertThat(r.manifestsAfter()).as("the rewritten one, now listing the replaced files as deleted, and "
                    + "the compacted file's").isEqualTo(2);
            assertThat(r.rows()).isEqualTo(1_500);
        });
        assertThat(orphan).as("unreferenced, older than the minimum age").doesNotExist();
        assertThat(sql.query(query).stream().map(Object::toString).toList()).isEqualTo(before);
        assertThat(original).as("kept while the compaction's snapshot is").allMatch(Files::exists);

        write(output, 1_500, 10); // the job goes on: one more commit
        List<TableMaintenance.Result> second = TableMaintenance.run(output, List.of(OrderflowTables.BBO), NOW,
                progress::add);
        assertThat(second).singleElement().satisfies(r -> {
            assertThat(r.filesBefore()).isEqualTo(2);
            assertThat(r.filesAfter()).isEqualTo(1);
            assertThat(r.rows()).isEqualTo(1_510);
            assertThat(r.storageFilesAfter()).isLessThan(r.storageFilesBefore());
        });
        assertThat(original).as("deleted once the first compaction's snapshot expired").noneMatch(Files::exists);
        assertThat(sql.query(query).stream().map(Object::toString).toList().subList(0, 1_500)).isEqualTo(before);

        StringWriter err = new StringWriter();
        var cli = OrderflowCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("maintain", "--warehouse", dir.toString(), "--table", "bbo,nope")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown table").contains("book_updates");
    }

    /**
     * The same tasks scheduled inside a running job: while it commits a small file every half second, Iceberg's
     * monitor triggers snapshot expiry and compaction, and every row written is read back exactly once.
     */
    @Test
    void scheduledInARunningJobCompactsAndExpiresWhileItWrites(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.toString(), "orderflow");
        output.ensureTables();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        output.write(OrderflowTables.BBO, env.fromSource(new DataGeneratorSource<>(n -> n, Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(200), Types.LONG), WatermarkStrategy.noWatermarks(), "rows")
                .map(TableMaintenanceITCase::bbo, BookTopSerializer.TYPE_INFO));
        // every table, as `run --maintain-every` schedules it: the 18 others stay empty meanwhile
        TableMaintenance.schedule(env, output, OrderflowTables.ALL,
                new TableMaintenance.Policy(Duration.ZERO, 1, 128L * 1024 * 1024, Duration.ofHours(1)),
                Duration.ofSeconds(2));
        JobClient job = env.executeAsync("writes while maintenance runs");
        Table table = output.catalogLoader().loadCatalog().loadTable(output.identifier(OrderflowTables.BBO));
        try {
            Await.until("a data rewrite committed by the running job's maintenance", Duration.ofSeconds(120), () -> {
                table.refresh();
                for (Snapshot s : table.snapshots()) {
                    if ("replace".equals(s.operation())
                            && Integer.parseInt(s.summary().getOrDefault("deleted-data-files", "0")) > 1) {
                        return true;
                    }
                }
                return false;
            });
            // each checkpoint commits one snapshot: fewer snapshots than checkpoints means some expired
            Await.until("old snapshots expired by the running job's maintenance", Duration.ofSeconds(120), () -> {
                table.refresh();
                Snapshot current = table.currentSnapshot();
                return current != null && Long.parseLong(current.summary()
                        .getOrDefault("flink.max-committed-checkpoint-id", "0")) > count(table.snapshots()) + 2;
            });
        } finally {
            job.cancel().get();
        }
        var rows = new SqlRunner(output).query("SELECT count(*), count(DISTINCT update_id), max(update_id) FROM bbo");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat((Long) r.getField(0)).as("no row lost or doubled").isEqualTo((Long) r.getField(1))
                    .isEqualTo((Long) r.getField(2) + 1);
        });
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
