package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.exchange.trading.MockBinanceFutures;
import io.orderflow.job.TestClusters;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.iceberg.OrderflowTables;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import io.orderflow.model.execution.OrderUpdate;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's venue trading operator trades with a known API key and secret (an answer lost and reconciled, a
 * rejection that echoes the venue's error, the private stream's listen key) and neither string appears in the
 * logs (everything at DEBUG), in the tables, or in any checkpoint file.
 */
class SecretsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    private static final String KEY = "KEY-b3f9c2e1d4a5";
    private static final String SECRET = "SECRET-7e2d9a0c4b1f8e6d5c3a2b1f0e9d8c7b";

    @Test
    void neitherKeyNorSecretReachesLogsTablesOrCheckpoints(@TempDir Path dir) throws Exception {
        StringWriter logs = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m %ex%n").build()).build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Level rootLevel = context.getConfiguration().getRootLogger().getLevel();
        Configurator.setRootLevel(Level.INFO); // Flink's own INFO logging too: configuration, job graph, checkpoints
        Configurator.setLevel("io.orderflow", Level.DEBUG);
        context.updateLoggers();
        Path keyFile = Files.writeString(dir.resolve("key"), KEY);
        Path secretFile = Files.writeString(dir.resolve("secret"), SECRET);
        Path checkpoints = dir.resolve("checkpoints");
        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        output.ensureTables();
        try (MockBinanceFutures venue = new MockBinanceFutures(KEY, SECRET, 100)) {
            VenueConnection connection = new VenueConnection("binance-usdm", venue.restBase(), venue.webSocketBase(), "SECRETSTEST",
                    Map.of("SECRETSTEST_API_KEY_FILE", keyFile.toString(),
                            "SECRETSTEST_API_SECRET_FILE", secretFile.toString()), Duration.ofSeconds(1))
                    .withInstruments(java.util.List.of("BTCUSDT"), null);
            venue.holdAnswerOf("ofsecret0", Duration.ofMillis(1_500)); // lost (1 s timeout): logged, reconciled
            Configuration conf = new Configuration();
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);
            // order 8 is a reduce-only buy with nothing to reduce: the venue refuses it, its message is recorded
            DataStream<OrderUpdate> outcomes = ScriptedTrading.trade(ScriptedTrading.books(env, 40, 75),
                    new ScriptedTrading.Decisions("ofsecret", 9, 8), connection);
            output.write(OrderflowTables.ORDERS, outcomes);
            JobClient job = env.executeAsync("secrets test");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean scanned = false;
            while (!job.getJobExecutionResult().isDone() && System.nanoTime() < deadline) {
                // read the checkpoint files while the job still has them
                try (Stream<Path> files = Files.exists(checkpoints) ? Files.walk(checkpoints) : Stream.empty()) {
                    List<Path> metadata = files.filter(p -> p.getFileName().toString().equals("_metadata")).toList();
                    if (!metadata.isEmpty()) {
                        assertNoSecretIn(checkpoints);
                        scanned = true;
                    }
                } catch (java.io.UncheckedIOException e) {
                    if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                        throw e;
                    } // a checkpoint directory was subsumed while we walked it: look again
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
            assertThat(scanned).as("checkpoint files were read").isTrue();
            assertThat(venue.orders()).hasSize(8);
        } finally {
            context.getConfiguration().getRootLogger().removeAppender("secrets-capture");
            Configurator.setRootLevel(rootLevel);
            Configurator.setLevel("io.orderflow", Level.INFO);
            context.updateLoggers();
            appender.stop();
        }
        List<Row> rows = new SqlRunner(output).query("SELECT * FROM orders");
        assertThat(rows).filteredOn(r -> "ACKED".equals(r.getField("status"))).hasSize(8);
        assertThat(rows).filteredOn(r -> "REJECTED".equals(r.getField("status"))).singleElement()
                .satisfies(r -> assertThat((String) r.getField("reason")).contains("-2022"));
        for (Row r : rows) {
            assertThat(r.toString()).doesNotContain(KEY).doesNotContain(SECRET);
        }
        assertThat(logs.toString()).as("captured logs").contains("answer lost", "ofsecret0")
                .doesNotContain(KEY).doesNotContain(SECRET);
    }

    private static void assertNoSecretIn(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content;
                try {
                    content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // subsumed while we looked
                }
                assertThat(content).as(f.toString()).doesNotContain(KEY).doesNotContain(SECRET);
            }
        }
    }

}
