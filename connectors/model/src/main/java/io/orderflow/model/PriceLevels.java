package io.orderflow.model;

import java.util.Arrays;

/**
 * An immutable run of price levels from one exchange message: parallel arrays of scaled prices and sizes, in the
 * order the venue sent them. A size of 0 in a delta deletes the level. Arrays, not objects per level, because a
 * message can carry thousands of levels and each one would otherwise cost an allocation on the hot path.
 */
public final class PriceLevels {
    public static final PriceLevels EMPTY = new PriceLevels(new long[0], new long[0]);

    private final long[] prices;
    private final long[] sizes;

    private PriceLevels(long[] prices, long[] sizes) {
        this.prices = prices;
        this.sizes = sizes;
    }

    /** Takes ownership of the arrays (no copy); callers must not change them afterwards. */
    public static PriceLevels wrap(long[] prices, long[] sizes) {
        if (prices.length != sizes.length) {
            throw new IllegalArgumentException(
                    "prices and sizes differ in length: " + prices.length + " vs " + sizes.length);
        }
        return prices.length == 0 ? EMPTY : new PriceLevels(prices, sizes);
    }

    public int count() {
        return prices.length;
    }

    public long price(int i) {
        return prices[i];
    }

    public long size(int i) {
        return sizes[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriceLevels other
                && Arrays.equals(prices, other.prices)
                && Arrays.equals(sizes, other.sizes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prices) + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < prices.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(Decimals.toPlainString(prices[i])).append('@').append(Decimals.toPlainString(sizes[i]));
        }
        return b.append(']').toString();
    }

    /** Growable builder used by codecs while streaming a level array. */
    public static final class Builder {
        private long[] prices;
        private long[] sizes;
        private int count;

        public Builder(int capacity) {
            prices = new long[Math.max(4, capacity)];
            sizes = new long[prices.length];
        }

        public Builder add(long price, long size) {
            if (count == prices.length) {
                prices = Arrays.copyOf(prices, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            prices[count] = price;
            sizes[count] = size;
            count++;
            return this;
        }

        public PriceLevels build() {
            return count == 0 ? EMPTY : new PriceLevels(Arrays.copyOf(prices, count), Arrays.copyOf(sizes, count));
        }
    }
}
