package io.orderflow.execution.strategy;

import io.orderflow.execution.state.TradingState;

import io.orderflow.model.BookTop;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.util.List;

/**
 * Demonstration strategy: when the top-N volume imbalance (ΣVb − ΣVa)/(ΣVb + ΣVa) is beyond ±threshold, join the
 * touch on the heavy side with a small limit order (buy at the best bid when bids dominate), at most one working
 * order per instrument and one decision per cooldown. Not a money-maker: it exists to drive the execution path
 * with realistic intents.
 */
public final class ImbalanceStrategy implements Strategy {
    private static final long serialVersionUID = 1L;

    private final int levels;
    private final double threshold;
    private final long quantity;
    private final long cooldownMs;

    public ImbalanceStrategy(int levels, double threshold, long quantity, long cooldownMs) {
        if (levels < 1) {
            throw new IllegalArgumentException("imbalance levels must be at least 1, got " + levels);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("imbalance threshold must be in (0, 1), got " + threshold);
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("order quantity must be positive");
        }
        this.levels = levels;
        this.threshold = threshold;
        this.quantity = quantity;
        this.cooldownMs = cooldownMs;
    }

    @Override
    public String name() {
        return "imbalance";
    }

    /** (ΣVb − ΣVa)/(ΣVb + ΣVa) over the top {@code n} levels; 0 for an empty book. */
    public static double imbalance(BookTop book, int n) {
        double bid = 0;
        double ask = 0;
        for (int i = 0; i < Math.min(n, book.bids().count()); i++) {
            bid += book.bids().size(i);
        }
        for (int i = 0; i < Math.min(n, book.asks().count()); i++) {
            ask += book.asks().size(i);
        }
        return bid + ask == 0 ? 0 : (bid - ask) / (bid + ask);
    }

    @Override
    public List<OrderIntent> onBook(BookTop book, TradingState state) {
        if (!book.twoSided() || !state.openOrders().isEmpty()
                || book.exchangeTimeMs() - state.lastDecisionMs() < cooldownMs) {
            return List.of();
        }
        double imbalance = imbalance(book, levels);
        if (Math.abs(imbalance) < threshold) {
            return List.of();
        }
        Side side = imbalance > 0 ? Side.BUY : Side.SELL;
        long price = side == Side.BUY ? book.bestBid() : book.bestAsk();
        long mid = (book.bestBid() + book.bestAsk()) / 2;
        state.recordDecision(book.exchangeTimeMs());
        String id = ClientOrderIds.of(name(), book.venue(), book.symbol(), book.sequence(), side);
        return List.of(new OrderIntent(id, name(), book.venue(), book.symbol(), side, OrderType.LIMIT,
                TimeInForce.GTC, price, quantity, book.exchangeTimeMs(), book.receivedAtNanos(), mid,
                String.format(java.util.Locale.ROOT, "top-%d imbalance %.3f", levels, imbalance)));
    }
}
