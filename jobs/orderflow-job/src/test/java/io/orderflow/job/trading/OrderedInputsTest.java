package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookTop;
import io.orderflow.model.PriceLevels;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedInputsTest {

    @Test
    void releasedBooksKeepEachInstrumentsOwnOrderAndMergeByTimeThenSymbol() {
        // ETH's venue clock steps back at 105 -> 103: its own order stands; BTC and ETH tie at 110
        List<BookTop> arrived = List.of(book("ETH", 100, 1), book("BTC", 110, 2), book("ETH", 105, 3),
                book("ETH", 103, 4), book("BTC", 101, 5), book("ETH", 110, 6));
        List<BookTop> merged = OrderedInputs.merge(arrived);
        assertThat(merged).extracting(BookTop::sequence).containsExactly(1L, 3L, 4L, 2L, 5L, 6L);
        // the same books arriving in another interleaving come out the same
        List<BookTop> other = List.of(book("BTC", 110, 2), book("BTC", 101, 5), book("ETH", 100, 1),
                book("ETH", 105, 3), book("ETH", 103, 4), book("ETH", 110, 6));
        assertThat(OrderedInputs.merge(other)).isEqualTo(merged);
    }

    private static BookTop book(String symbol, long timeMs, long sequence) {
        return new BookTop("okx", symbol, timeMs, 0, sequence, PriceLevels.EMPTY, PriceLevels.EMPTY, true);
    }
}
