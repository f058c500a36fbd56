package io.orderflow.model;

/**
 * What the book operator measured on the whole book after one message, beyond the top levels it carries: the quote
 * notional resting within {@code bandBps} of the mid on each side, and, when a slippage walk is due, every level a
 * walk of the largest configured order needs. Signals read these instead of the carried top levels, which on a
 * deep book hold a fraction of the band's depth and run out long before a large order is filled.
 *
 * @param bandBps the band the two notionals were measured in, in bps of the mid
 * @param bidNotional quote notional of the bids within the band (statistics: a double)
 * @param askNotional the same for the asks
 * @param walkBids null unless a walk is due; then the bids, best first, until their cumulative quote notional
 *     covers the largest configured order, or all of them if the side holds less (so a walk over them runs out
 *     exactly when the venue's whole visible side does)
 * @param walkAsks the same for the asks
 */
public record BookDepth(double bandBps, double bidNotional, double askNotional, PriceLevels walkBids,
        PriceLevels walkAsks) {
    public BookDepth {
        if ((walkBids == null) != (walkAsks == null)) {
            throw new IllegalArgumentException("walk levels come for both sides or neither");
        }
    }

    /** True when this update carries the levels for a slippage walk. */
    public boolean walkDue() {
        return walkBids != null;
    }
}
