package io.orderflow.execution;

import io.orderflow.model.BookTop;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import java.io.Serializable;

/**
 * Checks an intent against the {@link RiskLimits} and the current book. Returns null when the order may go, or the
 * reason it may not. Plain Java; the kill switch, rate limits and loss limits of issue 5 extend this class.
 */
public final class RiskGate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RiskLimits limits;

    public RiskGate(RiskLimits limits) {
        this.limits = limits;
    }

    public String check(OrderIntent intent, TradingState state, BookTop book) {
        if (book == null || !book.twoSided()) {
            return "no two-sided book for " + intent.venue() + ":" + intent.symbol();
        }
        if (intent.decisionTimeMs() - book.exchangeTimeMs() > limits.maxBookAgeMs()) {
            return "book is stale: last update " + (intent.decisionTimeMs() - book.exchangeTimeMs())
                    + " ms before the decision (limit " + limits.maxBookAgeMs() + " ms)";
        }
        if (state.openOrders().size() >= limits.maxOpenOrders()) {
            return "open orders at limit " + limits.maxOpenOrders();
        }
        long after = state.position() + intent.side().sign() * intent.quantity();
        long pending = 0;
        for (RestingOrder o : state.openOrders()) {
            if (o.intent().side() == intent.side()) {
                pending += o.remaining();
            }
        }
        if (Math.abs(after) + pending > limits.maxPosition()) {
            return "position would reach " + (Math.abs(after) + pending) + " units, limit " + limits.maxPosition();
        }
        if (intent.type() == OrderType.LIMIT) {
            long mid = (book.bestBid() + book.bestAsk()) / 2;
            double distanceBps = Math.abs(intent.price() - mid) * 1e4 / mid;
            if (distanceBps > limits.priceCollarBps()) {
                return String.format(java.util.Locale.ROOT, "limit price %.1f bps from mid, collar %.1f bps",
                        distanceBps, limits.priceCollarBps());
            }
        }
        return null;
    }
}
