package io.orderflow.execution.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Average-cost PnL, exact, against cash accounting (a different route to the same equity). */
class PositionLedgerTest {
    private static long d(String s) {
        return Decimals.parse(s);
    }

    @Test
    void addsReducesAndFlipsThroughZero() {
        PositionLedger l = new PositionLedger();
        l.applyFill(Side.BUY, d("100"), d("1"), d("0.05"));
        l.applyFill(Side.BUY, d("110"), d("1"), d("0.05"));
        assertThat(l.averageEntry()).isEqualByComparingTo("105");
        l.applyFill(Side.SELL, d("120"), d("0.5"), 0);
        assertThat(l.realized()).isEqualByComparingTo("7.5"); // (120 − 105) × 0.5
        l.applyFill(Side.SELL, d("90"), d("3.5"), 0); // closes 1.5 at a loss of 15 each, opens 2 short at 90
        assertThat(l.realized()).isEqualByComparingTo("-15"); // 7.5 − 22.5
        assertThat(l.position()).isEqualTo(d("-2"));
        assertThat(l.averageEntry()).isEqualByComparingTo("90");
        assertThat(l.unrealized(d("80"))).isEqualByComparingTo("20");
        assertThat(l.fees()).isEqualByComparingTo("0.1");
        assertThat(l.equity(d("80"))).isEqualByComparingTo("4.9");
    }

    @Test
    void equityEqualsCashAccountingOnRandomFills() throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        PositionLedger l = new PositionLedger();
        BigDecimal cash = BigDecimal.ZERO;
        long position = 0;
        for (int i = 0; i < 5_000; i++) {
            Side side = r.nextBoolean() ? Side.BUY : Side.SELL;
            long price = d("60000") + r.nextLong(-5_000, 5_000) * d("0.1");
            long qty = (1 + r.nextInt(3_000)) * d("0.001");
            long fee = r.nextInt(100) * d("0.00000001");
            l.applyFill(side, price, qty, fee);
            BigDecimal value = BigDecimal.valueOf(price, 8).multiply(BigDecimal.valueOf(qty, 8));
            cash = side == Side.BUY ? cash.subtract(value) : cash.add(value);
            cash = cash.subtract(BigDecimal.valueOf(fee, 8));
            position += side.sign() * qty;
            long mark = d("60000") + r.nextLong(-5_000, 5_000) * d("0.1");
            BigDecimal expected = cash.add(BigDecimal.valueOf(position, 8).multiply(BigDecimal.valueOf(mark, 8)));
            assertThat(l.position()).isEqualTo(position);
            // average cost rounds once per reducing fill at 1e-16: far below a cent after thousands of fills
            assertThat(l.equity(mark).subtract(expected).abs()).as("fill " + i)
                    .isLessThan(new BigDecimal("1e-10"));
        }
        // and the ledger survives the state codec exactly
        TradingState s = new TradingState();
        s.ledger().restore(l.position(), l.cost(), l.realized(), l.fees(), l.day(), l.dayStartEquity());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TradingStateCodec.INSTANCE.write(s, new DataOutputStream(bytes));
        TradingState back = TradingStateCodec.INSTANCE.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back.ledger().equity(d("61000"))).isEqualTo(l.equity(d("61000")));
        assertThat(back.ledger().realized()).isEqualTo(l.realized());
    }

    @Test
    void dayPnlStartsFromTheFirstMarkOfEachUtcDay() {
        PositionLedger l = new PositionLedger();
        long day0 = 1_700_000_000_000L / 86_400_000L * 86_400_000L;
        l.applyFill(Side.BUY, d("100"), d("1"), 0);
        l.mark(day0 + 1_000, d("100"));
        assertThat(l.dayPnl(d("95"))).isEqualByComparingTo("-5");
        l.mark(day0 + 86_400_000L + 5, d("95")); // a new day starts from equity at 95
        assertThat(l.dayPnl(d("95"))).isEqualByComparingTo("0");
        assertThat(l.dayPnl(d("97"))).isEqualByComparingTo("2");
    }
}
