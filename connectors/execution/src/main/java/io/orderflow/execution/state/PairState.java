package io.orderflow.execution.state;

/**
 * What a pair trade remembers on one venue: each leg's own trading state (position, PnL, working orders, in the
 * same form as a single-instrument strategy's), and the pair's statistics, kept in the y leg's strategy memory.
 */
public final class PairState {
    private final TradingState y;
    private final TradingState x;

    public PairState() {
        this(new TradingState(), new TradingState());
    }

    PairState(TradingState y, TradingState x) {
        this.y = y;
        this.x = x;
    }

    public TradingState y() {
        return y;
    }

    public TradingState x() {
        return x;
    }

    /** The state of the leg this symbol trades on. */
    public TradingState leg(PairLegs legs, String symbol) {
        return legs.ySymbol().equals(symbol) ? y : x;
    }

    /** The pair's own memory (statistics, targets). */
    public StrategyMemory memory() {
        return y.memory();
    }
}
