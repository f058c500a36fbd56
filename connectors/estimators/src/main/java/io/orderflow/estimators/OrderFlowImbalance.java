package io.orderflow.estimators;

/**
 * Order flow imbalance of Cont, Kukanov and Stoikov (2014), per book event, from the best bid/ask before (primed)
 * and after: e = 1{Pb ≥ Pb'}·qb − 1{Pb ≤ Pb'}·qb' − 1{Pa ≤ Pa'}·qa + 1{Pa ≥ Pa'}·qa'. Positive e is buying
 * pressure: more size bid at the same price, a higher bid, size leaving the ask, a higher ask. OFI over an interval
 * is the sum of e. Prices compare exactly (scaled longs); sizes contribute as doubles.
 */
public final class OrderFlowImbalance {
    private OrderFlowImbalance() {}

    public static double event(long bid, double bidSize, long ask, double askSize, long prevBid, double prevBidSize,
            long prevAsk, double prevAskSize) {
        double e = 0;
        if (bid >= prevBid) {
            e += bidSize;
        }
        if (bid <= prevBid) {
            e -= prevBidSize;
        }
        if (ask <= prevAsk) {
            e -= askSize;
        }
        if (ask >= prevAsk) {
            e += prevAskSize;
        }
        return e;
    }
}
