package io.orderflow.job.records;

import io.orderflow.model.BookTop;
import io.orderflow.model.PriceLevels;

/**
 * The top {@link #LEVELS} levels of one book as it stood at the end of one second of event time (epoch
 * {@code second}), with the time and sequence of the last update applied to it. Prices and sizes are the book's
 * exact scaled longs, best first; a side with fewer levels has shorter arrays.
 */
public record TopLevelsSecond(String venue, String symbol, long second, long updateId, long lastUpdateTimeMs,
        long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes) {

    /** Depth of the per-second recording: the 10-tier snapshot traders train models on. */
    public static final int LEVELS = 10;

    /** The book {@code top} (its first {@link #LEVELS} levels) as the row of {@code second}. */
    public static TopLevelsSecond of(BookTop top, long second) {
        return new TopLevelsSecond(top.venue(), top.symbol(), second, top.sequence(), top.exchangeTimeMs(),
                prices(top.bids()), sizes(top.bids()), prices(top.asks()), sizes(top.asks()));
    }

    private static long[] prices(PriceLevels side) {
        long[] out = new long[Math.min(LEVELS, side.count())];
        for (int i = 0; i < out.length; i++) {
            out[i] = side.price(i);
        }
        return out;
    }

    private static long[] sizes(PriceLevels side) {
        long[] out = new long[Math.min(LEVELS, side.count())];
        for (int i = 0; i < out.length; i++) {
            out[i] = side.size(i);
        }
        return out;
    }
}
