package io.orderflow.book;

import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;

/**
 * An L2 order book: one aggregated size per price and side, exact scaled-long prices and sizes. Level 0 is the
 * best price on each side. Implementations must pass {@code OrderBookContractTest}.
 */
public interface OrderBook {
    /** Returned by price and size queries for a level the book does not have. */
    long NONE = Long.MIN_VALUE;

    /** Sets the size at a price; size 0 removes the level (removing an absent level is a normal no-op). */
    void set(Side side, long price, long size);

    /** Removes every level. */
    void clear();

    /** Number of price levels on a side. */
    int depth(Side side);

    /** Price at a level (0 = best), or {@link #NONE} beyond the book. */
    long price(Side side, int level);

    /** Size at a level (0 = best), or {@link #NONE} beyond the book. */
    long size(Side side, int level);

    /** Size resting at an exact price, 0 if the level is absent. */
    long sizeAt(Side side, long price);

    default long bestBidPrice() {
        return price(Side.BUY, 0);
    }

    default long bestAskPrice() {
        return price(Side.SELL, 0);
    }

    default long bestBidSize() {
        return size(Side.BUY, 0);
    }

    default long bestAskSize() {
        return size(Side.SELL, 0);
    }

    /** Applies a run of absolute levels to one side. */
    default void apply(Side side, PriceLevels levels) {
        for (int i = 0; i < levels.count(); i++) {
            set(side, levels.price(i), levels.size(i));
        }
    }

    /** Replaces the whole book. */
    default void replace(PriceLevels bids, PriceLevels asks) {
        clear();
        apply(Side.BUY, bids);
        apply(Side.SELL, asks);
    }

    /** True when both sides are present and the best bid is at or above the best ask. */
    default boolean isCrossed() {
        return depth(Side.BUY) > 0 && depth(Side.SELL) > 0 && bestBidPrice() >= bestAskPrice();
    }

    /**
     * Checks what every valid book satisfies: strictly sorted sides (bids descending, asks ascending), no zero or
     * negative sizes, not crossed. Throws {@link IllegalStateException} naming the first broken invariant.
     */
    default void checkInvariants() {
        for (Side side : Side.values()) {
            int n = depth(side);
            for (int i = 0; i < n; i++) {
                if (size(side, i) <= 0) {
                    throw new IllegalStateException(side + " level " + i + " has size " + size(side, i));
                }
                if (i > 0) {
                    long better = price(side, i - 1);
                    long worse = price(side, i);
                    boolean sorted = side == Side.BUY ? better > worse : better < worse;
                    if (!sorted) {
                        throw new IllegalStateException(
                                side + " levels out of order at " + i + ": " + better + " then " + worse);
                    }
                }
            }
        }
        if (isCrossed()) {
            throw new IllegalStateException("crossed book: bid " + bestBidPrice() + " >= ask " + bestAskPrice());
        }
    }

    /** Copies the top {@code n} levels of a side (fewer if the book is shallower). */
    default PriceLevels top(Side side, int n) {
        int k = Math.min(n, depth(side));
        long[] prices = new long[k];
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            prices[i] = price(side, i);
            sizes[i] = size(side, i);
        }
        return PriceLevels.wrap(prices, sizes);
    }

    /**
     * Copies a side's levels, best first, until their cumulative quote notional (price × size, summed exactly in
     * units) reaches {@code quoteNotional}, or the whole side if it holds less. A walk of an order of that notional
     * over the copy uses exactly the levels it would use on the whole book. Called once a second, not per update:
     * the exact sum's allocations do not matter.
     */
    default PriceLevels topCovering(Side side, double quoteNotional) {
        java.math.BigInteger target = java.math.BigDecimal.valueOf(quoteNotional).movePointRight(2 * Decimals.SCALE)
                .setScale(0, java.math.RoundingMode.CEILING).toBigInteger();
        java.math.BigInteger notional = java.math.BigInteger.ZERO;
        int n = depth(side);
        int k = 0;
        while (k < n && notional.compareTo(target) < 0) {
            notional = notional.add(java.math.BigInteger.valueOf(price(side, k))
                    .multiply(java.math.BigInteger.valueOf(size(side, k))));
            k++;
        }
        return top(side, k);
    }
}
