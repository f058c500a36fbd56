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

    private static void assertRefused(String[] args, String reason) {
        StringWriter err = new StringWriter();
        CommandLine cl = OrderflowCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).startsWith("orderflow: ").contains(reason).doesNotContain("\tat ");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }
}
