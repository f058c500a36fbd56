package io.orderflow.job.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's last word: whether the tables hold the market or what a busy machine kept up with, and why. */
class DemoVerdictTest {
    @Test
    void aRunWithoutFallingBehindOrLateEventsKeptUp() {
        DemoVerdict v = DemoVerdict.of(Map.of("CONNECTED", 7L, "DISCONNECTED", 7L), List.of(), 1.0, 2);
        assertThat(v.keptUp()).isTrue();
        assertThat(v.describe(4)).startsWith("verdict: the job kept up with the simulated venues (load 0.5 per "
                + "core, 2 cores)").contains("comparable");
    }

    @Test
    void fallingBehindNamesHowFarAndTheLoad() {
        DemoVerdict v = DemoVerdict.of(Map.of("FALLING_BEHIND", 2L, "LATE_EVENT", 7_500L), List.of(
                "the job is 20710 frames, 2506 ms behind this reader's connections (reported past 16384 frames; the "
                        + "connections are kept whatever the lag)",
                "the job is 30000 frames, 170312 ms behind this reader's connections (reported past 16384 frames)"),
                7.0, 2);
        assertThat(v.keptUp()).isFalse();
        assertThat(v.maxLagMs()).isEqualTo(170_312);
        assertThat(v.describe(4)).isEqualTo("verdict: the job fell behind the simulated venues by up to 170.3 s (2 "
                + "FALLING_BEHIND, 7500 LATE_EVENT rows in data_quality) (load 3.5 per core, 2 cores): this machine "
                + "did not keep up, so the tables miss part of the market and are not comparable with a run that "
                + "kept up; run it on a quieter machine or slower (--speed 4 now)");
        assertThat(DemoVerdict.of(Map.of("LATE_EVENT", 1L), List.of(), -1, 2).describe(0.5))
                .as("late rows alone, load unknown").contains("by up to 0.0 s").contains("--speed 0.5 now")
                .doesNotContain("load");
    }

    @Test
    void aHeldVenuesBacklogIsNotTheMachinesFault() {
        // demo --fall-behind okx=10s: okx's late rows are the point of the run; the machine kept up
        DemoVerdict kept = DemoVerdict.of(Map.of(DemoVerdict.HELD_LATE_EVENT, 42L), List.of(), "okx", 1.0, 2);
        assertThat(kept.keptUp()).isTrue();
        assertThat(kept.describe(4)).startsWith("verdict: the job kept up").endsWith("; 42 LATE_EVENT rows are okx's "
                + "backlog, which --fall-behind held on purpose: its windows were written without it, and those rows "
                + "name them");
        // a machine too busy for the source to be idle: event time waited, and the verdict says why nothing was late
        assertThat(DemoVerdict.of(Map.of("FALLING_BEHIND", 5L), List.of(), "okx", 8.0, 2).describe(4))
                .contains("--fall-behind held okx's feed, yet none of it came late");
        // another venue's late rows still count against the machine
        assertThat(DemoVerdict.of(Map.of(DemoVerdict.HELD_LATE_EVENT, 42L, "LATE_EVENT", 3L), List.of(), "okx", 1.0,
                2).keptUp()).isFalse();
    }
}
