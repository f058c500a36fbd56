package io.orderflow.model;

/** A public trade print. {@code aggressor} is the taker's side (BUY when a buyer lifted the offer). */
public record Trade(
        String venue,
        String symbol,
        long exchangeTimeMs,
        long receivedAtNanos,
        String tradeId,
        long price,
        long size,
        Side aggressor)
        implements MarketEvent {}
