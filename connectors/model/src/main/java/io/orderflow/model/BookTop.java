package io.orderflow.model;

/**
 * The top levels of an in-sync book after one exchange message was applied: what signals, strategies and the
 * paper exchange read. {@code bboChanged} tells whether the best bid or offer (price or size) changed with this
 * message, so a BBO stream is a filter away.
 */
public record BookTop(
        String venue,
        String symbol,
        long exchangeTimeMs,
        long receivedAtNanos,
        long sequence,
        PriceLevels bids,
        PriceLevels asks,
        boolean bboChanged) {

    public String instrumentKey() {
        return InstrumentKey.of(venue, symbol);
    }

    public boolean twoSided() {
        return bids.count() > 0 && asks.count() > 0;
    }

    public long bestBid() {
        return bids.count() > 0 ? bids.price(0) : Long.MIN_VALUE;
    }

    public long bestAsk() {
        return asks.count() > 0 ? asks.price(0) : Long.MIN_VALUE;
    }

    /** Mid price as a double, for statistics only. NaN when a side is empty. */
    public double mid() {
        return twoSided() ? (Decimals.toDouble(bids.price(0)) + Decimals.toDouble(asks.price(0))) / 2 : Double.NaN;
    }
}
