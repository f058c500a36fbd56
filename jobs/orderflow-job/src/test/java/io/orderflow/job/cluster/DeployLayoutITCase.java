package io.orderflow.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.job.DeploySettings;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.TableRows;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/Dockerfile without Docker: the image's file system is laid out as its build leaves it (Flink's lib and the
 * base image's config.yaml; the jar in usrlib; deploy/flink/merge-config.sh run on orderflow's settings), a
 * JobManager and a TaskManager start from that layout with nothing but its configuration and the JVM options it
 * names, and the job goes in the way docker-compose.yml submits it (deploy/flink/submit-once.sh, Flink's CLI
 * frontend), twice, and runs once, to rows committed in Iceberg at the configuration's checkpoint interval.
 *
 * <p>References nobody here wrote: Flink's own configuration tool (BashJavaUtils, which the image's scripts run)
 * merges the files, Flink's loader reads the result, Flink's CLI frontend submits and lists jobs.
 */
class DeployLayoutITCase {
    private static final Path REPO = Path.of("..", "..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "orderflow-job.jar").toAbsolutePath();
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");
    /**
     * What the image's lib holds (inside flink-dist, or beside it) that the build's target/lib, the jars of Flink's
     * API the job compiles against, does not: RocksDB, which the configuration chooses, and flink-dist's libraries.
     */
    private static final List<String> IMAGE_LIB_BEYOND_TARGET_LIB = List.of("flink-statebackend-rocksdb",
            "frocksdbjni", "flink-statebackend-common", "commons-lang3");

    @Test
    void theImageLayoutRunsAClusterAndTheJobOnceToCommittedRows(@TempDir Path dir) throws Exception {
        String dockerfile = Files.readString(REPO.resolve("deploy/Dockerfile"));
        assertThat(dockerfile).as("what this test lays out is what the Dockerfile does")
                .contains("COPY --chown=flink:flink jobs/orderflow-job/target/orderflow-job.jar "
                        + "/opt/flink/usrlib/orderflow-job.jar")
                .contains("RUN bash /opt/orderflow/merge-config.sh /opt/orderflow/config.yaml")
                .doesNotContain("/opt/flink/conf/config.yaml\n");
        Path flinkHome = layOutImage(dir.resolve("opt/flink"));

        // the merge kept Flink's entries and took orderflow's, as Flink's own loader reads the result
        Path baseConf = Files.createDirectories(dir.resolve("base"));
        writeBaseImageConfig(baseConf);
        Configuration base = GlobalConfiguration.loadConfiguration(baseConf.toString());
        Configuration merged = GlobalConfiguration.loadConfiguration(flinkHome.resolve("conf").toString());
        assertThat(merged.get(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS)).as("Flink's Java 17 module flags")
                .isNotBlank().isEqualTo(base.get(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS));
        assertThat(merged.get(RestOptions.ADDRESS)).as("the image's REST address").isEqualTo("0.0.0.0");
        Map<String, String> ours = DeploySettings.read(REPO.resolve("deploy/flink/config.yaml"));
        assertThat(ours).hasSizeGreaterThan(15);
        Map<String, String> mergedMap = merged.toMap();
        ours.forEach((key, value) -> assertThat(mergedMap.get(key)).as(key).isEqualTo(value));

        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth(SYMBOLS.get(0), SYMBOLS.get(1), 0.8,
                5), System.currentTimeMillis(), 100, 100_000, 0.0002, 3);
        Path data = Files.createDirectories(dir.resolve("data")); // the image's /data
        List<String> jvmOptions = Arrays.asList(merged.get(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS).trim().split("\\s+"));
        try (LocalExchange okx = LocalExchange.simulated("okx", market, 4, 20);
                StandaloneCluster cluster = StandaloneCluster.fromInstallation(flinkHome, dir.resolve("cluster"), 1,
                        2, jvmOptions, "execution.checkpointing.dir=" + data.resolve("checkpoints").toUri(),
                        "execution.checkpointing.savepoint-dir=" + data.resolve("savepoints").toUri(),
                        "taskmanager.memory.process.size=1280m")) {
            Path flink = flinkCli(flinkHome, jvmOptions);
            String jobManager = "localhost:" + cluster.restPort();
            List<String> submit = new ArrayList<>(List.of("bash", REPO.resolve("deploy/flink/submit-once.sh")
                    .toString(), "orderflow okx", jobManager,
                    // the client's configuration is the image's: only where /data is differs here
                    "-Dexecution.checkpointing.dir=" + data.resolve("checkpoints").toUri(),
                    flinkHome.resolve("usrlib/orderflow-job.jar").toString(), "run", "--venue", "okx", "--symbols",
                    String.join(",", SYMBOLS), "--ws-base", okx.webSocketBase(), "--rest-base", okx.restBase(),
                    "--warehouse", data.resolve("warehouse").toString(), "--kill-switch",
                    dir.resolve("no-kill-switch").toString()));
            String first = run(dir, flink, submit);
            assertThat(first).contains("Job has been submitted with JobID");
            String second = run(dir, flink, submit);
            assertThat(second).as("a second `docker compose up`").contains("already running")
                    .doesNotContain("Job has been submitted");

            IcebergOutput output = new IcebergOutput(data.resolve("warehouse").toString(), "orderflow");
            cluster.await("book updates of both instruments committed", Duration.ofMinutes(3),
                    () -> TableRows.read(output, OrderflowTables.BOOK_UPDATES).stream()
                            .map(r -> (String) r.getField("symbol")).distinct().count() == SYMBOLS.size());
            JsonNode jobs = cluster.get("/jobs/overview").path("jobs");
            assertThat(jobs).as("jobs on the cluster").hasSize(1);
            String id = jobs.get(0).path("jid").asText();
            assertThat(jobs.get(0).path("state").asText()).isEqualTo("RUNNING");
            assertThat(cluster.get("/jobs/" + id + "/checkpoints/config").path("interval").asLong())
                    .as("the image's execution.checkpointing.interval").isEqualTo(
                            merged.get(CheckpointingOptions.CHECKPOINTING_INTERVAL).toMillis());
            assertThat(cluster.get("/jobs/" + id + "/checkpoints/config").path("state_backend").asText())
                    .as("the image's state backend").containsIgnoringCase("rocksdb");
        }
    }

    /**
     * The image after its build: the base image's Flink (its lib: Flink's jars, RocksDB among them) and config.yaml,
     * then the Dockerfile's steps: the jar into usrlib, deploy/flink's files into /opt/orderflow, the merge.
     */
    private static Path layOutImage(Path flinkHome) throws Exception {
        Path lib = Files.createDirectories(flinkHome.resolve("lib"));
        try (Stream<Path> jars = Files.list(JAR.resolveSibling("lib"))) {
            for (Path jar : jars.toList()) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
            }
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (IMAGE_LIB_BEYOND_TARGET_LIB.stream().anyMatch(name::startsWith)
                    && !Files.exists(lib.resolve(name))) {
                Files.createSymbolicLink(lib.resolve(name), jar);
            }
        }
        writeBaseImageConfig(Files.createDirectories(flinkHome.resolve("conf")));
        Files.copy(JAR, Files.createDirectories(flinkHome.resolve("usrlib")).resolve("orderflow-job.jar"));
        Path orderflow = Files.createDirectories(flinkHome.resolveSibling("orderflow"));
        for (String file : List.of("config.yaml", "merge-config.sh", "submit-once.sh")) {
            Files.copy(REPO.resolve("deploy/flink").resolve(file), orderflow.resolve(file));
        }
        ProcessBuilder merge = new ProcessBuilder("bash", orderflow.resolve("merge-config.sh").toString(),
                orderflow.resolve("config.yaml").toString()).redirectErrorStream(true);
        merge.environment().put("FLINK_HOME", flinkHome.toString());
        Process p = merge.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return flinkHome;
    }

    /** Writes the base image's config.yaml into {@code conf}. */
    private static void writeBaseImageConfig(Path conf) throws Exception {
        try (var in = DeployLayoutITCase.class.getResourceAsStream("/deploy/flink-2.1-image-config.yaml")) {
            Files.copy(in, conf.resolve("config.yaml"));
        }
    }

    /**
     * What the image's {@code bin/flink} is: Flink's CLI frontend with the image's configuration directory and
     * JVM options (Flink's script, which is not on Maven Central, does the same).
     */
    private static Path flinkCli(Path flinkHome, List<String> jvmOptions) throws Exception {
        Path bin = Files.createDirectories(flinkHome.resolve("bin"));
        Path script = bin.resolve("flink");
        Files.writeString(script, "#!/usr/bin/env bash\n"
                + "export FLINK_CONF_DIR=\"" + flinkHome.resolve("conf") + "\"\n"
                + "exec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" "
                + String.join(" ", jvmOptions) + " -cp \"" + flinkHome.resolve("lib") + "/*\" "
                + "org.apache.flink.client.cli.CliFrontend \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String run(Path dir, Path flink, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "submit", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("FLINK", flink.toString());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("%s ended", command).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
