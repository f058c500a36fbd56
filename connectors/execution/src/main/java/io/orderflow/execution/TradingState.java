package io.orderflow.execution;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the trading path remembers for one instrument: the position and its PnL ({@link PositionLedger}),
 * the working paper orders (with their queue estimates), the strategy's memory and last decision time, the
 * maker-share model. Held in Flink keyed state with an explicit codec ({@link TradingStateCodec}).
 */
public final class TradingState {
    private final PositionLedger ledger = new PositionLedger();
    private final StrategyMemory memory = new StrategyMemory();
    private final MakerShareModel makerShare = new MakerShareModel();
    private long lastDecisionMs = Long.MIN_VALUE / 2;
    private long fillCount;
    private long lastPnlMinute = Long.MIN_VALUE;
    private final List<RestingOrder> openOrders = new ArrayList<>();

    public long position() {
        return ledger.position();
    }

    /** The strategy's own memory (tracked orders, times, model numbers). */
    public StrategyMemory memory() {
        return memory;
    }

    /** The paper exchange's model of the maker share of fills, learned from this instrument's orders. */
    public MakerShareModel makerShare() {
        return makerShare;
    }

    /** The working order with this client id, or null. */
    public RestingOrder openOrder(String clientOrderId) {
        for (RestingOrder o : openOrders) {
            if (o.intent().clientOrderId().equals(clientOrderId)) {
                return o;
            }
        }
        return null;
    }

    /** Position, cost, realized PnL, fees and the day's starting equity. */
    public PositionLedger ledger() {
        return ledger;
    }

    public long lastDecisionMs() {
        return lastDecisionMs;
    }

    public void recordDecision(long atMs) {
        lastDecisionMs = atMs;
    }

    public long nextFillNumber() {
        return ++fillCount;
    }

    public long fillCount() {
        return fillCount;
    }

    /** The minute (event time) of the last PnL mark, so marks are once a minute. */
    public long lastPnlMinute() {
        return lastPnlMinute;
    }

    public void recordPnlMinute(long minute) {
        lastPnlMinute = minute;
    }

    public List<RestingOrder> openOrders() {
        return openOrders;
    }

    void restore(long lastDecisionMs, long fillCount, List<RestingOrder> orders) {
        this.lastDecisionMs = lastDecisionMs;
        this.fillCount = fillCount;
        this.openOrders.clear();
        this.openOrders.addAll(orders);
    }
}
