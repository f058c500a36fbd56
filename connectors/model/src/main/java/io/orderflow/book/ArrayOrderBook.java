package io.orderflow.book;

import io.orderflow.model.Side;

/**
 * The production book: each side is a sorted array of (price, size) pairs kept so that the best level sits at the
 * END of the array. Real L2 traffic concentrates near the touch, so inserts and deletes there shift only a few
 * elements, and reading the BBO is an array load. Asks are stored with negated prices so one ascending-key side
 * implementation serves both.
 */
public final class ArrayOrderBook implements OrderBook {
    private final SortedLevels bids = new SortedLevels();
    private final SortedLevels asks = new SortedLevels();

    private SortedLevels side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    private static long key(Side side, long price) {
        return side == Side.BUY ? price : -price;
    }

    @Override
    public void set(Side side, long price, long size) {
        if (price <= 0 || size < 0) {
            throw new IllegalArgumentException("invalid level " + side + " price=" + price + " size=" + size);
        }
        side(side).set(key(side, price), size);
    }

    @Override
    public void clear() {
        bids.count = 0;
        asks.count = 0;
    }

    @Override
    public int depth(Side side) {
        return side(side).count;
    }

    @Override
    public long price(Side side, int level) {
        SortedLevels s = side(side);
        if (level < 0 || level >= s.count) {
            return NONE;
        }
        long k = s.keys[s.count - 1 - level];
        return side == Side.BUY ? k : -k;
    }

    @Override
    public long size(Side side, int level) {
        SortedLevels s = side(side);
        if (level < 0 || level >= s.count) {
            return NONE;
        }
        return s.sizes[s.count - 1 - level];
    }

    @Override
    public long sizeAt(Side side, long price) {
        SortedLevels s = side(side);
        int i = s.find(key(side, price));
        return i >= 0 ? s.sizes[i] : 0;
    }
}
