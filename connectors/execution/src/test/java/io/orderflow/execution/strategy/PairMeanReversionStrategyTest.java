package io.orderflow.execution.strategy;

import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.state.PairLegs;
import io.orderflow.execution.state.PairState;
import io.orderflow.execution.state.PairStateCodec;
import io.orderflow.execution.state.TradingState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderUpdate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairMeanReversionStrategyTest {
    private static final PairLegs LEGS = new PairLegs("v", "ETH", "BTC");
    private final PairMeanReversionStrategy strategy =
            new PairMeanReversionStrategy(2_000 * Decimals.UNIT, 4.0, 0.5, 60, 300, 120, 10_000);
    private final PaperExchange exchange = new PaperExchange(2, 5, 10_000);
    private final PairState state = new PairState();
    private final List<OrderIntent> sent = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    private long sequence;

    private void book(String symbol, long timeMs, double mid) {
        long m = Math.round(mid * 100) * 1_000_000L; // cents
        long tick = 1_000_000L;
        BookTop b = new BookTop("v", symbol, timeMs, 0, ++sequence,
                PriceLevels.wrap(new long[] {m - tick}, new long[] {100 * Decimals.UNIT}),
                PriceLevels.wrap(new long[] {m + tick}, new long[] {100 * Decimals.UNIT}), true);
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onOrderUpdate(OrderUpdate update) {}

            @Override
            public void onFill(Fill fill) {
                fills.add(fill);
            }
        };
        TradingState leg = state.leg(LEGS, symbol);
        exchange.onBook(b, leg, timeMs, listener);
        for (OrderIntent i : strategy.onBook(b, LEGS, state)) {
            sent.add(i);
            exchange.submit(i, b, leg, timeMs, listener);
        }
    }

    /** BTC a random walk; ETH follows with beta 0.8 plus a mean-reverting spread; one book per leg every 250 ms. */
    private void market(int seconds, Random random, double[] btcEth, double[] spread, double kick, int kickAt) {
        for (int s = 0; s < seconds; s++) {
            double rx = random.nextGaussian() * 2e-4;
            spread[0] = 0.9 * spread[0] + random.nextGaussian() * 2e-4 + (s == kickAt ? kick : 0);
            btcEth[0] *= Math.exp(rx);
            double ethFair = Math.log(btcEth[1]) + 0.8 * rx;
            btcEth[1] = Math.exp(ethFair);
            for (int q = 0; q < 4; q++) {
                long t = (startSecond + s) * 1_000L + q * 250L;
                book("BTC", t, btcEth[0]);
                book("ETH", t + 10, btcEth[1] * Math.exp(spread[0]));
            }
        }
        startSecond += seconds;
    }

    private long startSecond = 1_000;

    @Test
    void estimatesThePlantedBetaAndTradesTheSpreadDeltaNeutralBothWays() {
        Random random = new Random(11);
        double[] prices = {60_000, 3_000};
        double[] spread = {0};
        market(600, random, prices, spread, 0, -1);
        assertThat(PairMeanReversionStrategy.zAndBeta(state)[1]).isCloseTo(0.8, within(0.1));
        assertThat(state.y().position()).isZero(); // |z| stayed under 4 in the calm market

        sent.clear();
        market(2, random, prices, spread, 0.01, 0); // ETH jumps 1% against BTC: sell the spread
        List<OrderIntent> entry = List.copyOf(sent);
        assertThat(entry).extracting(OrderIntent::symbol).containsExactlyInAnyOrder("ETH", "BTC");
        OrderIntent eth = entry.stream().filter(i -> i.symbol().equals("ETH")).findFirst().orElseThrow();
        OrderIntent btc = entry.stream().filter(i -> i.symbol().equals("BTC")).findFirst().orElseThrow();
        assertThat(eth.side()).isEqualTo(Side.SELL);
        assertThat(btc.side()).isEqualTo(Side.BUY);
        double beta = PairMeanReversionStrategy.zAndBeta(state)[1];
        assertThat(notional(eth)).isCloseTo(2_000, within(5.0)); // sized at the last second's mid, sold a second later
        assertThat(notional(btc) / notional(eth)).isCloseTo(beta, within(0.01)); // delta-neutral by beta
        assertThat(state.y().position()).isEqualTo(-eth.quantity());
        assertThat(state.x().position()).isEqualTo(btc.quantity());

        market(120, random, prices, spread, 0, -1); // the spread decays: both legs flatten
        assertThat(state.y().position()).isZero();
        assertThat(state.x().position()).isZero();
        assertThat(sent.stream().filter(i -> i.reason().startsWith("pair exit"))).hasSizeGreaterThanOrEqualTo(2);

        sent.clear();
        market(2, random, prices, spread, -0.01, 0); // and the other way: buy the spread
        assertThat(sent).filteredOn(i -> i.symbol().equals("ETH")).singleElement()
                .satisfies(i -> assertThat(i.side()).isEqualTo(Side.BUY));
        assertThat(sent).filteredOn(i -> i.symbol().equals("BTC")).singleElement()
                .satisfies(i -> assertThat(i.side()).isEqualTo(Side.SELL));
    }

    @Test
    void doesNotTradeDuringWarmUpAndTheStateSurvivesItsCodec() throws Exception {
        Random random = new Random(3);
        double[] prices = {60_000, 3_000};
        double[] spread = {0};
        market(30, random, prices, spread, 0.02, 20); // a big kick inside the 60 s warm-up
        assertThat(sent).isEmpty();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PairStateCodec.INSTANCE.write(state, new java.io.DataOutputStream(bytes));
        PairState copy = PairStateCodec.INSTANCE.read(new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(copy.memory().numbers()).containsExactly(state.memory().numbers());
    }

    private static double notional(OrderIntent i) {
        return BigDecimal.valueOf(i.quantity(), 8).multiply(BigDecimal.valueOf(i.price(), 8)).doubleValue();
    }
}
