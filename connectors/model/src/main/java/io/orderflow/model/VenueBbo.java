package io.orderflow.model;

/**
 * The venue's own best bid/offer stream (Binance {@code bookTicker}): an independent witness used to check that
 * the locally built book agrees with the exchange. {@code updateId} is the book update id it reflects.
 */
public record VenueBbo(
        String venue,
        String symbol,
        long exchangeTimeMs,
        long receivedAtNanos,
        long updateId,
        long bidPrice,
        long bidSize,
        long askPrice,
        long askSize)
        implements MarketEvent {}
