package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.flink.core.execution.CheckpointingMode;
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
        output.write(OrderflowTables.BBO, env.fromSequence(first, first + count - 1).map(n -> {
            long bid = Decimals.parse("60000") + n * 1_000_000L;
            return new BookTop("binance-spot", "BTCUSDT", 1_700_000_000_000L + n, n, n,
                    PriceLevels.wrap(new long[] {bid}, new long[] {Decimals.parse("1")}),
                    PriceLevels.wrap(new long[] {bid + 1_000_000L}, new long[] {Decimals.parse("2")}), true);
        }, BookTopSerializer.TYPE_INFO));
        env.execute("bbo commits");
    }

    private static List<Path> parquet(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).toList();
        }
    }

    @Test
    void compactsSmallFilesExpiresSnapshotsAndKeepsEveryRow(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.toString(), "orderflow");
        output.ensureTables();
        for (int batch = 0; batch < 10; batch++) { // ten commits, ten small files, as a live job leaves them
            write(output, batch * 150L, 150);
        }
        Path data = dir.resolve("orderflow/bbo/data");
        List<Path> original = parquet(data);

        SqlRunner sql = new SqlRunner(output);
        String query = "SELECT update_id, bid_price, ask_size FROM bbo ORDER BY update_id";
        List<String> before = sql.query(query).stream().map(Object::toString).toList();
        assertThat(before).hasSize(1_500);

        List<TableMaintenance.Result> first = TableMaintenance.run(output, List.of(OrderflowTables.BBO),
                128L * 1024 * 1024, Duration.ZERO, 1);
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.filesBefore()).as("one file per commit").isEqualTo(10).isEqualTo(original.size());
            assertThat(r.filesAfter()).isEqualTo(1);
            assertThat(r.snapshotsBefore()).isEqualTo(10);
            assertThat(r.snapshotsAfter()).as("the newest write, then the compaction").isEqualTo(2);
            assertThat(r.rows()).isEqualTo(1_500);
        });
        assertThat(sql.query(query).stream().map(Object::toString).toList()).isEqualTo(before);
        assertThat(original).as("kept while the compaction's snapshot is").allMatch(Files::exists);

        write(output, 1_500, 10); // the job goes on: one more commit
        List<TableMaintenance.Result> second = TableMaintenance.run(output, List.of(OrderflowTables.BBO),
                128L * 1024 * 1024, Duration.ZERO, 1);
        assertThat(second).singleElement().satisfies(r -> {
            assertThat(r.filesBefore()).isEqualTo(2);
            assertThat(r.filesAfter()).isEqualTo(1);
            assertThat(r.rows()).isEqualTo(1_510);
        });
        assertThat(original).as("deleted once the first compaction's snapshot expired").noneMatch(Files::exists);
        assertThat(sql.query(query).stream().map(Object::toString).toList().subList(0, 1_500)).isEqualTo(before);

        StringWriter err = new StringWriter();
        var cli = OrderflowCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("maintain", "--warehouse", dir.toString(), "--table", "bbo,nope")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown table").contains("book_updates");
    }
}
