package io.orderflow.model;

/**
 * A full book from the venue (REST snapshot, or an in-stream snapshot message). {@code sequence} is the venue's
 * update id the snapshot is current at (Binance {@code lastUpdateId}); later deltas chain from it.
 */
public record BookSnapshot(
        String venue,
        String symbol,
        long exchangeTimeMs,
        long receivedAtNanos,
        long sequence,
        PriceLevels bids,
        PriceLevels asks)
        implements MarketEvent {}
