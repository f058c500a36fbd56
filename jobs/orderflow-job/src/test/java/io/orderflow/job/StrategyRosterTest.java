package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.execution.strategy.ImbalanceMomentumStrategy;
import io.orderflow.execution.strategy.ImbalanceStrategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strategy roster and the settings it reads. The state uids are held to the ones that have shipped: a
 * savepoint's positions and working orders are found again only under the same uid (a venue operator's uid, a
 * paper strategy's state name).
 */
class StrategyRosterTest {

    @Test
    void everyStrategyRunsByDefaultUnderItsShippedUid() {
        JobSettings defaults = JobSettings.defaults();
        List<StrategyRoster.Entry> all = StrategyRoster.of(defaults);
        assertThat(all).extracting(StrategyRoster.Entry::name)
                .containsExactly("imbalance", "mid-predictor", "imbalance-momentum");
        assertThat(all).extracting(StrategyRoster.Entry::uid)
                .containsExactly("trading", "trading-mid-predictor", "trading-momentum");
        assertThat(all.get(0).strategy()).isInstanceOf(ImbalanceStrategy.class);
        assertThat(all.get(1).strategy()).isSameAs(defaults.trading().midPredictor());
        assertThat(all.get(1).limits()).isEqualTo(StrategyRoster.QUOTE_SIZED_LIMITS);
        assertThat(all.get(1).restingTtlMs()).isEqualTo(Long.MAX_VALUE); // it cancels its own orders
        assertThat(all.get(2).strategy()).isInstanceOf(ImbalanceMomentumStrategy.class);
        assertThat(all.get(2).limits()).isEqualTo(defaults.trading().risk());
        assertThat(JobSettings.STRATEGY_NAMES).isEqualTo(StrategyRoster.NAMES);
    }

    @Test
    void onlyTheChosenStrategiesRunInTheRostersOrder() {
        JobSettings settings = JobSettings.defaults().withStrategies(List.of("imbalance-momentum", "imbalance"));
        assertThat(StrategyRoster.of(settings)).extracting(StrategyRoster.Entry::name)
                .containsExactly("imbalance", "imbalance-momentum");
        assertThatThrownBy(() -> JobSettings.defaults().withStrategies(List.of("martingale")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[imbalance, mid-predictor, imbalance-momentum]").hasMessageContaining("martingale");
    }

    @Test
    void theSettingsBuilderChangesOneValueAndValidatesTheResult() {
        JobSettings defaults = JobSettings.defaults();
        JobSettings changed = defaults.toBuilder().bookDepth(50).checkpointInterval(Duration.ofSeconds(3)).build();
        assertThat(changed.book().depth()).isEqualTo(50);
        assertThat(changed.sink().checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(changed.toBuilder().bookDepth(defaults.book().depth())
                .checkpointInterval(defaults.sink().checkpointInterval()).build()).isEqualTo(defaults);
        assertThatThrownBy(() -> defaults.toBuilder().volatilityWindow(Duration.ofMillis(1500)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> defaults.toBuilder().bookDepth(5).build())
                .hasMessageContaining("book depth must be at least 10");
    }
}
