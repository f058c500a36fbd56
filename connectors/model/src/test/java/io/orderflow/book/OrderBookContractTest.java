package io.orderflow.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.model.Side;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrderBook} implementation must do (exchange-core's OrderBookBaseTest idea): subclasses only
 * say how to make an empty book.
 */
abstract class OrderBookContractTest {
    protected abstract OrderBook newBook();

    @Test
    void setsReplacesAndDeletesLevels() {
        OrderBook b = newBook();
        b.set(Side.BUY, 100, 5);
        b.set(Side.BUY, 101, 1);
        b.set(Side.SELL, 103, 2);
        b.set(Side.SELL, 102, 7);
        assertThat(b.bestBidPrice()).isEqualTo(101);
        assertThat(b.bestAskPrice()).isEqualTo(102);
        assertThat(b.bestAskSize()).isEqualTo(7);
        b.set(Side.BUY, 101, 3); // absolute size replaces
        assertThat(b.bestBidSize()).isEqualTo(3);
        b.set(Side.BUY, 101, 0); // 0 deletes
        assertThat(b.bestBidPrice()).isEqualTo(100);
        b.set(Side.SELL, 999, 0); // deleting an absent level is normal
        assertThat(b.depth(Side.SELL)).isEqualTo(2);
        assertThat(b.price(Side.SELL, 5)).isEqualTo(OrderBook.NONE);
        assertThat(b.sizeAt(Side.SELL, 103)).isEqualTo(2);
        b.checkInvariants();
        b.clear();
        assertThat(b.depth(Side.BUY)).isZero();
        assertThat(b.bestBidPrice()).isEqualTo(OrderBook.NONE);
    }

    @Test
    void detectsCrossedBooksAndRefusesNonsense() {
        OrderBook b = newBook();
        b.set(Side.BUY, 105, 1);
        b.set(Side.SELL, 104, 1);
        assertThat(b.isCrossed()).isTrue();
        assertThatThrownBy(b::checkInvariants).hasMessageContaining("crossed");
        assertThatThrownBy(() -> b.set(Side.BUY, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.set(Side.BUY, 10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithASortedMapOnRandomUpdates() {
        OrderBook b = newBook();
        Map<Side, TreeMap<Long, Long>> reference = Map.of(
                Side.BUY, new TreeMap<>(java.util.Comparator.reverseOrder()), Side.SELL, new TreeMap<>());
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            // bids below 10_000, asks above: never crossed, but dense near the touch like real traffic
            long price = side == Side.BUY ? 10_000 - 1 - random.nextInt(random.nextInt(8) == 0 ? 3_000 : 20)
                    : 10_000 + 1 + random.nextInt(random.nextInt(8) == 0 ? 3_000 : 20);
            long size = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1_000);
            b.set(side, price, size);
            if (size == 0) {
                reference.get(side).remove(price);
            } else {
                reference.get(side).put(price, size);
            }
        }
        for (Side side : Side.values()) {
            assertThat(b.depth(side)).isEqualTo(reference.get(side).size());
            int level = 0;
            for (Map.Entry<Long, Long> e : reference.get(side).entrySet()) {
                assertThat(b.price(side, level)).isEqualTo(e.getKey());
                assertThat(b.size(side, level)).isEqualTo(e.getValue());
                level++;
            }
        }
        b.checkInvariants();
    }
}
