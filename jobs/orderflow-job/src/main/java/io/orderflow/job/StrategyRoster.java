package io.orderflow.job;

import io.orderflow.execution.strategy.ImbalanceMomentumStrategy;
import io.orderflow.execution.strategy.ImbalanceStrategy;
import io.orderflow.execution.risk.RiskLimits;
import io.orderflow.execution.strategy.Strategy;
import io.orderflow.model.Decimals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The single-instrument strategies the job can run, as data: each with the uid its state lives under,
 * its risk limits, the paper exchange's fees and how long its resting orders may work. {@link OrderflowJob} runs
 * the ones {@link JobSettings.Trading#strategies()} chooses, each behind its own risk gate. Adding a strategy is one
 * definition here.
 */
public final class StrategyRoster {
    private StrategyRoster() {}

    /** The paper exchange's fees on every strategy: 2 bps maker, 5 bps taker (a VIP-0 spot schedule). */
    public static final double MAKER_FEE_BPS = 2.0;
    public static final double TAKER_FEE_BPS = 5.0;

    /**
     * Limits of the mid predictor and the pair strategy, whose entries are sized in quote (2,000 by default):
     * position by notional, at most an entry, a take-profit and a stop working at once.
     */
    public static final RiskLimits QUOTE_SIZED_LIMITS = new RiskLimits(1_000 * Decimals.UNIT,
            10_000 * Decimals.UNIT, 3, 50, 5_000, 1_000 * Decimals.UNIT);

    /**
     * One strategy as the job runs it.
     *
     * @param name as {@code --strategies} names it
     * @param uid names its savepoint state: the keyed state's name in the paper trading operator, and the venue
     *     trading operator's uid ({@code venue-<uid>}); never change one that has shipped
     * @param restingTtlMs working orders older than this are cancelled ({@link Long#MAX_VALUE}: the strategy
     *     manages its own cancels)
     */
    public record Entry(String name, String uid, Strategy strategy, RiskLimits limits, double makerFeeBps,
            double takerFeeBps, long restingTtlMs) {}

    /** How one roster entry is made from the settings. */
    private record Definition(String name, String uid, Function<JobSettings.Trading, Strategy> strategy,
            Function<JobSettings.Trading, RiskLimits> limits, long restingTtlMs) {
        Entry entry(JobSettings.Trading trading) {
            return new Entry(name, uid, strategy.apply(trading), limits.apply(trading), MAKER_FEE_BPS, TAKER_FEE_BPS,
                    restingTtlMs);
        }
    }

    private static final List<Definition> ALL = List.of(
            new Definition("imbalance", "trading",
                    s -> new ImbalanceStrategy(5, s.imbalanceThreshold(), s.orderQuantity(), 5_000),
                    JobSettings.Trading::risk, 10_000),
            // the predictor manages its own cancels (10 s entries, stop-out retries): resting orders stay
            new Definition("mid-predictor", "trading-mid-predictor", JobSettings.Trading::midPredictor,
                    s -> QUOTE_SIZED_LIMITS, Long.MAX_VALUE),
            new Definition("imbalance-momentum", "trading-momentum",
                    s -> new ImbalanceMomentumStrategy(s.orderQuantity(), 5_000, 10_000), JobSettings.Trading::risk, 10_000));

    /** The names {@code --strategies} takes, in the roster's order. */
    public static final List<String> NAMES = ALL.stream().map(Definition::name).toList();

    /** The strategies {@link JobSettings.Trading#strategies()} chooses, in the roster's order. */
    public static List<Entry> of(JobSettings settings) {
        List<Entry> chosen = new ArrayList<>();
        for (Definition d : ALL) {
            if (settings.trading().strategies().contains(d.name())) {
                chosen.add(d.entry(settings.trading()));
            }
        }
        return chosen;
    }
}
