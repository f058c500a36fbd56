package io.orderflow.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.JobSettings;
import io.orderflow.job.local.Demo;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.iceberg.TableRows;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.TableDef;
import io.orderflow.kafka.KafkaMarketData;
import io.orderflow.kafka.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar replays a Kafka topic (`run --kafka --bounded`) on a real standalone cluster, a JobManager and two
 * TaskManagers as separate JVMs with one slot each, twice: once cleanly, once while a TaskManager JVM is killed
 * with SIGKILL three times (each restarted), a quarter, half and three quarters of the way in, each kill striking
 * a running replay. The market-data tables must equal the clean run's, row for row: nothing lost, nothing written
 * twice. Run by failsafe, after the jar is packaged.
 */
class TaskManagerKillITCase {
    private static final String CLI = "io.orderflow.job.cli.OrderflowCli";
    private static final String TOPIC = "orderflow.market";
    private static final int KILLS = 3;

    @Test
    void aKafkaReplayOnAStandaloneClusterSurvivesThreeTaskManagerKillsRowForRow(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "orderflow-job.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (mvn package)").exists();
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            kafka.createTopic(TOPIC, 4);
            // the simulated venues (their own protocols, over loopback) into the topic, exactly once
            List<Demo.DemoVenue> venues = List.of(Demo.DemoVenue.of("binance-usdm"), Demo.DemoVenue.of("okx"));
            new Demo(new IcebergOutput(dir.resolve("unused").toString(), "orderflow"), 8, 10,
                    JobSettings.defaults().withCheckpointInterval(Duration.ofMillis(500)), System.out, venues)
                    .ingestTo(KafkaMarketData.sink().bootstrapServers(kafka.bootstrapServers()).topic(TOPIC)
                            .delivery(DeliveryGuarantee.EXACTLY_ONCE).transactionalIdPrefix("it-tm-kill")
                            .checkpointInterval(Duration.ofMillis(500)).build())
                    .run(() -> {
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                        env.setParallelism(1);
                        return env;
                    });
            kafka.awaitSettled(TOPIC, Duration.ofSeconds(30));
            System.out.println("topic holds " + kafka.readCommitted(TOPIC).size() + " events");

            // one slot each: the job (parallelism 2) runs on both TaskManagers, so every kill strikes it
            try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1,
                    "restart-strategy.type: fixed-delay",
                    "restart-strategy.fixed-delay.attempts: 20",
                    "restart-strategy.fixed-delay.delay: 1 s",
                    "heartbeat.timeout: 5000",
                    "heartbeat.interval: 1000",
                    // this harness starts the cluster JVMs on the test's class path, which holds Kafka's client
                    // too (a Flink distribution's lib/ does not): one copy of it, or the user jar's and the
                    // connector's TopicPartition are different classes
                    "classloader.parent-first-patterns.additional: org.apache.kafka.")) {
                String jarId = cluster.upload(jar);
                // a command that fails inside the JobManager is reported to the caller, and the JobManager lives on
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.run(jarId, CLI, List.of("run",
                        "--kafka", kafka.bootstrapServers(), "--topic", TOPIC, "--decisions", "sideways"), null))
                        .hasMessageContaining("HTTP 400").hasMessageContaining("Could not execute application");
                assertThat(cluster.get("/taskmanagers").path("taskmanagers").size()).isEqualTo(2);
                IcebergOutput clean = new IcebergOutput(dir.resolve("clean").toString(), "orderflow");
                String cleanJob = cluster.run(jarId, CLI, args(kafka, dir, "clean"), null);
                cluster.await("the clean replay to finish", Duration.ofMinutes(4),
                        () -> finished(cluster, cleanJob));
                long cleanUpdates = TableRows.sorted(clean, OrderflowTables.BOOK_UPDATES).size();
                assertThat(cleanUpdates).as("book updates of the clean replay").isGreaterThan(1_000);

                IcebergOutput failed = new IcebergOutput(dir.resolve("failed").toString(), "orderflow");
                String failedJob = cluster.run(jarId, CLI, args(kafka, dir, "failed"), null);
                long committedAtLastKill = -1;
                for (int kill = 1; kill <= KILLS; kill++) {
                    long due = cleanUpdates * kill / (KILLS + 1);
                    long after = committedAtLastKill;
                    // every task running again, and a commit since the last kill: this kill strikes a running
                    // replay, not one still restarting
                    cluster.await("book updates committed past " + due + " by a running replay", Duration.ofMinutes(3),
                            () -> allTasksRunning(cluster, failedJob)
                                    && committedRows(failed, OrderflowTables.BOOK_UPDATES) >= Math.max(due, after + 1));
                    assertThat(cluster.jobState(failedJob)).as("still replaying at kill " + kill)
                            .isNotEqualTo("FINISHED");
                    int victim = hostOfTheFirstTask(cluster, failedJob);
                    committedAtLastKill = committedRows(failed, OrderflowTables.BOOK_UPDATES);
                    cluster.killTaskManager(victim);
                    System.out.println("kill " + kill + ": TaskManager " + victim + " (SIGKILL) with "
                            + committedAtLastKill + " book updates committed");
                    cluster.startTaskManager(victim);
                    int restartsSoFar = kill;
                    cluster.await("the replay to restart after kill " + kill, Duration.ofMinutes(1),
                            () -> restarts(cluster, failedJob) >= restartsSoFar);
                }
                cluster.await("the failed replay to finish", Duration.ofMinutes(5), () -> finished(cluster, failedJob));
                System.out.println("the failed replay restarted " + restarts(cluster, failedJob) + " times");
                assertThat(restarts(cluster, failedJob)).as("restarts of the failed replay").isGreaterThanOrEqualTo(KILLS);

                // The tables the input alone defines, keyed per instrument. The signal and trading tables of this
                // topic are not compared: two clean runs of it already differ there (its partitions mix venues
                // whose feeds ran 10x fast, so records arrive more than the 500 ms bound out of order, and which
                // of them a window sees as late depends on how the partitions' watermarks interleave).
                Map<String, Integer> sizes = new TreeMap<>();
                org.assertj.core.api.SoftAssertions tables = new org.assertj.core.api.SoftAssertions();
                for (TableDef table : List.of(OrderflowTables.BOOK_UPDATES, OrderflowTables.TRADES,
                        OrderflowTables.BBO, OrderflowTables.BOOK_TOP10_1S, OrderflowTables.BOOK_FEATURES)) {
                    List<String> expected = TableRows.sorted(clean, table);
                    tables.assertThat(TableRows.sorted(failed, table))
                            .as(table.name() + ": the killed replay against the clean one")
                            .containsExactlyElementsOf(expected);
                    sizes.put(table.name(), expected.size());
                }
                tables.assertAll();
                System.out.println("rows per table, identical in both runs: " + sizes);
                assertThat(sizes.values()).allMatch(n -> n > 0);
            }
        }
    }

    /** The CLI's arguments for a bounded replay of the topic into the warehouse {@code dir/name}. */
    private static List<String> args(LocalKafkaBroker kafka, Path dir, String name) {
        return List.of("run", "--kafka", kafka.bootstrapServers(), "--topic", TOPIC, "--bounded",
                "--group-id", name, "--warehouse", dir.resolve(name).toString(), "--checkpoint-interval", "PT0.5S",
                "--kill-switch", dir.resolve("no-kill-switch").toString());
    }

    private static boolean finished(StandaloneCluster cluster, String job) throws Exception {
        String state = cluster.jobState(job);
        if (state.equals("FAILED") || state.equals("CANCELED")) {
            throw new AssertionError("job " + job + " ended " + state + ": "
                    + cluster.get("/jobs/" + job + "/exceptions").path("root-exception").asText());
        }
        return state.equals("FINISHED");
    }

    /** The TaskManager running the job's first subtask: killing it strikes the replay. */
    private static int hostOfTheFirstTask(StandaloneCluster cluster, String job) throws Exception {
        String vertex = cluster.get("/jobs/" + job).path("vertices").get(0).path("id").asText();
        return StandaloneCluster.taskManagerIndex(cluster.get("/jobs/" + job + "/vertices/" + vertex)
                .path("subtasks").get(0).path("taskmanager-id").asText());
    }

    private static int restarts(StandaloneCluster cluster, String job) throws Exception {
        return cluster.get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries").size();
    }

    private static boolean allTasksRunning(StandaloneCluster cluster, String job) throws Exception {
        var vertices = cluster.get("/jobs/" + job).path("vertices");
        for (var v : vertices) {
            if (!v.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return vertices.size() > 0;
    }

    /** Rows committed so far (0 before the table exists). */
    private static long committedRows(IcebergOutput output, TableDef def) {
        Catalog catalog = output.catalogLoader().loadCatalog();
        if (!catalog.tableExists(output.identifier(def))) {
            return 0;
        }
        Table table = catalog.loadTable(output.identifier(def));
        return table.currentSnapshot() == null ? 0
                : Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-records", "0"));
    }

    /** Every row of a table, as text, sorted: equal lists mean nothing lost, nothing duplicated, nothing changed. */
}
