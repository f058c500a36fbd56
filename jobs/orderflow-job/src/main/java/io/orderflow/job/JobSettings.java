package io.orderflow.job;

import io.orderflow.execution.schedule.ExecutionSchedule;
import io.orderflow.execution.strategy.MidPredictorStrategy;
import io.orderflow.execution.state.PairLegs;
import io.orderflow.execution.strategy.PairMeanReversionStrategy;
import io.orderflow.execution.risk.RiskLimits;
import io.orderflow.job.crosssection.PairSettings;
import io.orderflow.job.signals.SignalSettings;
import io.orderflow.job.trading.VenueConnection;
import io.orderflow.model.Decimals;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The job's tunables, grouped by the stage that reads them, with defaults a user gets without any flag. Each group
 * is validated on construction with a message that names the value and says what to change; {@link Builder} sets
 * single values from a starting point and runs the same checks.
 *
 * @param source watermarks: how late an exchange timestamp may arrive, when a silent split stops holding them back
 * @param book the keyed order books: levels carried downstream, idle eviction
 * @param signals the windowed and per-instrument signals: window, estimator parameters, pairs, precursor horizon
 * @param trading strategies, risk gate, kill switch, where orders go and when strategies see their inputs
 * @param sink storage: the exactly-once checkpoint interval, which is also the Iceberg commit interval
 */
public record JobSettings(Source source, Book book, Signals signals, Trading trading, Sink sink)
        implements Serializable {

    /** The single-instrument strategies the job can run, by name; {@link #withStrategies} chooses among them. */
    public static final List<String> STRATEGY_NAMES = StrategyRoster.NAMES;

    public JobSettings {
        if (source == null || book == null || signals == null || trading == null || sink == null) {
            throw new IllegalArgumentException("every settings group is required (source, book, signals, trading, "
                    + "sink)");
        }
    }

    /**
     * @param maxOutOfOrderness watermark bound on how late an exchange timestamp may arrive (default 500 ms)
     * @param idleness a split silent this long stops holding back the watermark (default 5 s)
     */
    public record Source(Duration maxOutOfOrderness, Duration idleness) implements Serializable {
        public Source {
            if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
                throw new IllegalArgumentException("max out-of-orderness must not be negative, got "
                        + maxOutOfOrderness);
            }
            positive(idleness, "source idleness");
        }
    }

    /**
     * @param depth levels carried downstream on every book update (default 20)
     * @param idleEviction instruments silent this long (event time) are removed with their state (default 1 h)
     */
    public record Book(int depth, Duration idleEviction) implements Serializable {
        public Book {
            if (depth < 10) {
                throw new IllegalArgumentException("book depth must be at least 10 (the per-second table has 10 "
                        + "levels), got " + depth);
            }
            positive(idleEviction, "idle eviction");
        }
    }

    /**
     * @param window tumbling event-time window of volatility, pair signals and ranking (default 1 min)
     * @param perInstrument per-instrument signal parameters (imbalance levels, depth band, slippage sizes, spikes)
     * @param pairs the lead-lag grid and which pairs to compare (default: −2 s … +2 s by 100 ms, every pair)
     * @param precursorHorizon patterns that ended this long before a volatility spike are its precursors (default
     *     10 s)
     */
    public record Signals(Duration window, SignalSettings perInstrument, PairSettings pairs, Duration precursorHorizon)
            implements Serializable {
        public Signals {
            positive(window, "volatility window");
            if (window.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("volatility window must be whole seconds (1 s sampling), got "
                        + window);
            }
            if (perInstrument == null || pairs == null) {
                throw new IllegalArgumentException("signal and pair settings are required");
            }
            positive(precursorHorizon, "precursor horizon");
        }
    }

    /**
     * @param strategies which single-instrument strategies run (default: all of {@link #STRATEGY_NAMES})
     * @param imbalanceThreshold demo strategy: |top-5 imbalance| that triggers an order (default 0.6)
     * @param orderQuantity demo strategy: order size in scaled units (default 0.001)
     * @param risk the risk gate's limits (default: 5 orders' worth of position, 5,000 quote notional, 2 working
     *     orders, 50 bps collar, 5 s book age, 500 quote daily loss)
     * @param killSwitchFile while this file exists no order leaves (default {@code orderflow.kill} in the working
     *     directory): {@code touch} it to stop trading without restarting the job
     * @param midPredictor the second paper strategy (default: 2,000 quote entries, 10 USDT stop)
     * @param pairStrategy the pair mean-reversion parameters (default: 2,000 quote a leg, |z| 2 in, 0.5 out)
     * @param pairTrades which pairs it trades, one per venue (default none; the demo trades ETH against BTC on
     *     every venue)
     * @param execution where orders go: null for the paper exchange (default), or a venue account; then only that
     *     venue's instruments trade, with the venue's fills in the strategies' state, and pair trades stay off
     * @param pnlInterval PnL is marked on the first book of each such period of event time (default 1 min)
     * @param decisionOrder when strategies see books and signals: on arrival (default for live feeds) or in event
     *     time, reproducibly (Kafka runs and replays; see {@link DecisionOrder})
     * @param schedule entries above a size worked on the Almgren–Chriss schedule ({@code --schedule ac}); null
     *     (default): every order goes as the strategy decided
     */
    public record Trading(Set<String> strategies, double imbalanceThreshold, long orderQuantity, RiskLimits risk,
            String killSwitchFile, MidPredictorStrategy midPredictor, PairMeanReversionStrategy pairStrategy,
            List<PairLegs> pairTrades, VenueConnection execution, Duration pnlInterval, DecisionOrder decisionOrder,
            ExecutionSchedule schedule) implements Serializable {
        public Trading {
            if (strategies == null || strategies.isEmpty() || !STRATEGY_NAMES.containsAll(strategies)) {
                throw new IllegalArgumentException("choose one or more strategies among " + STRATEGY_NAMES + ", got "
                        + strategies);
            }
            strategies = Set.copyOf(strategies);
            if (!(imbalanceThreshold > 0 && imbalanceThreshold < 1)) {
                throw new IllegalArgumentException("imbalance threshold must be in (0, 1), got " + imbalanceThreshold);
            }
            if (orderQuantity <= 0) {
                throw new IllegalArgumentException("order quantity must be positive, got " + orderQuantity);
            }
            if (risk == null || killSwitchFile == null || killSwitchFile.isBlank() || midPredictor == null) {
                throw new IllegalArgumentException("risk limits and a kill-switch file path are required");
            }
            positive(pnlInterval, "PnL interval");
            if (decisionOrder == null) {
                throw new IllegalArgumentException("a decision order is required (ARRIVAL or EVENT_TIME)");
            }
            if (pairStrategy == null || pairTrades == null) {
                throw new IllegalArgumentException("pair strategy and pair trades are required (the list may be "
                        + "empty)");
            }
            pairTrades = List.copyOf(pairTrades);
            Set<String> venues = new HashSet<>();
            for (PairLegs p : pairTrades) {
                if (!venues.add(p.venue())) {
                    throw new IllegalArgumentException("one pair trade per venue: " + p.venue() + " is given twice");
                }
            }
        }

        /** Strategies see their inputs in event time, reproducibly, rather than on arrival. */
        public boolean inEventTime() {
            return decisionOrder == DecisionOrder.EVENT_TIME;
        }
    }

    /** @param checkpointInterval exactly-once checkpoints; also the Iceberg commit interval (default 10 s) */
    public record Sink(Duration checkpointInterval) implements Serializable {
        public Sink {
            positive(checkpointInterval, "checkpoint interval");
        }
    }

    public static JobSettings defaults() {
        long quantity = 100_000L;
        return new JobSettings(
                new Source(Duration.ofMillis(500), Duration.ofSeconds(5)),
                new Book(20, Duration.ofHours(1)),
                new Signals(Duration.ofMinutes(1), SignalSettings.defaults(), PairSettings.defaults(),
                        Duration.ofSeconds(10)),
                new Trading(Set.copyOf(STRATEGY_NAMES), 0.6, quantity,
                        new RiskLimits(quantity * 5, 5_000 * Decimals.UNIT, 2, 50, 5_000, 500 * Decimals.UNIT),
                        Path.of("orderflow.kill").toAbsolutePath().toString(), MidPredictorStrategy.defaults(2_000),
                        PairMeanReversionStrategy.defaults(), List.of(), null, Duration.ofMinutes(1),
                        DecisionOrder.ARRIVAL, null),
                new Sink(Duration.ofSeconds(10)));
    }

    public JobSettings withCheckpointInterval(Duration interval) {
        return toBuilder().checkpointInterval(interval).build();
    }

    /** The window of every windowed signal: volatility, pair signals and the market ranking. */
    public JobSettings withVolatilityWindow(Duration window) {
        return toBuilder().volatilityWindow(window).build();
    }

    public JobSettings withPairs(PairSettings chosen) {
        return toBuilder().pairs(chosen).build();
    }

    public JobSettings withKillSwitchFile(String path) {
        return toBuilder().killSwitchFile(Path.of(path).toAbsolutePath().toString()).build();
    }

    public JobSettings withMidPredictor(MidPredictorStrategy strategy) {
        return toBuilder().midPredictor(strategy).build();
    }

    /** The pair strategy's parameters and the pairs it trades (one per venue). */
    public JobSettings withPairTrades(PairMeanReversionStrategy strategy, List<PairLegs> pairs) {
        return toBuilder().pairStrategy(strategy).pairTrades(pairs).build();
    }

    /** PnL marks on the first book of each such period (the tests use seconds; a minute by default). */
    public JobSettings withPnlInterval(Duration interval) {
        return toBuilder().pnlInterval(interval).build();
    }

    /** Orders go to this venue account instead of the paper exchange. */
    public JobSettings withExecution(VenueConnection venue) {
        return toBuilder().execution(venue).build();
    }

    /** Entries above a size worked on the Almgren–Chriss schedule; null: every order as decided. */
    public JobSettings withSchedule(ExecutionSchedule schedule) {
        return toBuilder().schedule(schedule).build();
    }

    /** When strategies see their inputs: on arrival, or in event time (reproducible). */
    public JobSettings withDecisionOrder(DecisionOrder order) {
        return toBuilder().decisionOrder(order).build();
    }

    /**
     * Which single-instrument strategies run (the pair strategy follows {@code pairTrades}): on a venue account,
     * usually one, since the venue nets every strategy's orders into one position.
     */
    public JobSettings withStrategies(java.util.Collection<String> names) {
        return toBuilder().strategies(Set.copyOf(names)).build();
    }

    /** A builder holding these settings, to change some: {@link Builder#build} validates the result. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Settings changed one at a time from a starting point; {@link #build} runs the same checks as the
     * constructor, so a bad value fails there with a message naming it.
     */
    public static final class Builder {
        private Duration volatilityWindow;
        private Duration maxOutOfOrderness;
        private Duration sourceIdleness;
        private Duration checkpointInterval;
        private int bookDepth;
        private Duration idleEviction;
        private double imbalanceThreshold;
        private long orderQuantity;
        private SignalSettings signals;
        private PairSettings pairs;
        private Duration precursorHorizon;
        private RiskLimits risk;
        private String killSwitchFile;
        private MidPredictorStrategy midPredictor;
        private PairMeanReversionStrategy pairStrategy;
        private List<PairLegs> pairTrades;
        private VenueConnection execution;
        private Duration pnlInterval;
        private DecisionOrder decisionOrder;
        private Set<String> strategies;
        private ExecutionSchedule schedule;

        private Builder(JobSettings s) {
            volatilityWindow = s.signals.window();
            maxOutOfOrderness = s.source.maxOutOfOrderness();
            sourceIdleness = s.source.idleness();
            checkpointInterval = s.sink.checkpointInterval();
            bookDepth = s.book.depth();
            idleEviction = s.book.idleEviction();
            imbalanceThreshold = s.trading.imbalanceThreshold();
            orderQuantity = s.trading.orderQuantity();
            signals = s.signals.perInstrument();
            pairs = s.signals.pairs();
            precursorHorizon = s.signals.precursorHorizon();
            risk = s.trading.risk();
            killSwitchFile = s.trading.killSwitchFile();
            midPredictor = s.trading.midPredictor();
            pairStrategy = s.trading.pairStrategy();
            pairTrades = s.trading.pairTrades();
            execution = s.trading.execution();
            pnlInterval = s.trading.pnlInterval();
            decisionOrder = s.trading.decisionOrder();
            strategies = s.trading.strategies();
            schedule = s.trading.schedule();
        }

        public Builder volatilityWindow(Duration value) {
            volatilityWindow = value;
            return this;
        }

        public Builder maxOutOfOrderness(Duration value) {
            maxOutOfOrderness = value;
            return this;
        }

        public Builder sourceIdleness(Duration value) {
            sourceIdleness = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder bookDepth(int value) {
            bookDepth = value;
            return this;
        }

        public Builder idleEviction(Duration value) {
            idleEviction = value;
            return this;
        }

        public Builder imbalanceThreshold(double value) {
            imbalanceThreshold = value;
            return this;
        }

        public Builder orderQuantity(long value) {
            orderQuantity = value;
            return this;
        }

        public Builder signals(SignalSettings value) {
            signals = value;
            return this;
        }

        public Builder pairs(PairSettings value) {
            pairs = value;
            return this;
        }

        public Builder precursorHorizon(Duration value) {
            precursorHorizon = value;
            return this;
        }

        public Builder risk(RiskLimits value) {
            risk = value;
            return this;
        }

        public Builder killSwitchFile(String value) {
            killSwitchFile = value;
            return this;
        }

        public Builder midPredictor(MidPredictorStrategy value) {
            midPredictor = value;
            return this;
        }

        public Builder pairStrategy(PairMeanReversionStrategy value) {
            pairStrategy = value;
            return this;
        }

        public Builder pairTrades(List<PairLegs> value) {
            pairTrades = value;
            return this;
        }

        public Builder execution(VenueConnection value) {
            execution = value;
            return this;
        }

        public Builder pnlInterval(Duration value) {
            pnlInterval = value;
            return this;
        }

        public Builder decisionOrder(DecisionOrder value) {
            decisionOrder = value;
            return this;
        }

        public Builder strategies(Set<String> value) {
            strategies = value;
            return this;
        }

        public Builder schedule(ExecutionSchedule value) {
            schedule = value;
            return this;
        }

        /** The settings, each group checked: the first bad value fails with a message naming it. */
        public JobSettings build() {
            return new JobSettings(new Source(maxOutOfOrderness, sourceIdleness), new Book(bookDepth, idleEviction),
                    new Signals(volatilityWindow, signals, pairs, precursorHorizon),
                    new Trading(strategies, imbalanceThreshold, orderQuantity, risk, killSwitchFile, midPredictor,
                            pairStrategy, pairTrades, execution, pnlInterval, decisionOrder, schedule),
                    new Sink(checkpointInterval));
        }
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
    }
}
