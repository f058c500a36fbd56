package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Durations are read the way Flink's configuration writes them (Flink's own parser, {@code TimeUtils}) and in
 * ISO-8601; a value that is neither, and any mistyped option, is refused with one line and exit code 2.
 */
class DurationOptionsTest {
    @Test
    void flinkAndIsoFormsAreBothDurations() {
        assertThat(window("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(window("30 s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(window("1 min")).isEqualTo(Duration.ofMinutes(1));
        assertThat(window("2min")).isEqualTo(Duration.ofMinutes(2));
        assertThat(window("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(window("120000")).as("a bare number is milliseconds, as in Flink").isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void whatIsNotADurationIsRefusedInOneLine() {
        assertRefused(new String[] {"demo", "--window", "2x"},
                "orderflow: Invalid value for option '--window': '2x' is not a duration: write it as 2s, 500 ms, 1 min"
                        + " or PT2S (see: orderflow demo --help)");
        assertRefused(new String[] {"demo", "--window", "-PT1S"}, "is negative");
        assertRefused(new String[] {"demo", "--windw", "30s"}, "Unknown option");
    }

    private static Duration window(String value) {
        CommandLine.ParseResult parsed = OrderflowCli.commandLine().parseArgs("demo", "--window", value);
        return parsed.subcommand().matchedOptionValue("--window", null);
    }

    private static void assertRefused(String[] args, String reason) {
        StringWriter err = new StringWriter();
        CommandLine cl = OrderflowCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).startsWith("orderflow: ").contains(reason).doesNotContain("\tat ")
                .doesNotContain("Usage:");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }
}
