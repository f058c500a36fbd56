package io.orderflow.model;

/**
 * One normalized record per exchange message (never one per price level: a record hop costs far more than a level
 * update). Every event carries the venue's own timestamp and the local receive time, so both event-time windows
 * and tick-to-trade latency can be computed.
 */
public sealed interface MarketEvent permits BookSnapshot, BookDelta, Trade, VenueBbo, DataQualityEvent {
    /**
     * The time a decoder gives a message the venue sent without one (Binance spot's bookTicker and REST snapshot,
     * a Gemini book message before any timed one). The source replaces it with a time on the venue's clock before
     * the event leaves; the local clock never stands in (it would drag watermarks away from the venue's).
     */
    long NO_VENUE_TIME = Long.MIN_VALUE;
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

    /** The same event at another venue time (a data-quality event is returned as it is). */
    static MarketEvent atVenueTime(MarketEvent e, long exchangeTimeMs) {
        if (e instanceof BookSnapshot s) {
            return new BookSnapshot(s.venue(), s.symbol(), exchangeTimeMs, s.receivedAtNanos(), s.sequence(),
                    s.bids(), s.asks());
        }
        if (e instanceof BookDelta d) {
            return new BookDelta(d.venue(), d.symbol(), exchangeTimeMs, d.receivedAtNanos(), d.firstSequence(),
                    d.lastSequence(), d.previousSequence(), d.bids(), d.asks());
        }
        if (e instanceof Trade t) {
            return new Trade(t.venue(), t.symbol(), exchangeTimeMs, t.receivedAtNanos(), t.tradeId(), t.price(),
                    t.size(), t.aggressor());
        }
        if (e instanceof VenueBbo b) {
            return new VenueBbo(b.venue(), b.symbol(), exchangeTimeMs, b.receivedAtNanos(), b.updateId(),
                    b.bidPrice(), b.bidSize(), b.askPrice(), b.askSize());
        }
        return e;
    }
}
