package io.orderflow.execution.risk;

import io.orderflow.execution.state.RestingOrder;
import io.orderflow.execution.state.TradingState;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The risk gate under random sequences of intents, fills, book ages, price moves and kill-switch flips: whatever
 * it lets through, no limit is ever exceeded, no order leaves on a stale book, and the kill switch stops the very
 * next intent.
 */
class RiskGateTest {
    private static final long UNIT = Decimals.UNIT;

    @Test
    void noSequenceOfIntentsPushesALimitPastItsBound() {
        RiskLimits limits = new RiskLimits(5 * UNIT, 400_000 * UNIT, 3, 50, 2_000, 1_000 * UNIT);
        AtomicBoolean killed = new AtomicBoolean();
        RiskGate gate = new RiskGate(limits, killed::get);
        int accepted = 0;
        int rejectedStale = 0;
        int rejectedKilled = 0;
        int rejectedLoss = 0;
        for (long seed = 0; seed < 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            TradingState state = new TradingState();
            long mid = 60_000 * UNIT;
            long now = 1_700_000_000_000L;
            for (int step = 0; step < 2_000; step++) {
                now += r.nextInt(50, 500);
                mid += r.nextLong(-30, 31) * UNIT / 10 * (r.nextInt(100) == 0 ? 200 : 1); // with rare jumps
                long age = r.nextInt(10) == 0 ? r.nextLong(2_001, 10_000) : r.nextLong(0, 2_000);
                BookTop book = book(mid, now - age);
                if (r.nextInt(50) == 0) {
                    killed.set(!killed.get());
                }
                // a working order may fill (part or all)
                Iterator<RestingOrder> it = state.openOrders().iterator();
                while (it.hasNext()) {
                    RestingOrder o = it.next();
                    if (r.nextInt(4) == 0) {
                        long q = o.remaining();
                        state.ledger().applyFill(o.intent().side(), o.intent().price(), q, 0);
                        it.remove();
                    }
                }
                Side side = r.nextBoolean() ? Side.BUY : Side.SELL;
                OrderType type = r.nextInt(4) == 0 ? OrderType.MARKET : OrderType.LIMIT;
                long price = type == OrderType.MARKET ? 0 : mid + r.nextLong(-80, 81) * mid / 10_000 / 10 * 10;
                long qty = r.nextLong(1, 40) * UNIT / 10;
                OrderIntent intent = new OrderIntent("c" + seed + "-" + step, "s", "v", "S", side, type,
                        TimeInForce.GTC, price, qty, now, 0, mid, "random");
                boolean wasKilled = killed.get();
                RiskGate.Rejection rejection = gate.check(intent, state, book);
                String reason = rejection == null ? null : rejection.reason();
                if (reason == null) {
                    accepted++;
                    assertThat(wasKilled).as("kill switch engaged, order still left").isFalse();
                    assertThat(age).as("stale book").isLessThanOrEqualTo(limits.maxBookAgeMs());
                    assertThat(state.openOrders().size()).isLessThan(limits.maxOpenOrders());
                    long before = Math.abs(state.position());
                    long fillPrice = type == OrderType.MARKET ? (side == Side.BUY ? book.bestAsk() : book.bestBid())
                            : price;
                    if (type == OrderType.MARKET) {
                        state.ledger().applyFill(side, fillPrice, qty, 0);
                    } else {
                        state.openOrders().add(RestingOrder.sent(intent, now));
                    }
                    for (Side s : Side.values()) {
                        long exposure = exposure(state, s);
                        boolean reduced = Math.abs(state.position()) < before;
                        if (!reduced) {
                            assertThat(exposure).as("worst-case position on " + s).isLessThanOrEqualTo(limits.maxPosition());
                        }
                    }
                    if (Math.abs(state.position()) >= before) {
                        BigDecimal notional = BigDecimal.valueOf(exposure(state, side), 8)
                                .multiply(BigDecimal.valueOf(fillPrice, 8));
                        assertThat(notional).isLessThanOrEqualTo(BigDecimal.valueOf(limits.maxNotional(), 8));
                    }
                    if (type == OrderType.LIMIT) {
                        assertThat(Math.abs(price - mid) * 1e4 / mid).isLessThanOrEqualTo(limits.priceCollarBps() + 1e-9);
                    }
                } else if (wasKilled) {
                    assertThat(rejection.rule()).isEqualTo("kill_switch");
                    rejectedKilled++;
                } else if (rejection.rule().equals("stale_book")) {
                    assertThat(age).isGreaterThan(limits.maxBookAgeMs());
                    rejectedStale++;
                } else if (rejection.rule().equals("daily_loss")) {
                    assertThat(state.ledger().dayPnl(mid)).isLessThanOrEqualTo(BigDecimal.valueOf(-limits.maxDailyLoss(), 8));
                    rejectedLoss++;
                }
                if (wasKilled || age > limits.maxBookAgeMs()) {
                    assertThat(reason).as("must not leave").isNotNull();
                }
            }
        }
        assertThat(accepted).isGreaterThan(5_000);
        assertThat(rejectedKilled).isGreaterThan(1_000);
        assertThat(rejectedStale).isGreaterThan(1_000);
        assertThat(rejectedLoss).as("the daily loss limit was exercised").isPositive();
    }

    /** |position + every working order on that side| */
    private static long exposure(TradingState state, Side side) {
        long pending = 0;
        for (RestingOrder o : state.openOrders()) {
            if (o.intent().side() == side) {
                pending += o.remaining();
            }
        }
        return Math.abs(state.position() + side.sign() * pending);
    }

    private static BookTop book(long mid, long timeMs) {
        long tick = UNIT / 10;
        return new BookTop("v", "S", timeMs, 0, timeMs, PriceLevels.wrap(new long[] {mid - tick}, new long[] {UNIT}),
                PriceLevels.wrap(new long[] {mid + tick}, new long[] {UNIT}), true);
    }
}
