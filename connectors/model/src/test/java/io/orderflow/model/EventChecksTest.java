package io.orderflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The limits every source applies are exactly the range of DECIMAL(18,8), the type the market-data tables store
 * prices and sizes in: the largest value such a column holds passes, one unit (10⁻⁸) more is refused with a reason.
 */
class EventChecksTest {
    /** The largest DECIMAL(18,8): 10 integer digits and 8 fractional ones, all nines (SQL's definition). */
    private static final BigDecimal LARGEST_DECIMAL_18_8 = new BigDecimal("9999999999.99999999");
    private static final long TIME = 1_700_000_000_000L;

    @Test
    void theLimitsAreTheLargestDecimal18Scale8() {
        assertThat(Decimals.toBigDecimal(EventChecks.MAX_PRICE)).isEqualByComparingTo(LARGEST_DECIMAL_18_8);
        assertThat(Decimals.toBigDecimal(EventChecks.MAX_SIZE)).isEqualByComparingTo(LARGEST_DECIMAL_18_8);
        assertThat(Decimals.toBigDecimal(EventChecks.MAX_PRICE).precision()).isEqualTo(18);
    }

    @Test
    void aBookLevelAtTheLimitPassesAndOneUnitMoreIsRefused() {
        long max = EventChecks.MAX_PRICE;
        assertThat(EventChecks.problem(delta(max, max))).isNull();
        assertThat(EventChecks.problem(delta(max + 1, 1)))
                .isEqualTo("bids price 10000000000 is outside (0, 9999999999.99999999]");
        assertThat(EventChecks.problem(delta(1, max + 1)))
                .isEqualTo("bids size 10000000000 is outside [0, 9999999999.99999999]");
    }

    @Test
    void aTradeAtTheLimitPassesAndOneUnitMoreIsRefused() {
        long max = EventChecks.MAX_PRICE;
        assertThat(EventChecks.problem(trade(max, max))).isNull();
        assertThat(EventChecks.problem(trade(max + 1, 1))).contains("trade price 10000000000 is outside");
        assertThat(EventChecks.problem(trade(1, max + 1))).contains("trade size 10000000000 is outside");
    }

    private static BookDelta delta(long price, long size) {
        return new BookDelta("binance", "BTCUSDT", TIME, TIME * 1_000_000, 1, 1, BookDelta.NO_SEQUENCE,
                PriceLevels.wrap(new long[] {price}, new long[] {size}), PriceLevels.EMPTY);
    }

    private static Trade trade(long price, long size) {
        return new Trade("binance", "BTCUSDT", TIME, TIME * 1_000_000, "1", price, size, Side.BUY);
    }
}
