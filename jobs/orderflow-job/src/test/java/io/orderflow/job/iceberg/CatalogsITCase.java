package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.job.book.AppliedBookUpdateSerializer;
import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.job.BinanceUsdmCapture;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.TestClusters;
import io.orderflow.job.offline.SqlRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.orderflow.model.BookDelta;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job writes through an Iceberg REST catalog (Iceberg's own server, a separate process) and through a JDBC
 * catalog (SQLite), and SQL reads the tables back through the same catalogs. On every catalog, parallel writers
 * failed and restored twice still commit each input record exactly once.
 */
class CatalogsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    @Test
    void theJobWritesThroughARestCatalogServer(@TempDir Path dir) throws Exception {
        Path warehouse = Files.createDirectories(dir.resolve("rest-warehouse"));
        try (RestCatalogServer server = RestCatalogServer.start(warehouse)) {
            IcebergOutput output = new IcebergOutput(new CatalogSettings(CatalogSettings.Type.REST, null,
                    server.uri(), Map.of()), "orderflow");
            runCapture(output, dir);
            assertTablesAndRows(output);
            // the server put the files in its warehouse: the catalog, not the job, decides where tables live
            assertThat(warehouse.resolve("orderflow").resolve("book_updates").resolve("metadata")).isDirectory();
        }
    }

    @Test
    void theJobWritesThroughAJdbcCatalog(@TempDir Path dir) throws Exception {
        String uri = "jdbc:sqlite:" + dir.resolve("catalog.db");
        IcebergOutput output = new IcebergOutput(new CatalogSettings(CatalogSettings.Type.JDBC,
                dir.resolve("jdbc-warehouse").toString(), uri, Map.of("jdbc.schema-version", "V1")), "orderflow");
        runCapture(output, dir);
        assertTablesAndRows(output);
        // the database lists every table, with its current metadata file
        List<String> listed = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(uri);
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT table_name, metadata_location FROM iceberg_tables WHERE table_namespace = 'orderflow'")) {
            while (rs.next()) {
                listed.add(rs.getString(1));
                assertThat(rs.getString(2)).contains("jdbc-warehouse").endsWith(".metadata.json");
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(OrderflowTables.ALL.stream().map(TableDef::name).toList());
    }

    /**
     * Two writers of one table (as {@link IcebergOutput} runs a per-event table's: at its producer's parallelism,
     * here 2), the job failed twice, each time after a checkpoint had committed, and restored: every input number is
     * in the table exactly once (the input itself is the reference), and both writer subtasks wrote files (Iceberg
     * names each data file after the writer subtask that made it: {@code 00000-…}, {@code 00001-…}). The input is
     * released a batch per checkpoint (Flink's own rate limiter), so commits happen while it runs, on no timing.
     */
    @ParameterizedTest
    @EnumSource(CatalogSettings.Type.class)
    void parallelWritersFailedTwiceCommitEveryRecordOnce(CatalogSettings.Type type, @TempDir Path dir)
            throws Exception {
        Path warehouse = Files.createDirectories(dir.resolve("warehouse"));
        RestCatalogServer server = type == CatalogSettings.Type.REST ? RestCatalogServer.start(warehouse) : null;
        try {
            IcebergOutput output = new IcebergOutput(switch (type) {
                case HADOOP -> CatalogSettings.hadoop(warehouse.toString());
                case REST -> new CatalogSettings(type, null, server.uri(), Map.of());
                case JDBC -> new CatalogSettings(type, warehouse.toString(), "jdbc:sqlite:" + dir.resolve("catalog.db"),
                        Map.of("jdbc.schema-version", "V1"));
            }, "orderflow");
            output.ensureTables();
            FailTwiceAfterCommits.reset();
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, FailTwiceAfterCommits.FAILURES);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
            output.write(OrderflowTables.BOOK_UPDATES, env
                    .fromSource(new DataGeneratorSource<>(n -> n + 1, FailTwiceAfterCommits.RECORDS,
                            RateLimiterStrategy.perCheckpoint(FailTwiceAfterCommits.PER_CHECKPOINT), Types.LONG),
                            WatermarkStrategy.noWatermarks(), "numbers, a batch per checkpoint")
                    .map(new FailTwiceAfterCommits(), AppliedBookUpdateSerializer.TYPE_INFO));
            env.execute("parallel writers on " + type);

            assertThat(FailTwiceAfterCommits.failures.get()).as("induced failures").isEqualTo(FailTwiceAfterCommits.FAILURES);
            assertThat(TableRows.read(output, OrderflowTables.BOOK_UPDATES))
                    .extracting(r -> String.valueOf(r.getField("last_update_id")))
                    .as("every record exactly once on the %s catalog", type)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, FailTwiceAfterCommits.RECORDS)
                            .mapToObj(String::valueOf).toList());
            Catalog catalog = output.catalogLoader().loadCatalog();
            List<String> files = new ArrayList<>();
            try (CloseableIterable<FileScanTask> tasks = catalog.loadTable(output.identifier(OrderflowTables.BOOK_UPDATES))
                    .newScan().planFiles()) {
                tasks.forEach(t -> files.add(Path.of(t.file().location()).getFileName().toString()));
            }
            assertThat(files).as("data files by writer subtask").anyMatch(f -> f.startsWith("00000-"))
                    .anyMatch(f -> f.startsWith("00001-"));
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Turns numbers into book updates (the number is the update id); fails the job {@link #FAILURES} times, each
     * once a checkpoint has completed since the last failure (the restored attempt has committed something new
     * before it fails again).
     */
    static final class FailTwiceAfterCommits extends RichMapFunction<Long, AppliedBookUpdate> implements CheckpointListener {
        static final int FAILURES = 2;
        static final long RECORDS = 3_000;
        /** Records released per checkpoint, over both readers: the input spans about 8 checkpoints. */
        static final int PER_CHECKPOINT = 400;
        static final AtomicInteger failures = new AtomicInteger();
        static final AtomicBoolean checkpointedSinceFailure = new AtomicBoolean();

        static void reset() {
            failures.set(0);
            checkpointedSinceFailure.set(false);
        }

        @Override
        public AppliedBookUpdate map(Long n) throws Exception {
            if (failures.get() < FAILURES && checkpointedSinceFailure.compareAndSet(true, false)) {
                throw new IllegalStateException("induced failure " + failures.incrementAndGet() + " at " + n);
            }
            PriceLevels bid = PriceLevels.wrap(new long[] {100 * Decimals.UNIT}, new long[] {n});
            return new AppliedBookUpdate(
                    new BookDelta("test", "N", 1_700_000_000_000L + n, 0, n, n, n - 1, bid, PriceLevels.EMPTY), n);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointedSinceFailure.set(true);
        }
    }

    /** A real Binance USD-M capture (fixtures/NOTICE) through the whole job, bounded. */
    private static void runCapture(IcebergOutput output, Path dir) throws Exception {
        try (LocalExchange exchange = BinanceUsdmCapture.serve(dir, 10)) {
            WebSocketSource source = BinanceUsdmCapture.source(exchange);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new OrderflowJob(source, output, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1))
                    .withKillSwitchFile(dir.resolve("no-kill-switch").toString())).build(env);
            env.execute("catalog " + output.catalog().type());
        }
    }

    private static void assertTablesAndRows(IcebergOutput output) throws Exception {
        Catalog catalog = output.catalogLoader().loadCatalog();
        List<String> tables = catalog.listTables(Namespace.of("orderflow")).stream().map(TableIdentifier::name).toList();
        assertThat(tables).containsExactlyInAnyOrderElementsOf(OrderflowTables.ALL.stream().map(TableDef::name).toList());
        long committed = output.committedRows().get("book_updates");
        assertThat(committed).isGreaterThan(500);
        SqlRunner sql = new SqlRunner(output);
        assertThat(((Number) sql.query("SELECT COUNT(*) AS n FROM book_updates").get(0).getField("n")).longValue())
                .isEqualTo(committed);
        assertThat(sql.query("SELECT DISTINCT symbol FROM bbo")).extracting(r -> (String) r.getField("symbol"))
                .containsExactlyInAnyOrderElementsOf(BinanceUsdmCapture.SYMBOLS);
    }
}
