package io.orderflow.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The cross-section benchmark, small: its market carries what it plants (each follower's leader and lead are found
 * by the job's own lead-lag), and every figure comes from a real run of the three steps at parallelism 2.
 */
class CrossSectionBenchmarkITCase {
    @Test
    void aRunComputesEveryChosenPairOnceAWindowAndFindsThePlantedLeaders() throws Exception {
        int instruments = 40;
        CrossSectionBenchmark.Result r = CrossSectionBenchmark.run(instruments, CrossSectionBenchmark.Pairs.GROUPS,
                2, 2, Duration.ofSeconds(20));

        // 4 groups: 9 followers each with its leader, and 3 leaders each with the next
        assertThat(CrossSectionBenchmark.Pairs.GROUPS.count(instruments)).isEqualTo(4 * 9 + 3);
        assertThat(r.pairRows()).isEqualTo(2 * (4 * 9 + 3));
        assertThat(r.rankRows()).isEqualTo(2 * instruments);
        assertThat(r.followerPairs()).isEqualTo(2 * 4 * 9);
        assertThat(r.plantedLeadersFound()).as("planted leaders named with their planted lead")
                .isGreaterThanOrEqualTo(r.followerPairs() * 9 / 10);
        assertThat(r.ticks()).isEqualTo(instruments * (400 + 40));
        assertThat(r.speed()).isPositive();

        CrossSectionBenchmark.Result none = CrossSectionBenchmark.run(instruments, CrossSectionBenchmark.Pairs.NONE,
                2, 1, Duration.ofSeconds(20));
        assertThat(none.pairRows()).isZero();
        assertThat(none.rankRows()).isEqualTo(instruments);
    }
}
