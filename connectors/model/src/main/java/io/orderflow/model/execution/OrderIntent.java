package io.orderflow.model.execution;

import io.orderflow.model.Side;

/**
 * What a strategy wants: an order not yet checked by risk. {@code clientOrderId} is derived from the decision
 * (strategy, instrument, the book sequence it reacted to), so the same decision replayed after a failure yields the
 * same id and the venue refuses a duplicate. Prices and sizes are exact scaled longs; a MARKET order has price 0.
 * A reduce-only order may only shrink the position (an exit): the venue cancels what would open or grow one.
 */
public record OrderIntent(
        String clientOrderId,
        String strategy,
        String venue,
        String symbol,
        Side side,
        OrderType type,
        TimeInForce timeInForce,
        long price,
        long quantity,
        long decisionTimeMs,
        long decisionReceivedAtNanos,
        long decisionMidPrice,
        String reason,
        boolean reduceOnly) {

    public OrderIntent {
        if (quantity <= 0) {
            throw new IllegalArgumentException("order quantity must be positive, got " + quantity);
        }
        if (type == OrderType.LIMIT && price <= 0) {
            throw new IllegalArgumentException("a limit order needs a positive price, got " + price);
        }
    }

    /** An order that may open or grow a position. */
    public OrderIntent(String clientOrderId, String strategy, String venue, String symbol, Side side, OrderType type,
            TimeInForce timeInForce, long price, long quantity, long decisionTimeMs, long decisionReceivedAtNanos,
            long decisionMidPrice, String reason) {
        this(clientOrderId, strategy, venue, symbol, side, type, timeInForce, price, quantity, decisionTimeMs,
                decisionReceivedAtNanos, decisionMidPrice, reason, false);
    }

    /** The same order, reduce-only. */
    public OrderIntent asReduceOnly() {
        return new OrderIntent(clientOrderId, strategy, venue, symbol, side, type, timeInForce, price, quantity,
                decisionTimeMs, decisionReceivedAtNanos, decisionMidPrice, reason, true);
    }
}
