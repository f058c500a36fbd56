package io.orderflow.model.execution;

import io.orderflow.model.Side;

/**
 * One state transition of an order, as the execution venue reported it (or the risk gate decided it). The order
 * table is the sequence of these; the latest one per client order id is the order's state.
 */
public record OrderUpdate(
        String clientOrderId,
        String strategy,
        String venue,
        String symbol,
        Side side,
        OrderType type,
        long price,
        long quantity,
        long filledQuantity,
        OrderStatus status,
        String reason,
        long eventTimeMs) {}
