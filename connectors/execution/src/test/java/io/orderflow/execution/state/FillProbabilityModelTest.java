package io.orderflow.execution.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.model.execution.TimeInForce;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fill-probability model held to a planted process whose probabilities are known (Monte Carlo), to the
 * censoring rule a survival analysis uses (an order withdrawn before the horizon says nothing about it), and fed
 * by the paper exchange's own fills.
 */
class FillProbabilityModelTest {
    private static final long UNIT = Decimals.UNIT;
    /** The planted process: P(fill within the horizon) = logistic(TRUE · x). */
    private static final double[] TRUE = {1.2, -0.9, -0.6, 0.4, -1.1};

    private static double logistic(double[] w, double[] x) {
        double z = 0;
        for (int i = 0; i < w.length; i++) {
            z += w[i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void recoversPlantedFillProbabilitiesThroughCensoringAndLateFills() {
        // a fixed model for a fixed process: what is left is the labelling (censoring, late fills) and the fit
        assertRecovers(new FillProbabilityModel(0), 0.03, 0.01);
        // the drift the trading state uses lets the weights wander a little around the truth, to follow a market
        // that changes
        assertRecovers(new FillProbabilityModel(), 0.12, 0.05);
    }

    private static void assertRecovers(FillProbabilityModel model, double pointTolerance, double meanTolerance) {
        SplittableRandom random = new SplittableRandom(11);
        long now = 0;
        int n = 60_000;
        int censored = 0;
        for (int i = 0; i < n; i++) {
            double[] x = {1, random.nextInt(-1, 6) * 0.5, Math.log1p(random.nextDouble() * 8),
                    Math.log1p(random.nextDouble() * 20), random.nextDouble(-1, 1)};
            String id = "o" + i;
            model.placed(id, now, x);
            boolean fillsWithin = random.nextDouble() < logistic(TRUE, x);
            long fillAt = fillsWithin ? now + random.nextLong(0, FillProbabilityModel.HORIZON_MS + 1)
                    : now + FillProbabilityModel.HORIZON_MS + 1 + random.nextLong(0, 20_000);
            // a third of the orders are withdrawn at a time independent of their fate (a strategy's own cancel)
            long withdrawAt = random.nextInt(3) == 0 ? now + random.nextLong(0, 30_000) : Long.MAX_VALUE;
            if (withdrawAt < fillAt) {
                model.ended(id, withdrawAt);
                if (withdrawAt - now < FillProbabilityModel.HORIZON_MS) {
                    censored++;
                }
            } else if (fillAt - now > FillProbabilityModel.HORIZON_MS && random.nextBoolean()) {
                model.expire(fillAt); // seen unfilled on a book after the horizon
                model.filled(id, fillAt); // nothing left to learn: already a 0
            } else {
                model.filled(id, fillAt);
            }
            now += 50;
        }
        assertThat(censored).isBetween(n / 20, n / 5);
        assertThat(model.samples()).as("withdrawn-before-the-horizon orders are censored").isEqualTo(n - censored);
        assertThat(model.pending()).isEmpty();
        double sumError = 0;
        int points = 0;
        for (double behind : new double[] {-0.5, 0, 1, 2.5}) {
            for (double queue : new double[] {0.2, 1.5}) {
                for (double move : new double[] {0.5, 2.5}) {
                    for (double lean : new double[] {-0.6, 0.6}) {
                        double[] x = {1, behind, queue, move, lean};
                        double error = Math.abs(model.predict(x) - logistic(TRUE, x));
                        assertThat(error).as("P(fill) at %s spreads, queue %s, move %s, lean %s", behind, queue, move,
                                lean).isLessThan(pointTolerance);
                        sumError += error;
                        points++;
                    }
                }
            }
        }
        assertThat(sumError / points).as("mean absolute error over the grid").isLessThan(meanTolerance);
    }

    @Test
    void aWithdrawnOrderIsCensoredBeforeTheHorizonAndAZeroAfterIt() {
        FillProbabilityModel model = new FillProbabilityModel();
        double[] x = {1, 0, 1, 1, 0};
        model.placed("a", 0, x);
        model.ended("a", FillProbabilityModel.HORIZON_MS - 1);
        assertThat(model.samples()).isZero();
        model.placed("b", 0, x);
        model.withdrawn("b");
        assertThat(model.samples()).isZero();
        double before = model.predict(x);
        model.placed("c", 0, x);
        model.ended("c", FillProbabilityModel.HORIZON_MS);
        assertThat(model.samples()).isOne();
        assertThat(model.predict(x)).isLessThan(before);
        model.placed("d", 0, x);
        model.filled("d", FillProbabilityModel.HORIZON_MS + 1); // a fill after the horizon is a 0 too
        assertThat(model.samples()).isEqualTo(2);
        assertThat(model.filledWithin()).isZero();
        model.placed("e", 0, x);
        model.filled("e", FillProbabilityModel.HORIZON_MS);
        model.filled("e", FillProbabilityModel.HORIZON_MS + 5); // a second fill of the same order: learned once
        assertThat(model.samples()).isEqualTo(3);
        assertThat(model.filledWithin()).isOne();
    }

    private static BookTop book(long timeMs, long bid, long bidSize, long ask, long askSize) {
        return new BookTop("v", "BTC", timeMs, 0, timeMs, PriceLevels.wrap(new long[] {bid, bid - UNIT},
                new long[] {bidSize, 5 * UNIT}), PriceLevels.wrap(new long[] {ask, ask + UNIT},
                new long[] {askSize, 5 * UNIT}), true);
    }

    @Test
    void featuresSayWhereTheOrderWaitsAndRefuseOneThatTakes() {
        BookTop b = book(0, 100 * UNIT, 3 * UNIT, 102 * UNIT, UNIT);
        double[] join = FillProbabilityModel.features(Side.BUY, 100 * UNIT, UNIT, b, 10);
        // 10 bps of a 101 mid over √10 s, in spreads of 2; a bid of 3 against an ask of 1
        assertThat(join).containsExactly(new double[] {1, 0, Math.log1p(3), Math.log1p(10e-4 * 101 * Math.sqrt(10) / 2),
                0.5}, within(1e-12));
        assertThat(FillProbabilityModel.features(Side.SELL, 103 * UNIT, UNIT, b, 10)[4]).as("the ask's view")
                .isEqualTo(-0.5);
        assertThat(FillProbabilityModel.features(Side.SELL, 103 * UNIT, UNIT, b, 10)[1]).isEqualTo(0.5);
        assertThat(FillProbabilityModel.features(Side.BUY, 101 * UNIT, UNIT, b, 10)[1]).as("inside the spread")
                .isEqualTo(-0.5);
        assertThat(FillProbabilityModel.features(Side.BUY, 99 * UNIT, UNIT, b, 10)[2]).isEqualTo(Math.log1p(5));
        assertThat(FillProbabilityModel.features(Side.BUY, 102 * UNIT, UNIT, b, 10)).as("crosses: it takes").isNull();
        assertThat(FillProbabilityModel.features(Side.SELL, 100 * UNIT, UNIT, b, 10)).isNull();
    }

    @Test
    void thePaperExchangesFillsAndExpiriesTeachIt() {
        PaperExchange exchange = new PaperExchange(2, 5, 60_000);
        TradingState state = new TradingState();
        ExecutionListener ignore = new ExecutionListener() {
            @Override
            public void onOrderUpdate(OrderUpdate update) {}

            @Override
            public void onFill(Fill fill) {}
        };
        long t = 1_700_000_000_000L;
        exchange.onBook(book(t, 100 * UNIT, 3 * UNIT, 102 * UNIT, UNIT), state, t, ignore);
        exchange.submit(limit("fills", Side.BUY, 100 * UNIT, t), book(t, 100 * UNIT, 3 * UNIT, 102 * UNIT, UNIT),
                state, t, ignore);
        exchange.submit(limit("waits", Side.SELL, 103 * UNIT, t), book(t, 100 * UNIT, 3 * UNIT, 102 * UNIT, UNIT),
                state, t, ignore);
        exchange.submit(limit("takes", Side.BUY, 102 * UNIT, t), book(t, 100 * UNIT, 3 * UNIT, 102 * UNIT, UNIT),
                state, t, ignore);
        assertThat(state.fillProbability().pending()).extracting(FillProbabilityModel.Pending::clientOrderId)
                .containsExactly("fills", "waits");
        // 4 s later the ask trades down through the resting bid
        exchange.onBook(book(t + 4_000, 99 * UNIT, UNIT, 100 * UNIT, UNIT), state, t + 4_000, ignore);
        assertThat(state.fillProbability().samples()).isOne();
        assertThat(state.fillProbability().filledWithin()).isOne();
        // the sell at 103 never fills: the first book past the horizon makes it a 0
        exchange.onBook(book(t + 10_001, 99 * UNIT, UNIT, 100 * UNIT, UNIT), state, t + 10_001, ignore);
        assertThat(state.fillProbability().samples()).isEqualTo(2);
        assertThat(state.fillProbability().filledWithin()).isOne();
        assertThat(state.fillProbability().pending()).isEmpty();
    }

    private static OrderIntent limit(String id, Side side, long price, long t) {
        return new OrderIntent(id, "test", "v", "BTC", side, OrderType.LIMIT, TimeInForce.GTC, price, UNIT, t, 0,
                101 * UNIT, "test", false);
    }

    /**
     * The trading state's codec keeps the model, its waiting orders and the parent order being worked, and reads a
     * state written before them.
     */
    @Test
    void theTradingStateCodecKeepsTheModelAndReadsVersionFive() throws Exception {
        TradingState s = new TradingState();
        s.fillProbability().placed("x", 5, new double[] {1, 0.5, 0.2, 0.1, 0.3});
        s.fillProbability().placed("y", 7, new double[] {1, 0, 0.3, 0.1, -0.2});
        s.fillProbability().filled("y", 9);
        s.parent(new ParentOrder("p", "imbalance", "okx", "BTC-USDT", Side.SELL, 10, 60 * UNIT, 1_000, 2_000,
                new long[] {6, 4}, new String[] {"c1", "c2"}, 1));
        TradingState back = roundTrip(TradingStateCodec.INSTANCE, s);
        assertThat(back.parent()).usingRecursiveComparison().isEqualTo(s.parent());
        assertThat(back.parent().done()).isFalse();
        assertThat(back.parent().sent().done()).isTrue();
        assertThat(back.fillProbability().weights()).containsExactly(s.fillProbability().weights());
        assertThat(back.fillProbability().covariance()).containsExactly(s.fillProbability().covariance());
        assertThat(back.fillProbability().samples()).isOne();
        assertThat(back.fillProbability().filledWithin()).isOne();
        assertThat(back.fillProbability().pending()).hasSize(1).allSatisfy(p -> {
            assertThat(p.clientOrderId()).isEqualTo("x");
            assertThat(p.placedAtMs()).isEqualTo(5);
            assertThat(p.features()).containsExactly(1, 0.5, 0.2, 0.1, 0.3);
        });

        // version 5: no marker and version in front, no maker-share covariance, no fill model behind (a fresh
        // model's tail: 5 weights, 25 covariances, the two counts, an empty list)
        TradingState fresh = new TradingState();
        fresh.ledger().restore(42, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO,
                3, java.math.BigDecimal.TEN);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TradingStateCodec.INSTANCE.write(fresh, new DataOutputStream(bytes));
        byte[] v6 = bytes.toByteArray();
        int doubles4 = 4 + 4 * 8;
        int doubles16 = 4 + 16 * 8;
        int tail = 4 + 5 * 8 + 4 + 25 * 8 + 8 + 8 + 4 + 1; // and no parent order
        // the maker-share model's covariance sits after its weights, before its sample count and volatility
        int makerEnd = v6.length - tail - (8 + 8 + 8 + 8);
        byte[] v5 = concat(Arrays.copyOfRange(v6, 12, makerEnd - doubles16), Arrays.copyOfRange(v6, makerEnd,
                v6.length - tail));
        TradingState old = TradingStateCodec.INSTANCE.read(new DataInputStream(new ByteArrayInputStream(v5)));
        assertThat(old.position()).isEqualTo(42);
        assertThat(old.ledger().dayStartEquity()).isEqualByComparingTo("10");
        assertThat(old.fillProbability().samples()).isZero();
        assertThat(old.fillProbability().weights()).containsExactly(new FillProbabilityModel().weights());
        assertThat(old.makerShare().covariance()).containsExactly(new MakerShareModel().covariance());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static TradingState roundTrip(TradingStateCodec codec, TradingState s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(s, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
