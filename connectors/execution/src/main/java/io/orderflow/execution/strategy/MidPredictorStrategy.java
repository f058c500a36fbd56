package io.orderflow.execution.strategy;

import io.orderflow.execution.state.FillProbabilityModel;
import io.orderflow.execution.state.StrategyMemory;
import io.orderflow.execution.state.TradingState;

import io.orderflow.estimators.BookFeatures;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.estimators.RecursiveLeastSquares;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The spread-scaled mid predictor. Once a second it learns, by recursive least squares, the mid's log return
 * {@code horizon} seconds ahead (bps) from top-10 book features: 1, the volume imbalance over 1, 5 and 10 levels,
 * the spread (bps) and the microprice's distance from the mid (bps). When flat, and the predicted move exceeds
 * {@code k} spreads, it joins the touch on the predicted side; an entry not filled within 10 s is cancelled.
 * Once in, it places a take-profit limit beyond its average entry by the larger of {@code takeProfitSpreads}
 * spreads and the predicted move, capped at 25 bps so it stays inside the risk gate's price collar. When the position's unrealized PnL falls below −{@code stopLoss} (quote), it cancels the
 * take-profit and stops out with a limit at the near touch, re-placed each second, and after {@code stopTries}
 * tries with a market order. Everything it remembers lives in {@link TradingState#memory()}.
 */
public final class MidPredictorStrategy implements Strategy {
    private static final long serialVersionUID = 1L;
    static final int FEATURES = 6;
    private static final String ENTRY = "entry";
    private static final String TAKE_PROFIT = "take-profit";
    private static final String STOP = "stop";
    /** Orders the fill-probability model must have learned from before it weighs entries. */
    static final int MIN_FILL_SAMPLES = 20;

    private final int horizonSeconds;
    private final double k;
    private final double orderNotional;
    private final long lot;
    private final double takeProfitSpreads;
    private final BigDecimal stopLoss;
    private final int stopTries;
    private final int warmup;
    private final double forgetting;
    private final MidPredictorModel model;

    /**
     * @param orderNotional entry size in quote currency, rounded down to {@code lot}
     * @param stopLoss stop out when unrealized PnL is below minus this (quote)
     */
    public MidPredictorStrategy(int horizonSeconds, double k, double orderNotional, long lot, double takeProfitSpreads,
            BigDecimal stopLoss, int stopTries, int warmup, double forgetting) {
        this(horizonSeconds, k, orderNotional, lot, takeProfitSpreads, stopLoss, stopTries, warmup, forgetting, null);
    }

    private MidPredictorStrategy(int horizonSeconds, double k, double orderNotional, long lot,
            double takeProfitSpreads, BigDecimal stopLoss, int stopTries, int warmup, double forgetting,
            MidPredictorModel model) {
        if (horizonSeconds < 1 || !(k > 0) || !(orderNotional > 0) || lot <= 0 || !(takeProfitSpreads > 0)
                || stopLoss.signum() <= 0 || stopTries < 1 || warmup < FEATURES || !(forgetting > 0 && forgetting <= 1)) {
            throw new IllegalArgumentException("mid predictor needs horizon >= 1 s, k > 0, a positive notional, lot, "
                    + "take-profit and stop loss, at least one stop try, warm-up >= " + FEATURES
                    + " samples and 0 < forgetting <= 1");
        }
        this.horizonSeconds = horizonSeconds;
        this.k = k;
        this.orderNotional = orderNotional;
        this.lot = lot;
        this.takeProfitSpreads = takeProfitSpreads;
        this.stopLoss = stopLoss;
        this.stopTries = stopTries;
        this.warmup = warmup;
        this.forgetting = forgetting;
        if (model != null && model.horizonSeconds() != horizonSeconds) {
            throw new IllegalArgumentException("the model was trained for a " + model.horizonSeconds()
                    + " s horizon, the strategy predicts " + horizonSeconds + " s ahead");
        }
        this.model = model;
    }

    /** The same strategy starting from a trained model (every instrument learns on from it). */
    public MidPredictorStrategy withModel(MidPredictorModel trained) {
        return new MidPredictorStrategy(horizonSeconds, k, orderNotional, lot, takeProfitSpreads, stopLoss, stopTries,
                warmup, forgetting, trained);
    }

    /** The classic testnet settings: 10 s ahead, one spread, 10 USDT stop, 3 limit tries, forgetting 0.995. */
    public static MidPredictorStrategy defaults(double orderNotional) {
        return new MidPredictorStrategy(10, 1.0, orderNotional, Decimals.parse("0.001"), 2, new BigDecimal("10"), 3, 30,
                0.995);
    }

    @Override
    public String name() {
        return "mid-predictor";
    }

    /** The model's features of one book; the same function serves live trading and offline training. */
    public static double[] features(BookTop b) {
        double mid = BookFeatures.mid(b.bids(), b.asks());
        return new double[] {1, BookFeatures.imbalance(b.bids(), b.asks(), 1),
                BookFeatures.imbalance(b.bids(), b.asks(), 5), BookFeatures.imbalance(b.bids(), b.asks(), 10),
                BookFeatures.spreadBps(b.bids(), b.asks()),
                (BookFeatures.microprice(b.bids(), b.asks(), 10) - mid) / mid * 1e4};
    }

    @Override
    public List<Cancel> cancels(BookTop book, TradingState state) {
        if (!book.twoSided()) {
            return List.of();
        }
        StrategyMemory m = state.memory();
        long now = book.exchangeTimeMs();
        long second = Math.floorDiv(now, 1000);
        if (second == m.get("cancelSecond", Long.MIN_VALUE)) {
            return List.of(); // looked at once a second, like every decision: cheap on every other update
        }
        m.put("cancelSecond", second);
        List<Cancel> out = new ArrayList<>(2);
        String entry = m.order(ENTRY);
        if (entry != null && state.openOrder(entry) != null && now - m.get("entryAt", now) >= 10_000) {
            out.add(new Cancel(entry, "entry not filled within 10 s"));
            m.track(ENTRY, null);
        }
        if (stopping(book, state)) {
            String tp = m.order(TAKE_PROFIT);
            if (tp != null && state.openOrder(tp) != null) {
                out.add(new Cancel(tp, "take-profit cancelled: stopping out"));
                m.track(TAKE_PROFIT, null);
            }
            String stop = m.order(STOP);
            if (stop != null && state.openOrder(stop) != null && now - m.get("stopAt", now) >= 1_000) {
                out.add(new Cancel(stop, "stop-out limit not filled within 1 s: try again"));
                m.track(STOP, null);
            }
        }
        return out;
    }

    private boolean stopping(BookTop book, TradingState state) {
        if (state.position() == 0) {
            return false;
        }
        long mid = (book.bestBid() + book.bestAsk()) / 2;
        return state.ledger().unrealized(mid).compareTo(stopLoss.negate()) < 0 || state.memory().get("stopping", 0) == 1;
    }

    @Override
    public List<OrderIntent> onBook(BookTop book, TradingState state) {
        if (!book.twoSided()) {
            return List.of();
        }
        StrategyMemory m = state.memory();
        long now = book.exchangeTimeMs();
        long second = Math.floorDiv(now, 1000);
        if (second == m.get("second", Long.MIN_VALUE)) {
            return List.of(); // one decision a second
        }
        m.put("second", second);
        double[] x = features(book);
        double mid = BookFeatures.mid(book.bids(), book.asks());
        double predicted = learn(m, now, mid, x);
        long midUnits = (book.bestBid() + book.bestAsk()) / 2;
        long spread = book.bestAsk() - book.bestBid();
        long position = state.position();
        if (position == 0) {
            m.track(TAKE_PROFIT, null);
            m.track(STOP, null);
            m.put("stopping", 0);
            m.put("stopTries", 0);
            boolean entryWorking = m.order(ENTRY) != null && state.openOrder(m.order(ENTRY)) != null;
            if (entryWorking || Double.isNaN(predicted) || Math.abs(predicted) <= k * x[4]) {
                return List.of();
            }
            Side side = predicted > 0 ? Side.BUY : Side.SELL;
            long quantity = (long) (orderNotional / mid * Decimals.UNIT) / lot * lot;
            if (quantity <= 0) {
                return List.of();
            }
            long price = side == Side.BUY ? book.bestBid() : book.bestAsk();
            // the move is earned only if the entry fills within its life: once the instrument's own orders have
            // taught the fill model, the prediction must clear the spreads when weighed by that probability
            double fill = state.fillProbability(side, price, quantity, book);
            long learnedFrom = state.fillProbability().samples();
            boolean fillModelled = learnedFrom >= MIN_FILL_SAMPLES;
            if (fillModelled && fill * Math.abs(predicted) <= k * x[4]) {
                return List.of();
            }
            OrderIntent entry = intent(book, ENTRY, side, OrderType.LIMIT, price, quantity, String.format(Locale.ROOT,
                    "entry: predicted %+.2f bps in %d s, spread %.2f bps, fill probability %.3f in %d s (%s %d orders)",
                    predicted, horizonSeconds, x[4], fill, FillProbabilityModel.HORIZON_MS / 1000,
                    fillModelled ? "learned from" : "prior, not yet used: learned from", learnedFrom));
            m.track(ENTRY, entry.clientOrderId());
            m.put("entryAt", now);
            m.put("predictedMicroBps", Math.round(Math.abs(predicted) * 1e6));
            return List.of(entry);
        }
        Side exit = position > 0 ? Side.SELL : Side.BUY;
        long size = Math.abs(position);
        if (stopping(book, state)) {
            m.put("stopping", 1);
            String stop = m.order(STOP);
            if (stop != null && state.openOrder(stop) != null) {
                return List.of();
            }
            long tries = m.get("stopTries", 0) + 1;
            m.put("stopTries", tries);
            OrderIntent out = tries > stopTries
                    ? intent(book, STOP, exit, OrderType.MARKET, 0, size,
                            "stop-out at market after " + stopTries + " limit tries")
                    : intent(book, STOP, exit, OrderType.LIMIT, exit == Side.SELL ? book.bestAsk() : book.bestBid(),
                            size, "stop-out limit at the touch, try " + tries + " of " + stopTries + " (unrealized "
                            + state.ledger().unrealized(midUnits).setScale(2, RoundingMode.HALF_EVEN) + ")");
            m.track(STOP, out.clientOrderId());
            m.put("stopAt", now);
            return List.of(out);
        }
        String tp = m.order(TAKE_PROFIT);
        if (tp == null || state.openOrder(tp) == null) {
            double predictedBps = m.get("predictedMicroBps", 0) / 1e6;
            long average = Decimals.fromBigDecimal(state.ledger().averageEntry().setScale(Decimals.SCALE,
                    RoundingMode.HALF_EVEN));
            // at least the spreads asked for, up to the predicted move, never past 25 bps (inside a price collar)
            long distance = Math.min(Math.max(Math.round(takeProfitSpreads * spread),
                    Math.round(average * predictedBps / 1e4)), Math.max(spread, average / 400));
            long price = exit == Side.SELL ? Math.max(average + distance, book.bestAsk())
                    : Math.min(average - distance, book.bestBid());
            OrderIntent takeProfit = intent(book, TAKE_PROFIT, exit, OrderType.LIMIT, price, size,
                    "take-profit " + Decimals.toPlainString(distance) + " from the average entry");
            m.track(TAKE_PROFIT, takeProfit.clientOrderId());
            return List.of(takeProfit);
        }
        return List.of();
    }

    /** Adds this second's sample and learns from the ones now {@code horizon} old; returns the prediction (bps). */
    private double learn(StrategyMemory m, long now, double mid, double[] x) {
        int slots = horizonSeconds + 2;
        int slotSize = 2 + FEATURES;
        int model = FEATURES + FEATURES * FEATURES;
        double[] n = m.numbers();
        RecursiveLeastSquares rls;
        if (n.length == 0) {
            rls = this.model == null ? new RecursiveLeastSquares(FEATURES, forgetting, 100)
                    : RecursiveLeastSquares.restore(forgetting, this.model.coefficients(), this.model.covariance(),
                            this.model.samples());
            n = new double[model + 1 + slots * slotSize];
        } else {
            double[] theta = java.util.Arrays.copyOfRange(n, 0, FEATURES);
            double[] p = java.util.Arrays.copyOfRange(n, FEATURES, model);
            rls = RecursiveLeastSquares.restore(forgetting, theta, p, (long) n[model]);
        }
        for (int s = 0; s < slots; s++) {
            int at = model + 1 + s * slotSize;
            if (n[at] != 0 && now - n[at] >= horizonSeconds * 1000L) {
                double target = Math.log(mid / n[at + 1]) * 1e4;
                rls.update(java.util.Arrays.copyOfRange(n, at + 2, at + 2 + FEATURES), target);
                n[at] = 0; // learned
            }
        }
        int slot = (int) Math.floorMod(Math.floorDiv(now, 1000), (long) slots);
        int at = model + 1 + slot * slotSize;
        n[at] = now;
        n[at + 1] = mid;
        System.arraycopy(x, 0, n, at + 2, FEATURES);
        System.arraycopy(rls.coefficients(), 0, n, 0, FEATURES);
        System.arraycopy(rls.covariance(), 0, n, FEATURES, FEATURES * FEATURES);
        n[model] = rls.updates();
        m.numbers(n);
        return rls.updates() >= warmup ? rls.predict(x) : Double.NaN;
    }

    private OrderIntent intent(BookTop book, String role, Side side, OrderType type, long price, long quantity,
            String reason) {
        String id = ClientOrderIds.of(name() + ":" + role, book.venue(), book.symbol(), book.sequence(), side);
        // take-profits and stops only ever close the position: reduce-only, so a venue never lets them open one
        return new OrderIntent(id, name(), book.venue(), book.symbol(), side, type, TimeInForce.GTC, price, quantity,
                book.exchangeTimeMs(), book.receivedAtNanos(), (book.bestBid() + book.bestAsk()) / 2, reason,
                !role.equals(ENTRY));
    }
}
