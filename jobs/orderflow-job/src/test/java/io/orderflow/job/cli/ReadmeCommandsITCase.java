package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.OrderflowTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * README.md's commands, read from README.md itself and typed as a newcomer types them: each line of a code block
 * that runs the jar goes to {@code bash -c} in a fresh directory laid out like the repository after the build (the
 * jar at {@code jobs/orderflow-job/target/orderflow-job.jar}, Flink in {@code lib/} beside it), in README's order,
 * so the demo's warehouse is what the queries, the report and maintenance then read. Each must exit 0 with no stack
 * trace and no ERROR line, and print what README says it prints.
 *
 * <p>What needs something this machine has not got is not run, but parsed by the command line as typed (every
 * option exists, every value converts): {@code record} (a live venue), {@code account} (a venue account), and the
 * Kafka and {@code flink run} lines (a broker, a cluster). The capture {@code verify} and {@code replay} read is a
 * real OKX recording from the test resources, put where {@code record} would have written it. The quick start's
 * {@code mvn ... package &&} is the build this test runs in; the command after it runs.
 */
class ReadmeCommandsITCase {
    private static final Path README = Path.of("..", "..", "README.md").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "orderflow-job.jar").toAbsolutePath();
    private static final String TYPED_JAR = "java -jar jobs/orderflow-job/target/orderflow-job.jar ";
    /** Commands that run here, offline; every other jar command is parsed only. */
    private static final List<String> RUN_HERE = List.of("demo", "sql", "report", "maintain", "verify", "replay");

    record Outcome(int exit, String out, String err) {}

    /** README's first query as typed, and what it printed: maintenance is held to it. */
    private static final String[] firstQuery = new String[2];

    /** The lines of README's code blocks that start the jar (a shell line: `&&`, `>`, `#` as typed). */
    static List<String> jarLines() throws Exception {
        List<String> lines = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock && (line.contains("orderflow-job.jar") && !line.startsWith("#"))) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    @Test
    void everyReadmeCommandRunsAsTypedOrParses(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the jar (mvn package)").exists();
        Path target = Files.createDirectories(dir.resolve("jobs/orderflow-job/target"));
        Files.createSymbolicLink(target.resolve("orderflow-job.jar"), JAR);
        Files.createSymbolicLink(target.resolve("lib"), JAR.resolveSibling("lib"));
        try (var capture = getClass().getResourceAsStream("/fixtures/raw_captures/OKX.ws.1.0")) {
            Files.copy(capture, dir.resolve("okx.capture"));
        }

        List<String> ran = new ArrayList<>();
        List<String> parsed = new ArrayList<>();
        for (String line : jarLines()) {
            String typed = line.contains("&& ") ? line.substring(line.lastIndexOf("&& ") + 3) : line;
            List<String> args = words(typed);
            String command = args.get(0);
            if (typed.startsWith(TYPED_JAR) && RUN_HERE.contains(command) && !args.contains("--kafka")) {
                Outcome o = bash(dir, typed);
                assertThat(o.exit).as("%s%nstderr:%n%s", typed, o.err).isZero();
                assertThat(o.err).as(typed).doesNotContain("\tat ").doesNotContain("Exception")
                        .doesNotContainPattern("(?m)^\\S+ ERROR ");
                saysWhatReadmeSays(dir, typed, command, args, o);
                ran.add(typed);
            } else {
                CommandLine.ParseResult result = OrderflowCli.commandLine(java.util.Map.of(), new String[0])
                        .parseArgs(args.toArray(String[]::new));
                assertThat(result.subcommand()).as(typed).isNotNull();
                parsed.add(typed);
            }
        }
        System.out.printf("README commands run: %d, parsed only: %d%n", ran.size(), parsed.size());
        assertThat(ran).as("every command README runs offline").hasSizeGreaterThanOrEqualTo(8)
                .anyMatch(l -> l.endsWith("orderflow-job.jar demo"));
        assertThat(parsed).as("the venue, account, Kafka and cluster lines").hasSizeGreaterThanOrEqualTo(8);
    }

    /** README's word on each command's output. */
    private static void saysWhatReadmeSays(Path dir, String typed, String command, List<String> args, Outcome o)
            throws Exception {
        switch (command) {
            case "demo" -> {
                // "syncs 14 books, and prints a progress line every second (messages/s, books in sync, rows
                // committed) ... prints the row count of every table in ./orderflow-warehouse"
                assertThat(o.out).containsPattern("msgs/s .* books in sync: 14 +rows committed: [0-9,]+");
                OrderflowTables.ALL.forEach(t -> assertThat(o.out).containsPattern("(?m)^\\s*" + t.name()
                        + "\\s+[0-9,]+ rows"));
                assertThat(dir.resolve("orderflow-warehouse/orderflow")).isDirectory();
                // and whether the machine kept up, so a slow machine is not taken for a broken job
                assertThat(o.out).containsPattern("(?m)^verdict: the job (kept up with|fell behind) the simulated venues");
            }
            case "sql" -> {
                if (firstQuery[0] == null) {
                    firstQuery[0] = typed;
                    firstQuery[1] = o.out;
                }
                if (args.contains("csv")) { // "RFC 4180, a header line", redirected to the file named
                    Path csv = dir.resolve(args.get(args.size() - 1));
                    List<String> rows = Files.readAllLines(csv);
                    assertThat(rows.get(0)).startsWith("venue,symbol,");
                    assertThat(rows).hasSizeGreaterThan(1);
                } else {
                    assertThat(o.out).containsPattern("[0-9]+ rows? in set");
                }
            }
            case "report" -> { // PNG charts, each with its CSV, and an index.html showing them
                Path out = dir.resolve(args.get(args.indexOf("--out") + 1));
                String index = Files.readString(out.resolve("index.html"));
                Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(index);
                List<String> sources = new ArrayList<>();
                while (img.find()) {
                    Path png = out.resolve(img.group(1));
                    assertThat(png).as("an image index.html shows").isRegularFile();
                    assertThat(png.resolveSibling(png.getFileName().toString().replace(".png", ".csv")))
                            .as("its data beside it").isRegularFile();
                    sources.add(img.group(1));
                }
                assertThat(sources).hasSizeGreaterThanOrEqualTo(4);
                // and the page opens in a browser showing every chart, each at the size its PNG has
                java.util.Map<String, String> shown = io.orderflow.job.HeadlessChromium.imagesOf(
                        out.resolve("index.html"));
                assertThat(shown.keySet()).containsExactlyElementsOf(sources);
                for (String src : sources) {
                    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve(src).toFile());
                    assertThat(shown.get(src)).as(src + " as Chromium loaded it")
                            .isEqualTo(png.getWidth() + "x" + png.getHeight());
                }
                // its progress on stderr while the queries run (results stay alone on stdout)
                assertThat(o.err).contains("report: chart 1/4").contains("report: chart 4/4").contains("report: drawing");
            }
            case "maintain" -> {
                assertThat(o.out).contains("data files").containsPattern("(?m)^book_updates\\s+[0-9,]+");
                assertThat(o.err).contains("maintain: expire snapshots").contains("maintain: delete orphan files");
                // and README's first query answers as it did before maintenance rewrote the files
                // (in any order: the query has no ORDER BY, and the rewritten files are read in another)
                assertThat(bash(dir, firstQuery[0]).out.lines().sorted().toList()).as("the same rows after "
                        + "maintenance").isEqualTo(firstQuery[1].lines().sorted().toList());
            }
            case "verify" -> assertThat(o.out).contains("venue okx: 410 frames, 0 malformed").contains("in sync");
            case "replay" -> assertThat(o.out + o.err).isNotBlank();
            default -> throw new AssertionError("no README expectation for " + command);
        }
    }

    /** The words of a shell line after the jar, quotes removed, up to a redirection or a comment. */
    static List<String> words(String line) {
        String rest = line.substring(line.indexOf("orderflow-job.jar") + "orderflow-job.jar".length()).strip();
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(rest);
        while (m.find()) {
            String w = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (m.group(3) != null && (w.equals("#") || w.equals(">"))) {
                if (w.equals(">") && m.find()) {
                    words.add(">");
                    words.add(m.group());
                }
                break;
            }
            words.add(w);
        }
        // the redirection stays last, for the check of what it wrote; it is no argument of the command
        if (words.contains(">")) {
            List<String> args = new ArrayList<>(words.subList(0, words.indexOf(">")));
            args.add(words.get(words.size() - 1));
            return args;
        }
        return words;
    }

    private static Outcome bash(Path dir, String line) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", line).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ORDERFLOW_")); // a newcomer's shell
        Process p = pb.start();
        try {
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s ended within 5 minutes", line).isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
