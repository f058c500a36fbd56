package io.orderflow.book;

/**
 * One side of a book as a sorted array of (key, size) pairs, keys ascending so the best level (largest key) is
 * last: bids use the price as key, asks the negated price. Used whole by {@link ArrayOrderBook} and for the levels
 * beyond the ladder's window by {@link LadderOrderBook}.
 */
final class SortedLevels {
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

    /** Adds a level whose key is above every key held: no search, no shift. */
    void append(long key, long size) {
        if (count == keys.length) {
            keys = java.util.Arrays.copyOf(keys, count * 2);
            sizes = java.util.Arrays.copyOf(sizes, count * 2);
        }
        keys[count] = key;
        sizes[count] = size;
        count++;
    }
}
