package io.orderflow.execution.strategy;

import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.risk.KillSwitch;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.risk.RiskLimits;
import io.orderflow.execution.state.TradingState;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.OrderUpdate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The mid predictor through the real risk gate and paper exchange on scripted books: it learns a planted
 * imbalance → move relation, enters at the touch, cancels an entry after 10 s, takes profit, and stops out with
 * limits at the touch and then at market.
 */
class MidPredictorStrategyTest {
    private static final long UNIT = Decimals.UNIT;
    private static final long TICK = UNIT / 10; // 0.1

    private final MidPredictorStrategy strategy = new MidPredictorStrategy(2, 1.0, 600, Decimals.parse("0.001"), 2,
            new BigDecimal("0.02"), 2, 6, 0.99);
    private final RiskGate risk = new RiskGate(new RiskLimits(10 * UNIT, 100_000 * UNIT, 3, 50, 5_000,
            1_000 * UNIT), KillSwitch.NEVER);
    private final PaperExchange exchange = new PaperExchange(2, 5, Long.MAX_VALUE);
    private final TradingState state = new TradingState();
    private final List<OrderUpdate> updates = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    private final ExecutionListener listener = new ExecutionListener() {
        @Override
        public void onOrderUpdate(OrderUpdate u) {
            updates.add(u);
        }

        @Override
        public void onFill(Fill f) {
            fills.add(f);
        }
    };
    private long sequence;

    /** One book update through the same steps as the job's trading operator. */
    private void book(long timeMs, long bid, long ask, double lean) {
        long heavy = (long) (UNIT * (1 + 9 * Math.max(0, lean)));
        long light = (long) (UNIT * (1 + 9 * Math.max(0, -lean)));
        BookTop b = new BookTop("v", "BTC", timeMs, 0, ++sequence,
                PriceLevels.wrap(new long[] {bid, bid - TICK, bid - 2 * TICK}, new long[] {heavy, UNIT, UNIT}),
                PriceLevels.wrap(new long[] {ask, ask + TICK, ask + 2 * TICK}, new long[] {light, UNIT, UNIT}), true);
        exchange.onBook(b, state, timeMs, listener);
        for (Strategy.Cancel c : strategy.cancels(b, state)) {
            exchange.cancel(c.clientOrderId(), c.reason(), state, timeMs, listener);
        }
        for (OrderIntent i : strategy.onBook(b, state)) {
            assertThat(risk.check(i, state, b)).as("risk on " + i.reason()).isNull();
            exchange.submit(i, b, state, timeMs, listener);
        }
    }

    private List<OrderUpdate> withReason(String start) {
        return updates.stream().filter(u -> u.reason() != null && u.reason().startsWith(start)).toList();
    }

    /** The touch leans 2 s before the mid moves 2 ticks its way (the spread is one tick); returns the mid. */
    private long learnPlantedLean(long t) {
        SplittableRandom r = new SplittableRandom(5);
        long mid = 60_000 * UNIT;
        for (int s = 0; s < 40; s += 2) {
            double lean = r.nextBoolean() ? 0.9 : -0.9;
            book(t + s * 1000L, mid - TICK / 2 * 1 - TICK / 2, mid + TICK / 2, lean); // decisions see the lean
            book(t + s * 1000L + 1000, mid - TICK, mid, lean);
            mid += lean > 0 ? 2 * TICK : -2 * TICK;
            // flatten whatever it did while learning
            updates.clear();
        }
        assertThat(state.memory().numbers()).isNotEmpty();
        return mid;
    }

    @Test
    void learnsEntersCancelsTakesProfitAndStopsOut() {
        long t = 1_700_000_000_000L;
        long mid = learnPlantedLean(t);

        // 1. an entry that the market never trades into is cancelled after 10 s
        t += 40_000;
        state.openOrders().clear();
        state.ledger().restore(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Long.MIN_VALUE, BigDecimal.ZERO);
        long bid = mid - TICK;
        long ask = mid;
        book(t, bid, ask, 0.9);
        List<OrderUpdate> entries = withReason("entry: predicted +");
        assertThat(entries).as("a buy entry at the bid").isNotEmpty();
        assertThat(entries.get(0).price()).isEqualTo(bid);
        for (int s = 1; s <= 10; s++) {
            book(t + s * 1000L, bid + 5 * TICK, ask + 5 * TICK, 0); // the market runs away from the bid
        }
        assertThat(withReason("entry not filled within 10 s")).hasSize(1)
                .allSatisfy(u -> assertThat(u.status()).isEqualTo(OrderStatus.CANCELLED));

        // 2. an entry that fills, then a take-profit that fills
        t += 20_000;
        bid += 5 * TICK;
        ask += 5 * TICK;
        updates.clear();
        book(t, bid, ask, 0.9);
        assertThat(withReason("entry: predicted +")).hasSize(1);
        book(t + 500, bid - TICK, bid, 0); // the ask comes down to our bid: filled as maker
        assertThat(state.position()).isPositive();
        book(t + 1000, bid, ask, 0);
        List<OrderUpdate> tp = withReason("take-profit");
        assertThat(tp).hasSize(1);
        long tpPrice = tp.get(0).price();
        assertThat(tpPrice).isGreaterThan(bid);
        book(t + 1500, tpPrice + TICK, tpPrice + 2 * TICK, 0); // bids trade through the take-profit
        assertThat(state.position()).isZero();
        assertThat(state.ledger().realized()).isPositive();

        // 3. an entry that fills, the market falls, the take-profit is cancelled, limits at the touch do not fill,
        //    and the stop-out goes at market
        t += 10_000;
        updates.clear();
        book(t, bid, ask, 0.9);
        book(t + 500, bid - TICK, bid, 0);
        assertThat(state.position()).isPositive();
        book(t + 1000, bid, ask, 0); // take-profit placed
        long low = bid - 30 * TICK; // 3 USD lower on 0.009 BTC: 0.027 USD, past the 0.02 stop
        for (int s = 2; s <= 6; s++) {
            book(t + s * 1000L, low - TICK, low, 0); // asks never come down to a sell at the ask
        }
        assertThat(withReason("take-profit cancelled: stopping out")).hasSize(1);
        assertThat(withReason("stop-out limit at the touch, try 1")).isNotEmpty();
        assertThat(withReason("stop-out limit not filled within 1 s")).isNotEmpty();
        List<OrderUpdate> market = withReason("stop-out at market");
        assertThat(market).isNotEmpty();
        assertThat(market.get(0).type()).isEqualTo(OrderType.MARKET);
        assertThat(state.position()).isZero();
        assertThat(state.ledger().realized()).isNegative(); // the loss is taken
    }

    /**
     * The same predicted move is an entry while the fill model has not learned, or has learned that the touch
     * fills, and is not once it has learned that entries there do not fill within their 10 s: the move weighed by
     * that probability no longer clears the spread.
     */
    @Test
    void entriesAreWeighedByTheProbabilityThatTheyFill() {
        long t = 1_700_000_000_000L;
        long mid = learnPlantedLean(t);
        state.openOrders().clear();
        state.ledger().restore(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Long.MIN_VALUE, BigDecimal.ZERO);
        t += 40_000;
        long bid = mid - TICK;
        long ask = mid;
        book(t, bid, ask, 0.9);
        List<OrderUpdate> first = withReason("entry: predicted +");
        assertThat(first).hasSize(1);
        assertThat(first.get(0).reason()).contains("fill probability", "prior, not yet used");
        exchange.cancel(first.get(0).clientOrderId(), "test", state, t + 1, listener);

        // thirty orders at that touch, each waiting out its 10 s unfilled
        BookTop touch = new BookTop("v", "BTC", t, 0, ++sequence, PriceLevels.wrap(new long[] {bid}, new long[] {UNIT}),
                PriceLevels.wrap(new long[] {ask}, new long[] {UNIT}), true);
        for (int i = 0; i < 30; i++) {
            state.fillProbability().placed("unfilled" + i, t, io.orderflow.execution.state.FillProbabilityModel
                    .features(io.orderflow.model.Side.BUY, bid, first.get(0).quantity(), touch, 0));
            state.fillProbability().ended("unfilled" + i, t + 10_000);
        }
        double p = state.fillProbability(io.orderflow.model.Side.BUY, bid, first.get(0).quantity(), touch);
        assertThat(p).isLessThan(0.2);
        updates.clear();
        book(t + 2_000, bid, ask, 0.9);
        assertThat(withReason("entry: predicted")).as("an entry that will not fill is not sent").isEmpty();

        // and as many that filled at once: the touch fills again, and entries are sent, saying so
        for (int i = 0; i < 60; i++) {
            state.fillProbability().placed("filled" + i, t, io.orderflow.execution.state.FillProbabilityModel
                    .features(io.orderflow.model.Side.BUY, bid, first.get(0).quantity(), touch, 0));
            state.fillProbability().filled("filled" + i, t + 100);
        }
        book(t + 4_000, bid, ask, 0.9);
        assertThat(withReason("entry: predicted +")).hasSize(1)
                .allSatisfy(u -> assertThat(u.reason()).contains("(learned from "
                        + state.fillProbability().samples() + " orders)"));
        assertThat(state.fillProbability().samples()).isGreaterThanOrEqualTo(90);
    }
}
