package io.orderflow.model;

/**
 * The top levels of an in-sync book after one exchange message was applied: what signals, strategies and the
 * paper exchange read. {@code bboChanged} tells whether the best bid or offer (price or size) changed with this
 * message, so a BBO stream is a filter away. {@code afterGap} marks the first top of a book rebuilt from a snapshot
 * (the first ever, or after a gap, a lost connection or a restore): how the book got from its previous top to this
 * one is unknown, so nothing may be measured across the two (no return, no change). {@code depth} is what the book
 * operator measured on the whole book (null when the top was built elsewhere, e.g. from a table's rows: the top
 * levels are then all there is).
 */
public record BookTop(
        String venue,
        String symbol,
        long exchangeTimeMs,
        long receivedAtNanos,
        long sequence,
        PriceLevels bids,
        PriceLevels asks,
        boolean bboChanged,
        boolean afterGap,
        BookDepth depth) {

    /** A top that continues its book, with no whole-book measurements. */
    public BookTop(String venue, String symbol, long exchangeTimeMs, long receivedAtNanos, long sequence,
            PriceLevels bids, PriceLevels asks, boolean bboChanged) {
        this(venue, symbol, exchangeTimeMs, receivedAtNanos, sequence, bids, asks, bboChanged, false, null);
    }

    /** The same top without its whole-book measurements (what a consumer that keeps tops in state needs). */
    public BookTop withoutDepth() {
        return depth == null ? this
                : new BookTop(venue, symbol, exchangeTimeMs, receivedAtNanos, sequence, bids, asks, bboChanged,
                        afterGap, null);
    }

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
