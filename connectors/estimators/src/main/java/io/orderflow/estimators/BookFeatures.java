package io.orderflow.estimators;

import io.orderflow.book.OrderBook;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;

/**
 * Features of one book state, in plain Java (statistics in double; the book itself stays exact):
 * <ul>
 *   <li>top-N volume imbalance (ΣVb − ΣVa)/(ΣVb + ΣVa) over the first N levels of each side;</li>
 *   <li>weighted mid I·Pa + (1 − I)·Pb with I = qb/(qb + qa) at the touch (GUIDE §6);</li>
 *   <li>microprice, here the depth-weighted form of the same idea over the top N levels:
 *       I_N·Pa + (1 − I_N)·Pb with I_N = ΣVb/(ΣVb + ΣVa). With N = 1 it equals the weighted mid. (Stoikov's
 *       2018 micro-price is a model-based adjustment and is not what this computes.)</li>
 *   <li>spread in bps of the mid, and depth within X bps of the mid per side, in quote currency.</li>
 * </ul>
 */
public final class BookFeatures {
    private BookFeatures() {}

    public static double imbalance(PriceLevels bids, PriceLevels asks, int levels) {
        double b = volume(bids, levels);
        double a = volume(asks, levels);
        return a + b == 0 ? 0 : (b - a) / (b + a);
    }

    public static double mid(PriceLevels bids, PriceLevels asks) {
        return (Decimals.toDouble(bids.price(0)) + Decimals.toDouble(asks.price(0))) / 2;
    }

    public static double weightedMid(PriceLevels bids, PriceLevels asks) {
        return microprice(bids, asks, 1);
    }

    public static double microprice(PriceLevels bids, PriceLevels asks, int levels) {
        double b = volume(bids, levels);
        double a = volume(asks, levels);
        double i = b / (b + a);
        return i * Decimals.toDouble(asks.price(0)) + (1 - i) * Decimals.toDouble(bids.price(0));
    }

    public static double spreadBps(PriceLevels bids, PriceLevels asks) {
        return (Decimals.toDouble(asks.price(0)) - Decimals.toDouble(bids.price(0))) / mid(bids, asks) * 1e4;
    }

    /** Quote notional resting on one side within {@code bps} of the mid. */
    public static double depthWithinBps(PriceLevels side, double mid, double bps) {
        double limit = mid * bps / 1e4;
        double notional = 0;
        for (int i = 0; i < side.count(); i++) {
            double p = Decimals.toDouble(side.price(i));
            if (Math.abs(p - mid) > limit) {
                break; // levels are best first: the rest are further still
            }
            notional += p * Decimals.toDouble(side.size(i));
        }
        return notional;
    }

    /**
     * The same on a whole book's side (every level, not a carried top), with the mid of its touch: what "depth
     * within N bps" means. Walks only the levels inside the band, on the scaled prices (the book operator runs
     * this on every update, so no division per level): the band's edge is turned into a scaled price once, and
     * the notional summed in units² and scaled once at the end.
     */
    public static double depthWithinBps(OrderBook book, Side side, double bps) {
        if (book.depth(Side.BUY) == 0 || book.depth(Side.SELL) == 0) {
            return 0;
        }
        double mid = (Decimals.toDouble(book.bestBidPrice()) + Decimals.toDouble(book.bestAskPrice())) / 2;
        double limit = mid * bps / 1e4;
        boolean bids = side == Side.BUY;
        // the furthest price still within the band, in units: at or above it for bids, at or below it for asks
        double edge = (bids ? mid - limit : mid + limit) * Decimals.UNIT;
        long bound = bids ? (long) Math.ceil(edge) : (long) Math.floor(edge);
        double units = 0;
        int n = book.depth(side);
        for (int i = 0; i < n; i++) {
            long p = book.price(side, i);
            if (bids ? p < bound : p > bound) {
                break; // levels are best first: the rest are further still
            }
            units += (double) p * (double) book.size(side, i);
        }
        return units / ((double) Decimals.UNIT * Decimals.UNIT);
    }

    private static double volume(PriceLevels side, int levels) {
        double v = 0;
        for (int i = 0; i < Math.min(levels, side.count()); i++) {
            v += Decimals.toDouble(side.size(i));
        }
        return v;
    }
}
