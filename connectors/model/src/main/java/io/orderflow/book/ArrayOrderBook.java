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

    /** Ascending keys, best (largest key) last. */
    static final class SortedLevels {
        long[] keys = new long[64];
        long[] sizes = new long[64];
        int count;

        int find(long key) {
            // Scan from the top first: almost every update is within a few levels of the touch.
            int n = count;
            for (int i = n - 1, stop = Math.max(0, n - 8); i >= stop; i--) {
                long k = keys[i];
                if (k == key) {
                    return i;
                }
                if (k < key) {
                    return -(i + 1) - 1;
                }
            }
            int lo = 0;
            int hi = Math.max(0, n - 8) - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long k = keys[mid];
                if (k < key) {
                    lo = mid + 1;
                } else if (k > key) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }

        void set(long key, long size) {
            int i = find(key);
            if (i >= 0) {
                if (size == 0) {
                    System.arraycopy(keys, i + 1, keys, i, count - i - 1);
                    System.arraycopy(sizes, i + 1, sizes, i, count - i - 1);
                    count--;
                } else {
                    sizes[i] = size;
                }
                return;
            }
            if (size == 0) {
                return;
            }
            int at = -i - 1;
            if (count == keys.length) {
                keys = java.util.Arrays.copyOf(keys, count * 2);
                sizes = java.util.Arrays.copyOf(sizes, count * 2);
            }
            System.arraycopy(keys, at, keys, at + 1, count - at);
            System.arraycopy(sizes, at, sizes, at + 1, count - at);
            keys[at] = key;
            sizes[at] = size;
            count++;
        }
    }
}
