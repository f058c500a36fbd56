package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Impossible signal options stop the command before anything starts, with one line saying what to fix. */
class SignalOptionsTest {
    @Test
    void badWindowsLagGridsAndPairsAreRefusedWithExitCode2() {
        assertRefused(new String[] {"demo", "--window", "PT1.5S"}, "whole seconds");
        assertRefused(new String[] {"demo", "--lag-step", "PT0S"}, "step > 0");
        assertRefused(new String[] {"replay", "x.capture", "--venue", "okx", "--pairs", "okx:BTC-USDT"},
                "venue:SYMBOL~venue:SYMBOL");
    }

    @Test
    void aScheduleWithoutItsParametersOrWithBrokenOnesIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertRefused(new String[] {"demo", "--schedule", "vwap"}, "--schedule must be none or ac, got vwap");
        assertRefused(new String[] {"demo", "--schedule", "ac"}, "--save-params FILE");
        assertRefused(new String[] {"demo", "--schedule", "ac", "--schedule-params", dir.resolve("none").toString()},
                "cannot read the Almgren-Chriss parameters");
        java.nio.file.Path file = dir.resolve("ac.params");
        java.nio.file.Files.writeString(file, "okx\\:BTC-USDT.mid=60000\nokx\\:BTC-USDT.sigma=66\n");
        assertRefused(new String[] {"demo", "--schedule", "ac", "--schedule-params", file.toString()},
                "okx:BTC-USDT.epsilon is missing");
        assertRefused(new String[] {"demo", "--schedule-params", file.toString()}, "used by --schedule ac only");
    }

    private static void assertRefused(String[] args, String reason) {
        StringWriter err = new StringWriter();
        CommandLine cl = OrderflowCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).startsWith("orderflow: ").contains(reason).doesNotContain("\tat ");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }
}
