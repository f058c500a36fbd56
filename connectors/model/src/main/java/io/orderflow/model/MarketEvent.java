package io.orderflow.model;

/**
 * One normalized record per exchange message (never one per price level: a record hop costs far more than a level
 * update). Every event carries the venue's own timestamp and the local receive time, so both event-time windows
 * and tick-to-trade latency can be computed.
 */
public sealed interface MarketEvent permits BookSnapshot, BookDelta, Trade, VenueBbo, DataQualityEvent {
    /** Venue id as registered, e.g. "binance-spot". */
    String venue();

    /** Venue's own symbol, e.g. "BTCUSDT". */
    String symbol();

    /** The venue's timestamp for this message, epoch milliseconds (event time). */
    long exchangeTimeMs();

    /** When this process received the frame, epoch nanoseconds. */
    long receivedAtNanos();

    default String instrumentKey() {
        return InstrumentKey.of(venue(), symbol());
    }
}
