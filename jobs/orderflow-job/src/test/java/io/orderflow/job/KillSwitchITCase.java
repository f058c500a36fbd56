package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.local.Demo;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill switch flipped on a running job: orders are acknowledged before, and from the first event after the
 * file appears every new order on every instrument is rejected for it. No restart.
 */
class KillSwitchITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    @Test
    void touchingTheFileStopsNewOrdersWithoutARestart(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        output.ensureTables();
        Path kill = dir.resolve("orderflow.kill");
        ScheduledExecutorService flip = Executors.newSingleThreadScheduledExecutor();
        try {
            // flip the switch once orders have been committed (a condition, not a fixed delay)
            flip.scheduleWithFixedDelay(() -> {
                Long committed = output.committedRows().get("orders");
                if (committed != null && committed > 0 && !Files.exists(kill)) {
                    try {
                        Files.createFile(kill);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            new Demo(output, 12, 10, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1))
                    .withKillSwitchFile(kill.toString()), System.out, List.of(Demo.ALL_VENUES.get(0),
                    Demo.ALL_VENUES.get(2))).run(() -> {
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                        env.setParallelism(2);
                        return env;
                    });
        } finally {
            flip.shutdownNow();
        }
        assertThat(kill).exists();
        List<Row> orders = new SqlRunner(output).query(
                "SELECT venue, symbol, event_time, client_order_id, status, reason FROM orders");
        Map<String, Instant> firstKill = new HashMap<>();
        for (Row o : orders) {
            if ("risk: kill switch engaged".equals(o.getField("reason"))) {
                firstKill.merge(o.getField("venue") + ":" + o.getField("symbol"), (Instant) o.getField("event_time"),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        assertThat(firstKill).as("instruments that met the switch").hasSizeGreaterThanOrEqualTo(2);
        long ackedBefore = 0;
        for (Row o : orders) {
            Instant killedAt = firstKill.get(o.getField("venue") + ":" + o.getField("symbol"));
            Instant at = (Instant) o.getField("event_time");
            if ("ACKED".equals(o.getField("status"))) {
                assertThat(killedAt == null || at.isBefore(killedAt))
                        .as("order acknowledged after the kill switch: " + o).isTrue();
                ackedBefore++;
            }
        }
        assertThat(ackedBefore).as("orders went out before the switch").isPositive();
        SqlRunner tables = new SqlRunner(output);
        List<Row> rejections = tables.query("SELECT rule, reason, client_order_id FROM risk_rejections");
        assertThat(rejections).isNotEmpty().allSatisfy(r -> assertThat(r.getField("rule")).isEqualTo("kill_switch"));
        List<Row> intents = tables.query("SELECT client_order_id, accepted, rejection_rule FROM order_intents");
        assertThat(intents).filteredOn(r -> !(Boolean) r.getField("accepted")).hasSameSizeAs(rejections)
                .allSatisfy(r -> assertThat(r.getField("rejection_rule")).isEqualTo("kill_switch"));
        assertThat(intents).filteredOn(r -> (Boolean) r.getField("accepted")).hasSize((int) ackedBefore);
    }
}
