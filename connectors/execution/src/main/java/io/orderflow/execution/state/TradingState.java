package io.orderflow.execution.state;

import io.orderflow.model.BookTop;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the trading path remembers for one instrument: the position and its PnL ({@link PositionLedger}),
 * the working paper orders (with their queue estimates), the strategy's memory and last decision time, the
 * maker-share and fill-probability models, and the parent order being worked on a schedule. Held in Flink keyed
 * state with an explicit codec ({@link TradingStateCodec}).
 */
public final class TradingState {
    private final PositionLedger ledger = new PositionLedger();
    private final StrategyMemory memory = new StrategyMemory();
    private final MakerShareModel makerShare = new MakerShareModel();
    private final FillProbabilityModel fillProbability = new FillProbabilityModel();
    private ParentOrder parent;
    private long lastDecisionMs = Long.MIN_VALUE / 2;
    private long fillCount;
    private long lastPnlMinute = Long.MIN_VALUE;
    private final List<RestingOrder> openOrders = new ArrayList<>();
    private final java.util.LinkedHashSet<String> venueFills = new java.util.LinkedHashSet<>();
    static final int REMEMBERED_VENUE_FILLS = 1_024;

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

    /** The model of whether a passive order fills within its horizon, learned from this instrument's orders. */
    public FillProbabilityModel fillProbability() {
        return fillProbability;
    }

    /**
     * An order now rests on the book (paper or venue): if it is a passive limit order, the fill-probability model
     * waits for its outcome.
     */
    public void resting(OrderIntent o, BookTop book, long atMs) {
        if (o.type() == OrderType.LIMIT) {
            fillProbability.placed(o.clientOrderId(), atMs, FillProbabilityModel.features(o.side(), o.price(),
                    o.quantity(), book, makerShare.volatilityBps()));
        }
    }

    /** P(a limit order at {@code price} fills within the horizon) now; 1 for an order that would not rest. */
    public double fillProbability(Side side, long price, long quantity, BookTop book) {
        double[] x = FillProbabilityModel.features(side, price, quantity, book, makerShare.volatilityBps());
        return x == null ? 1.0 : fillProbability.predict(x);
    }

    /** The order being worked on a schedule, or null: while there is one, the strategy waits. */
    public ParentOrder parent() {
        return parent;
    }

    public void parent(ParentOrder working) {
        parent = working;
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

    /**
     * True the first time a venue fill id is seen: a fill may come from the private stream and again from a
     * catch-up poll or after a restore, and must move the position once. The last 1,024 ids are kept.
     */
    public boolean firstVenueFill(String fillId) {
        if (!venueFills.add(fillId)) {
            return false;
        }
        if (venueFills.size() > REMEMBERED_VENUE_FILLS) {
            venueFills.remove(venueFills.iterator().next());
        }
        return true;
    }

    java.util.Set<String> venueFills() {
        return venueFills;
    }

    /** Replaces a working order (same client id) with its new state. */
    public void replaceOpenOrder(RestingOrder updated) {
        for (int i = 0; i < openOrders.size(); i++) {
            if (openOrders.get(i).intent().clientOrderId().equals(updated.intent().clientOrderId())) {
                openOrders.set(i, updated);
                return;
            }
        }
    }

    void restore(long lastDecisionMs, long fillCount, List<RestingOrder> orders) {
        this.lastDecisionMs = lastDecisionMs;
        this.fillCount = fillCount;
        this.openOrders.clear();
        this.openOrders.addAll(orders);
    }
}
