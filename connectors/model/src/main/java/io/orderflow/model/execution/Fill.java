package io.orderflow.model.execution;

import io.orderflow.model.Side;

/** An execution of (part of) an order. {@code fee} is in quote currency, positive = paid. */
public record Fill(
        String fillId,
        String clientOrderId,
        String strategy,
        String venue,
        String symbol,
        Side side,
        long price,
        long quantity,
        long fee,
        boolean maker,
        long eventTimeMs,
        long decisionMidPrice) {}
