package io.orderflow.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.Side;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LadderOrderBookTest extends OrderBookContractTest {
    @Override
    protected OrderBook newBook() {
        return new LadderOrderBook();
    }

    /** Checks every level of both sides, and point lookups, against sorted maps. */
    private static void assertSame(OrderBook book, Map<Side, TreeMap<Long, Long>> reference) {
        for (Side side : Side.values()) {
            TreeMap<Long, Long> levels = reference.get(side);
            assertThat(book.depth(side)).isEqualTo(levels.size());
            int level = 0;
            for (Map.Entry<Long, Long> e : levels.entrySet()) {
                assertThat(book.price(side, level)).as("%s level %d", side, level).isEqualTo(e.getKey());
                assertThat(book.size(side, level)).isEqualTo(e.getValue());
                assertThat(book.sizeAt(side, e.getKey())).isEqualTo(e.getValue());
                level++;
            }
            assertThat(book.price(side, level)).isEqualTo(OrderBook.NONE);
        }
    }

    private static Map<Side, TreeMap<Long, Long>> emptyReference() {
        return Map.of(Side.BUY, new TreeMap<>(Comparator.reverseOrder()), Side.SELL, new TreeMap<>());
    }

    private static void set(OrderBook book, Map<Side, TreeMap<Long, Long>> reference, Side side, long price, long size) {
        book.set(side, price, size);
        if (size == 0) {
            reference.get(side).remove(price);
        } else {
            reference.get(side).put(price, size);
        }
    }

    @Test
    void staysExactWhileTheMarketTrendsThroughManyWindows() {
        // A mid that trends through many windows, updates dense near the touch, a far tail, outliers off the
        // tick grid far from the touch, and a full clear and reload now and then: the window moves, empties and
        // refills many times.
        OrderBook book = newBook();
        Map<Side, TreeMap<Long, Long>> reference = emptyReference();
        SplittableRandom random = new SplittableRandom(11);
        long tick = 50;
        long mid = 10_000_000;
        for (int i = 0; i < 300_000; i++) {
            int trend = (i / 25_000) % 2 == 0 ? 1 : -1; // ~25,000 ticks up, then down: a dozen windows each way
            mid += tick * (random.nextInt(7) - 3 + trend);
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            long distance = random.nextInt(10) == 0 ? 1 + random.nextInt(6_000) : 1 + random.nextInt(30);
            long price = side == Side.BUY ? mid - distance * tick : mid + distance * tick;
            if (random.nextInt(500) == 0) {
                price = side == Side.BUY ? 1 + random.nextInt(1_000) : mid * 3 + random.nextInt(1_000);
            }
            long size = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1_000);
            // keep the book uncrossed as a venue's would be: a new best clears the other side's crossed levels
            TreeMap<Long, Long> other = reference.get(side.opposite());
            while (size != 0 && !other.isEmpty()
                    && (side == Side.BUY ? other.firstKey() <= price : other.firstKey() >= price)) {
                set(book, reference, side.opposite(), other.firstKey(), 0);
            }
            set(book, reference, side, price, size);
            if (i % 50_000 == 49_999) {
                assertSame(book, reference);
                book.clear();
                reference.values().forEach(TreeMap::clear);
            }
            if (i % 5_000 == 0) {
                assertSame(book, reference);
            }
        }
        assertSame(book, reference);
        book.checkInvariants();
    }

    @Test
    void refinesTheTickWhenAFinerPriceArrivesNearTheTouch() {
        OrderBook book = newBook();
        Map<Side, TreeMap<Long, Long>> reference = emptyReference();
        for (int k = 0; k < 100; k++) {
            set(book, reference, Side.BUY, 1_000_000 - 100 * k, 1 + k);
            set(book, reference, Side.SELL, 1_000_100 + 100 * k, 1 + k);
        }
        set(book, reference, Side.BUY, 999_973, 7); // not on the 100 grid seen so far
        set(book, reference, Side.SELL, 1_000_101, 9);
        set(book, reference, Side.BUY, 1_000_050, 3); // a new best between grid points
        assertSame(book, reference);
        set(book, reference, Side.BUY, 999_973, 0);
        set(book, reference, Side.BUY, 1_000_050, 0);
        assertSame(book, reference);
    }

    @Test
    void aLevelOffTheGridBelowAMovedWindowStaysInTheTail() {
        OrderBook book = newBook();
        Map<Side, TreeMap<Long, Long>> reference = emptyReference();
        for (int k = 0; k < 50; k++) {
            set(book, reference, Side.BUY, 1_000_000 - 100 * k, 1 + k);
        }
        set(book, reference, Side.SELL, 1_000_100, 1);
        set(book, reference, Side.BUY, 650_000, 2); // far below: tail
        set(book, reference, Side.BUY, 700_037, 3); // far below and off the grid: tail
        set(book, reference, Side.BUY, 750_000, 4); // far below: tail
        for (int k = 0; k < 50; k++) { // the market falls: the window empties and moves down to 750,000
            set(book, reference, Side.BUY, 1_000_000 - 100 * k, 0);
        }
        assertSame(book, reference);
        set(book, reference, Side.BUY, 700_100, 5); // between the off-grid level and the best: in the window
        set(book, reference, Side.BUY, 700_037, 6);
        set(book, reference, Side.BUY, 700_000, 7);
        assertSame(book, reference);
        set(book, reference, Side.BUY, 700_037, 0);
        set(book, reference, Side.BUY, 750_000, 0);
        assertSame(book, reference);
    }

    @Test
    void aLevelOffTheGridFarFromTheTouchEndsTheWindowAboveIt() {
        // Binance keeps levels placed before a tick-size change: 0.50579 in a 0.001-tick book at 1.01
        OrderBook book = newBook();
        Map<Side, TreeMap<Long, Long>> reference = emptyReference();
        for (int k = 0; k < 1_000; k++) {
            set(book, reference, Side.BUY, 101_000_000 - 100_000 * k, 1 + k);
        }
        set(book, reference, Side.SELL, 101_100_000, 1);
        set(book, reference, Side.BUY, 50_579_000, 2);
        set(book, reference, Side.BUY, 50_500_000, 3); // on the grid, now below the window
        assertSame(book, reference);
        set(book, reference, Side.BUY, 50_600_000, 0);
        set(book, reference, Side.BUY, 50_579_000, 0);
        set(book, reference, Side.BUY, 100_950_000, 4); // near the touch, off the grid: the tick is refined
        assertSame(book, reference);
    }

    @Test
    void keepsTheLargestPricesExactAndRefusesWhatItCannotHold() {
        OrderBook book = newBook();
        Map<Side, TreeMap<Long, Long>> reference = emptyReference();
        long max = io.orderflow.model.EventChecks.MAX_PRICE;
        set(book, reference, Side.SELL, max, 1);
        set(book, reference, Side.SELL, max - 7, 2);
        set(book, reference, Side.SELL, 5, 3);
        set(book, reference, Side.BUY, 2, 4);
        set(book, reference, Side.BUY, 1, 5);
        set(book, reference, Side.BUY, 4, 6);
        assertSame(book, reference);
        set(book, reference, Side.SELL, max - 7, 0);
        set(book, reference, Side.BUY, 4, 0);
        assertSame(book, reference);
        // beyond it the window's key arithmetic could overflow: a clear refusal, not a corrupt book
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> book.set(Side.BUY, max + 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price=" + (max + 1));
        assertSame(book, reference);
    }

    /**
     * Random updates mixing prices at the limits (1, 2, the largest allowed) with a normal market around 60,000:
     * the window and the tail must agree with a sorted map after every update (this mix once indexed outside the
     * window's arrays when prices near Long.MAX_VALUE were allowed).
     */
    @Test
    void agreesWithASortedMapWhenExtremePricesMixWithANormalMarket() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        long max = io.orderflow.model.EventChecks.MAX_PRICE;
        long[] extremes = {max, max - 1, 1, 2, 100, max / 3};
        for (int trial = 0; trial < 2_000; trial++) {
            OrderBook book = newBook();
            Map<Side, TreeMap<Long, Long>> reference = emptyReference();
            for (int i = 0; i < 30; i++) {
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                long price = random.nextInt(4) == 0 ? extremes[random.nextInt(extremes.length)]
                        : 5_900_000_000_000L + random.nextInt(2_000) * 50_000_000L;
                set(book, reference, side, price, random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1_000));
                assertSame(book, reference);
            }
        }
    }
}
