package io.orderflow.execution.strategy;

import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.state.TradingState;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.model.execution.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImbalanceMomentumStrategyTest {
    private final ImbalanceMomentumStrategy strategy = new ImbalanceMomentumStrategy(Decimals.parse("0.1"), 5_000, 2_000);
    private final PaperExchange exchange = new PaperExchange(2, 5, 10_000);
    private final TradingState state = new TradingState();
    private final List<OrderIntent> sent = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    private long sequence;

    private void book(long timeMs) {
        book(timeMs, "3", "3");
    }

    private void book(long timeMs, String bidSize, String askSize) {
        BookTop b = new BookTop("v", "S", timeMs, 0, ++sequence,
                PriceLevels.wrap(new long[] {Decimals.parse("100")}, new long[] {Decimals.parse(bidSize)}),
                PriceLevels.wrap(new long[] {Decimals.parse("100.1")}, new long[] {Decimals.parse(askSize)}), true);
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onOrderUpdate(OrderUpdate update) {}

            @Override
            public void onFill(Fill fill) {
                fills.add(fill);
            }
        };
        exchange.onBook(b, state, timeMs, listener);
        for (OrderIntent i : strategy.onBook(b, state)) {
            sent.add(i);
            exchange.submit(i, b, state, timeMs, listener);
        }
    }

    private void signal(String name, long timeMs, double value) {
        strategy.onSignal(new Signal(name, "v", "S", timeMs, value), state);
    }

    @Test
    void entersOnASustainedImbalanceTakingTheTouchAndExitsAfterTheHoldingTime() {
        book(1_000);
        assertThat(sent).isEmpty(); // no signal, no order
        signal("sustained_imbalance", 1_100, 0.7);
        book(1_300, "6", "1");
        assertThat(sent).singleElement().satisfies(i -> {
            assertThat(i.side()).isEqualTo(Side.BUY);
            assertThat(i.timeInForce()).isEqualTo(TimeInForce.IOC);
            assertThat(i.price()).isEqualTo(Decimals.parse("100.1")); // the ask: takes liquidity
            assertThat(i.reason()).contains("0.700").contains("200 ms").contains("leans 0.714");
        });
        assertThat(state.position()).isEqualTo(Decimals.parse("0.1"));
        book(6_200); // 4.9 s held
        assertThat(sent).hasSize(1);
        book(6_300);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).side()).isEqualTo(Side.SELL);
        assertThat(sent.get(1).reason()).contains("holding 5000 ms");
        assertThat(state.position()).isZero();
        book(7_000);
        assertThat(sent).hasSize(2); // the signal was used once
    }

    @Test
    void leavesEarlyWhenTheImbalanceFlipsAndIgnoresStaleOrOtherSignals() {
        signal("sustained_imbalance", 1_000, -0.8);
        book(1_100, "1", "6");
        assertThat(sent).singleElement().satisfies(i -> assertThat(i.side()).isEqualTo(Side.SELL));
        signal("liquidity_withdrawal", 1_200, 0.9); // not a momentum signal
        book(1_300);
        assertThat(sent).hasSize(1);
        signal("imbalance_flip", 1_400, 0.6); // bids now dominate: against the short
        book(1_500);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).side()).isEqualTo(Side.BUY);
        assertThat(sent.get(1).reason()).contains("turned");
        assertThat(state.position()).isZero();

        signal("sustained_imbalance", 2_000, 0.9);
        book(4_500, "6", "1"); // 2.5 s later: too old to act on, though the book still leans
        assertThat(sent).hasSize(2);
        assertThat(fills).hasSize(2);
    }

    @Test
    void doesNotEnterWhenTheBookNoLongerLeansTheMatchedWay() {
        signal("sustained_imbalance", 1_000, 0.8);
        book(1_100, "1", "1"); // balanced again by the time the match arrived
        assertThat(sent).isEmpty();
        signal("sustained_imbalance", 1_200, 0.8);
        book(1_300, "1", "3"); // leaning the other way
        assertThat(sent).isEmpty();
        book(1_400, "6", "1"); // the signal was used up by the first book after it
        assertThat(sent).isEmpty();
    }
}
