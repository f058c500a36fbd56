package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as built, run the way README runs it ({@code java -jar jobs/orderflow-job/target/orderflow-job.jar ...}),
 * in processes of its own with no JVM flags but the launcher's: a table command whose Flink job falls back to Kryo
 * (Iceberg's compaction) works, results go to stdout and nothing else does, and a misuse is one line on stderr.
 */
class JarLauncherITCase {
    private static final Path JAR = Path.of("target", "orderflow-job.jar").toAbsolutePath();

    record Outcome(int exit, String out, String err) {}

    private static Outcome java(Path dir, String... args) throws Exception {
        return java(JAR, dir, args);
    }

    private static Outcome java(Path jar, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s ended within 5 minutes", List.of(args)).isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void maintainCompactsThroughTheLauncherAndTheRowsStayTheSame(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the jar (mvn package)").exists();
        Path capture = dir.resolve("OKX.ws.1.0");
        try (var in = getClass().getResourceAsStream("/fixtures/raw_captures/OKX.ws.1.0")) {
            Files.copy(in, capture);
        }
        String warehouse = dir.resolve("warehouse").toString();
        Outcome replay = java(dir, "replay", "--speed", "0", "--warehouse", warehouse, capture.toString());
        assertThat(replay.exit).as(replay.err).isZero();

        String query = "SELECT symbol, COUNT(*) AS n, SUM(bid_price) AS bids FROM bbo GROUP BY symbol ORDER BY symbol";
        Outcome before = java(dir, "sql", "--warehouse", warehouse, "--format", "csv", query);
        assertThat(before.exit).as(before.err).isZero();
        assertThat(before.out.lines()).hasSize(4).first().isEqualTo("symbol,n,bids"); // header and three instruments

        Outcome maintain = java(dir, "maintain", "--warehouse", warehouse);
        assertThat(maintain.exit).as(maintain.err).isZero();
        assertThat(maintain.err).doesNotContain("InaccessibleObjectException").doesNotContain("Exception");
        assertThat(maintain.out).contains("book_updates").contains("bbo");

        Outcome after = java(dir, "sql", "--warehouse", warehouse, "--format", "csv", query);
        assertThat(after.exit).as(after.err).isZero();
        assertThat(after.out).isEqualTo(before.out);
    }

    @Test
    void aMisuseIsOneLineOnStderrAndNothingOnStdout(@TempDir Path dir) throws Exception {
        Outcome o = java(dir, "sql", "--warehouse", dir.resolve("nothing-here").toString(), "SELECT 1");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.out).isEmpty();
        assertThat(o.err.lines().toList()).singleElement().satisfies(line ->
                assertThat(line).startsWith("orderflow: no orderflow tables"));
    }

    /**
     * The jar copied somewhere without Flink beside it still answers {@code --help} and {@code --version} for every
     * command (the texts the build wrote), the same as with Flink; anything else says what is missing.
     */
    @Test
    void helpNeedsNoFlinkBesideTheJar(@TempDir Path dir) throws Exception {
        Path alone = Files.copy(JAR, Files.createDirectory(dir.resolve("alone")).resolve("orderflow-job.jar"));
        for (String command : List.of("run", "demo", "ingest", "replay", "maintain", "sql")) {
            Outcome withFlink = java(dir, command, "--help");
            Outcome withoutFlink = java(alone, dir, command, "--help");
            assertThat(withoutFlink.exit).as(withoutFlink.err).isZero();
            assertThat(withoutFlink.out).startsWith("Usage: orderflow " + command).isEqualTo(withFlink.out);
            assertThat(withoutFlink.err).isEmpty();
        }
        assertThat(java(alone, dir, "--help").out).contains("maintain").contains("--config");
        assertThat(java(alone, dir, "--version").out.strip()).isEqualTo(java(dir, "--version").out.strip());

        Outcome run = java(alone, dir, "demo", "--seconds", "5");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("Flink is not on the class path").doesNotContain("\tat ");
    }
}
