package io.orderflow.book;

import io.orderflow.model.Side;

/**
 * The production book: each side a {@link Ladder}, a window of directly addressed price slots around the touch
 * over a sorted array for the far levels. A level update near the touch costs a few nanoseconds whatever the
 * book's depth (the sorted-array {@link ArrayOrderBook} shifts its arrays on every insert and delete, which on a
 * 1,000-level book dominates). Asks are kept under negated prices so one side implementation serves both.
 */
public final class LadderOrderBook implements OrderBook {
    private final Ladder bids = new Ladder(true);
    private final Ladder asks = new Ladder(false);

    @Override
    public void set(Side side, long price, long size) {
        // beyond MAX_PRICE the window's key arithmetic could overflow: refused here, and by the sources before
        if (price <= 0 || price > io.orderflow.model.EventChecks.MAX_PRICE || size < 0) {
            throw new IllegalArgumentException("invalid level " + side + " price=" + price + " size=" + size);
        }
        boolean bid = side == Side.BUY;
        (bid ? bids : asks).set(bid ? price : -price, size);
    }

    @Override
    public void clear() {
        bids.clear();
        asks.clear();
    }

    @Override
    public int depth(Side side) {
        return side == Side.BUY ? bids.depth() : asks.depth();
    }

    @Override
    public long price(Side side, int level) {
        Ladder s = side == Side.BUY ? bids : asks;
        if (level < 0 || level >= s.depth()) {
            return NONE;
        }
        long key = s.keyAt(level);
        return side == Side.BUY ? key : -key;
    }

    @Override
    public long size(Side side, int level) {
        Ladder s = side == Side.BUY ? bids : asks;
        if (level < 0 || level >= s.depth()) {
            return NONE;
        }
        return s.sizeAt(level);
    }

    @Override
    public long sizeAt(Side side, long price) {
        return side == Side.BUY ? bids.sizeOf(price) : asks.sizeOf(-price);
    }
}
