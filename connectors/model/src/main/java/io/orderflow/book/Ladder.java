package io.orderflow.book;

/**
 * One side of a {@link LadderOrderBook}, keys ascending toward the best (bids: price, asks: negated price).
 *
 * <p>Real L2 traffic lands within a few dozen ticks of the touch (in the Binance USD-M capture, 99.6% of level
 * updates are within 1,024 ticks of the best, none beyond 4,096), so the levels near the best live in a window
 * of {@link #SLOTS} price slots addressed directly by {@code (key - low) / tick}: an update is a division by
 * multiply-high, an array store and, when a level appears or disappears, one bit flip; the next best after a
 * delete is a leading-zero count over the occupancy bits. Levels below the window (the far tail of a 1,000-level
 * snapshot, or a venue's odd price off the tick grid far from the touch) stay exact in a {@link SortedLevels}.
 *
 * <p>Invariant: every level with key {@code >= low} is in the window, on the grid {@code low + k * tick}, below
 * {@code low + SLOTS * tick}; every level with key {@code < low} is in the tail. So the window's levels are all
 * better than the tail's, and walking levels is the window from the best down, then the tail from its top down.
 *
 * <p>The tick is not configured: it is the greatest common divisor of the price steps seen near the touch, and
 * shrinks (with one rebuild) if a finer price arrives inside the window. The window moves (one rebuild, cost
 * proportional to its levels) when a better level arrives above it, when it empties, or when the best has drifted
 * to its bottom eighth.
 */
final class Ladder {
    static final int SLOTS = 8192;
    /** Where a rebuild puts the best: a quarter of the window stays free above it for better prices. */
    private static final int BEST_SLOT = SLOTS - SLOTS / 4;
    /** An off-grid level this many slots below the best or nearer refines the tick; farther ones stay in the tail. */
    private static final int NEAR_TOUCH = 64;
    private static final int BELOW = -1;
    private static final int ABOVE = -2;
    private static final int OFF_GRID = -3;
    /** Beyond these a window's key arithmetic could overflow; such a side keeps every level in the tail. */
    private static final long MAX_KEY = 1L << 61;
    private static final long MAX_TICK = MAX_KEY / SLOTS;

    private final boolean positiveKeys;
    private final long[] sizes = new long[SLOTS];
    private final long[] occupied = new long[SLOTS / 64];
    final SortedLevels tail = new SortedLevels();

    /** 0 while there is no window (fewer than two prices seen, or keys too large for one); low is then MAX_VALUE. */
    private long tick;
    /** floor((2^64 - 1) / tick): turns the slot division into a multiply-high (tick >= 2). */
    private long reciprocal;
    private long low = Long.MAX_VALUE;
    /** Levels in the window. */
    private int count;
    /** Slot of the best level, -1 when the window is empty. */
    private int best = -1;
    /** Where the last level walk stopped (level index, slot), so reading the top N levels is linear; -1 = none. */
    private int walkLevel = -1;
    private int walkSlot;

    /** @param positiveKeys true for bids (keys are prices, never below 1): the window then never reaches below 1. */
    Ladder(boolean positiveKeys) {
        this.positiveKeys = positiveKeys;
    }

    int depth() {
        return count + tail.count;
    }

    void clear() {
        for (int w = 0; w < occupied.length; w++) {
            for (long bits = occupied[w]; bits != 0; bits &= bits - 1) {
                sizes[(w << 6) + Long.numberOfTrailingZeros(bits)] = 0;
            }
            occupied[w] = 0;
        }
        count = 0;
        best = -1;
        tail.count = 0;
        walkLevel = -1;
    }

    void set(long key, long size) {
        // The hot path, kept small enough to inline: a key on the window's grid whose level exists or is new.
        long offset = key - low;
        if (offset >= 0 && ((key ^ low) & (key ^ offset)) >= 0) { // without a window, low is Long.MAX_VALUE
            long q = quotient(offset);
            if (q < SLOTS && offset == q * tick) {
                int slot = (int) q;
                long old = sizes[slot];
                if (old != 0 && size != 0) {
                    sizes[slot] = size;
                    return;
                }
                if (old != 0 || size != 0) {
                    setSlot(slot, size);
                }
                return;
            }
        }
        setOutsideWindow(key, size);
    }

    private void setOutsideWindow(long key, long size) {
        if (tick == 0) {
            tail.set(key, size);
            if (size != 0 && tail.count >= 2) {
                startWindow();
            }
            return;
        }
        int slot = slotOf(key);
        if (slot == BELOW && (count > 0 || size == 0 || (tail.count > 0 && key < tail.keys[tail.count - 1]))) {
            tail.set(key, size);
        } else if (slot == BELOW) {
            // An empty window (after a clear, say) and a level that would be the best: the window moves to it.
            rebuild(tick, key);
            set(key, size);
        } else if (size != 0 && slot == OFF_GRID && best >= 0 && key < keyOf(best) - NEAR_TOUCH * tick) {
            // A level between grid points far from the touch (Binance keeps levels placed before a tick-size
            // change): the window ends just above it rather than refining its tick for all levels.
            dropSlotsBelow((int) quotient(key - low) + 1);
            tail.set(key, size);
        } else if (size != 0) {
            // A new level above the window or between its grid points near the touch: move or refine the window.
            long offset = key - low;
            long remainder = offset - quotient(offset) * tick;
            long newTick = remainder == 0 ? tick : gcd(tick, remainder);
            long anchor = slot == ABOVE || best < 0 ? key : Math.max(key, keyOf(best));
            rebuild(newTick, anchor);
            set(key, size);
        }
        // size 0 above the window or off its grid: the level is absent, deleting it is a no-op.
    }

    /** A level appears (size > 0) or disappears (size 0) in the window. */
    private void setSlot(int slot, long size) {
        walkLevel = -1;
        long bit = 1L << slot;
        int word = slot >>> 6;
        if (size != 0) {
            occupied[word] |= bit;
            count++;
            if (slot > best) {
                best = slot;
            }
            sizes[slot] = size;
            return;
        }
        sizes[slot] = 0;
        occupied[word] &= ~bit;
        count--;
        if (slot == best) {
            best = highestAtOrBelow(slot - 1);
            if (tail.count > 0 && best < SLOTS / 8) {
                rebuild(tick, best >= 0 ? keyOf(best) : tail.keys[tail.count - 1]);
            }
        }
    }

    /** The slot of a key, or BELOW / ABOVE the window, or OFF_GRID inside its range. */
    private int slotOf(long key) {
        long offset = key - low;
        if (((key ^ low) & (key ^ offset)) < 0) { // the subtraction overflowed: the key is far outside
            return key < low ? BELOW : ABOVE;
        }
        if (offset < 0) {
            return BELOW;
        }
        long q = quotient(offset);
        if (q >= SLOTS) {
            return ABOVE;
        }
        return offset == q * tick ? (int) q : OFF_GRID;
    }

    /** floor(offset / tick) for offset >= 0, without a 40-cycle division. */
    private long quotient(long offset) {
        if (tick == 1) {
            return offset;
        }
        // offset < 2^63 and reciprocal < 2^63, so the signed high product is the unsigned one and falls short of
        // the true quotient by at most one.
        long q = Math.multiplyHigh(offset, reciprocal);
        return offset - q * tick >= tick ? q + 1 : q;
    }

    private long keyOf(int slot) {
        return low + slot * tick;
    }

    /** The highest occupied slot at or below {@code from}, -1 if none. */
    private int highestAtOrBelow(int from) {
        if (from < 0) {
            return -1;
        }
        int word = from >>> 6;
        long bits = occupied[word] & (-1L >>> (63 - (from & 63)));
        while (bits == 0) {
            if (--word < 0) {
                return -1;
            }
            bits = occupied[word];
        }
        return (word << 6) + 63 - Long.numberOfLeadingZeros(bits);
    }

    /** The first window: the tick from the price steps among the best levels so far. */
    private void startWindow() {
        long step = 0;
        for (int i = tail.count - 1; i > 0 && i >= tail.count - 16; i--) {
            step = gcd(step, tail.keys[i] - tail.keys[i - 1]);
        }
        rebuild(step, tail.keys[tail.count - 1]);
    }

    /**
     * Puts every window level into the tail, lays out a window of {@code newTick} with {@code anchor} (which no
     * level is above) at {@link #BEST_SLOT}, and pulls the tail's levels that fall in it back in.
     */
    private void rebuild(long newTick, long anchor) {
        walkLevel = -1;
        int n = count; // window levels are above every tail level: collect them ascending, append them in order
        long[] keys = new long[n];
        long[] levelSizes = new long[n];
        for (int slot = highestAtOrBelow(SLOTS - 1), i = n - 1; slot >= 0; slot = highestAtOrBelow(slot - 1), i--) {
            keys[i] = keyOf(slot);
            levelSizes[i] = sizes[slot];
        }
        clearWindow();
        for (int i = 0; i < n; i++) {
            tail.append(keys[i], levelSizes[i]);
        }
        if (newTick <= 0 || newTick > MAX_TICK || anchor > MAX_KEY || anchor < -MAX_KEY) {
            tick = 0; // keys this large never occur in real books; they stay exact in the tail
            low = Long.MAX_VALUE;
            return;
        }
        tick = newTick;
        reciprocal = newTick == 1 ? 0 : Long.divideUnsigned(-1L, newTick);
        low = anchor - BEST_SLOT * newTick;
        if (positiveKeys && low < 1) {
            low = anchor - ((anchor - 1) / newTick) * newTick; // the lowest grid point that is a valid price
        }
        // Pull the tail's top levels into the window, down to the first one off the grid.
        while (tail.count > 0 && tail.keys[tail.count - 1] >= low) {
            long key = tail.keys[tail.count - 1];
            long offset = key - low;
            long q = quotient(offset);
            if (offset != q * tick) {
                // A level between grid points: it stays in the tail, and the window starts just above it.
                int skip = (int) q + 1;
                dropSlotsBelow(skip);
                break;
            }
            int slot = (int) q;
            sizes[slot] = tail.sizes[tail.count - 1];
            occupied[slot >>> 6] |= 1L << slot;
            count++;
            tail.count--;
        }
        best = highestAtOrBelow(SLOTS - 1);
    }

    /**
     * Moves the window's bottom up by {@code skip} slots: the levels in those slots (all above every tail level)
     * go to the tail in order, the rest shift down.
     */
    private void dropSlotsBelow(int skip) {
        walkLevel = -1;
        for (int slot = 0; slot < skip; slot++) {
            if (sizes[slot] != 0) {
                tail.append(keyOf(slot), sizes[slot]);
                count--;
            }
        }
        System.arraycopy(sizes, skip, sizes, 0, SLOTS - skip);
        java.util.Arrays.fill(sizes, SLOTS - skip, SLOTS, 0);
        java.util.Arrays.fill(occupied, 0);
        for (int slot = 0; slot < SLOTS - skip; slot++) {
            if (sizes[slot] != 0) {
                occupied[slot >>> 6] |= 1L << slot;
            }
        }
        low += skip * tick;
        best = highestAtOrBelow(SLOTS - 1);
    }

    private void clearWindow() {
        int n = tail.count;
        clear();
        tail.count = n;
    }

    long keyAt(int level) {
        if (level == 0 && count > 0) {
            return keyOf(best);
        }
        if (level < count) {
            return keyOf(slotAt(level));
        }
        return tail.keys[tail.count - 1 - (level - count)];
    }

    long sizeAt(int level) {
        if (level == 0 && count > 0) {
            return sizes[best];
        }
        if (level < count) {
            return sizes[slotAt(level)];
        }
        return tail.sizes[tail.count - 1 - (level - count)];
    }

    long sizeOf(long key) {
        if (tick != 0) {
            int slot = slotOf(key);
            if (slot >= 0) {
                return sizes[slot];
            }
            if (slot != BELOW) {
                return 0;
            }
        }
        int i = tail.find(key);
        return i >= 0 ? tail.sizes[i] : 0;
    }

    /** The slot of the level-th best window level (level < count), continuing the last walk where it can. */
    private int slotAt(int level) {
        int at;
        int slot;
        if (walkLevel >= 0 && walkLevel <= level) {
            at = walkLevel;
            slot = walkSlot;
        } else {
            at = 0;
            slot = best;
        }
        for (; at < level; at++) {
            slot = highestAtOrBelow(slot - 1);
        }
        walkLevel = at;
        walkSlot = slot;
        return slot;
    }

    private static long gcd(long a, long b) {
        a = Math.abs(a);
        b = Math.abs(b);
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
