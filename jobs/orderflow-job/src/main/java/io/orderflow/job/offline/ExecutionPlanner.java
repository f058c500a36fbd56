package io.orderflow.job.offline;

import io.orderflow.execution.schedule.AcParameters;
import io.orderflow.execution.schedule.AcPlan;

import io.orderflow.estimators.LeastSquaresFit;
import io.orderflow.estimators.WalkForwardSelection;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.Row;

/**
 * Pre-trade cost analysis for a parent order on one instrument, from the tables alone: the slippage regression
 * (cost of walking the whole book against size/depth, volatility and spread), the Almgren–Chriss (2000) parameters
 * estimated from it and from the trades and volatility tables, the optimal schedule beside a TWAP, and both
 * executed against the recorded books from every start the recording allows.
 *
 * <p>The parameters, per share of the base asset, prices in quote currency:
 * <ul>
 *   <li>σ: the median realized volatility of the instrument's windows (coverage ≥ ½), per √second, × the mid;
 *   <li>ε + k·n: the cost per share of walking the book for a child of n shares, from the slippage regression at
 *       the instrument's median volatility and spread: ε = mid·(b₀ + b_vol·vol + b_spread·spread)/10⁴ and
 *       k = b_size·mid²/(10⁴·depth); AC's temporary impact ε + η·n/τ is that cost when η = k·τ;
 *   <li>γ: the permanent impact, the slope of each second's change of the mid on the second's signed traded
 *       quantity (aggressor buys minus sells; Kyle's λ), used only when it is positive and at least three standard
 *       errors from 0: a slope the data cannot tell from 0 is 0 (one from a minute of noise could otherwise exceed
 *       twice the temporary impact and leave the model without an optimum).
 * </ul>
 *
 * <p>A replay cannot show the permanent impact of orders that were never sent (the recorded market did not react
 * to them), so the realized cost is compared with the model's expected cost less ½γX².
 */
public final class ExecutionPlanner {
    private ExecutionPlanner() {}

    /** The t statistic the permanent impact's slope needs before it counts. */
    static final double SIGNIFICANT = 3;

    /** The slippage regression: slippage_bps on order_notional/depth, volatility_bps and spread_bps. */
    public record SlippageModel(LeastSquaresFit fit, double outOfSampleR2, int holdoutSamples, double medianDepth,
            double medianVolatilityBps, double medianSpreadBps) {
        static final String[] REGRESSORS = {"intercept", "notional/depth", "volatility_bps", "spread_bps"};

        public String describe() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "slippage regression (whole-book walks, partial ones left out): "
                    + "slippage_bps ~ notional/depth + volatility_bps + spread_bps%n"));
            out.append(String.format(Locale.ROOT, "  %-16s %12s %12s %9s%n", "regressor", "coefficient", "std error",
                    "t"));
            for (int j = 0; j < REGRESSORS.length; j++) {
                out.append(String.format(Locale.ROOT, "  %-16s %12.6g %12.4g %9.2f%n", REGRESSORS[j],
                        fit.coefficients()[j], fit.standardErrors()[j], fit.tStatistic(j)));
            }
            out.append(String.format(Locale.ROOT, "  n = %,d, R2 = %.4f, adjusted R2 = %.4f, residual s.e. = %.4g bps, "
                    + "out-of-sample R2 (last 20%% of time, %,d walks) = %.4f%n", fit.samples(), fit.rSquared(),
                    fit.adjustedRSquared(), fit.residualStandardError(), holdoutSamples, outOfSampleR2));
            return out.toString();
        }
    }

    /**
     * @param sigma price per √second
     * @param epsilon fixed cost per share (half the spread and what else the intercept holds)
     * @param impactPerShare k: the walk's cost per share grows by k per share of the child
     * @param gamma permanent impact, price per share traded
     */
    public record Parameters(String instrument, double mid, double sigma, double epsilon, double impactPerShare,
            double gamma, LeastSquaresFit permanentImpact, SlippageModel slippage) {
        /** What a live job's schedule needs of them ({@code schedule --save-params}). */
        public AcParameters acParameters() {
            return new AcParameters(mid, sigma, epsilon, impactPerShare, gamma);
        }

        public String describe() {
            return String.format(Locale.ROOT, "Almgren-Chriss parameters for %s at mid %.6g:%n"
                    + "  sigma   = %.6g per sqrt(s) (median realized volatility)%n"
                    + "  epsilon = %.6g per unit (slippage regression at median volatility %.3g bps and spread "
                    + "%.3g bps)%n"
                    + "  eta/tau = %.6g per unit^2 (slippage regression's size slope at median depth %.4g)%n"
                    + "  gamma   = %.6g per unit (mid change on signed traded quantity per second, t = %.2f, n = %,d; "
                    + "0 unless t >= 3)%n",
                    instrument, mid, sigma, epsilon, slippage.medianVolatilityBps(), slippage.medianSpreadBps(),
                    impactPerShare, slippage.medianDepth(), gamma, permanentImpact.tStatistic(1),
                    permanentImpact.samples());
        }
    }

    /** A parent order's schedule: AC's trades and a TWAP's, with the model's cost of each. */
    public record Plan(boolean buy, double quantity, double horizonSeconds, int slices, double riskAversion,
            double kappa, double[] trades, double[] twap, double expectedCost, double costStdDev, double twapCost,
            double twapStdDev, double permanentCost) {
        public double tau() {
            return horizonSeconds / slices;
        }
    }

    /** One execution of a schedule against the recorded books. */
    public record Run(long startSecond, double arrivalMid, double[] childCostBps, double costBps, boolean partial) {}

    /** Every execution of the plan's two schedules from every start the recording allows. */
    public record Backtest(Plan plan, Parameters parameters, List<Run> scheduled, List<Run> twap) {
        public String describe() {
            Plan p = plan;
            double notional = p.quantity() * parameters.mid();
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%s %.6g units (%.6g quote) over %.0f s in %d slices, risk aversion "
                    + "%.3g: kappa*T = %.3f%n", p.buy() ? "buy" : "sell", p.quantity(), notional, p.horizonSeconds(),
                    p.slices(), p.riskAversion(), p.kappa() * p.horizonSeconds()));
            out.append(String.format(Locale.ROOT, "  %5s %8s %14s %14s %14s %16s%n", "slice", "at (s)", "AC quantity",
                    "AC remaining", "TWAP quantity", "AC realized bps"));
            double remaining = p.quantity();
            for (int k = 0; k < p.slices(); k++) {
                remaining -= p.trades()[k];
                final int slice = k;
                double realized = scheduled.stream().mapToDouble(r -> r.childCostBps()[slice]).filter(Double::isFinite)
                        .average().orElse(Double.NaN);
                out.append(String.format(Locale.ROOT, "  %5d %8.1f %14.6g %14.6g %14.6g %16.3f%n", k + 1, k * p.tau(),
                        p.trades()[k], Math.max(0, remaining), p.twap()[k], realized));
            }
            out.append(String.format(Locale.ROOT, "cost against the arrival mid, bps of the parent's notional "
                    + "(model: expected less the permanent part a replay cannot show; realized: %d runs from "
                    + "successive starts):%n", scheduled.size()));
            out.append(String.format(Locale.ROOT, "  %-9s %12s %12s %14s %12s %12s %8s%n", "schedule", "model E",
                    "model sd", "realized mean", "s.e.", "realized sd", "partial"));
            out.append(line("AC", p.expectedCost() - p.permanentCost(), p.costStdDev(), scheduled, notional));
            out.append(line("TWAP", p.twapCost() - p.permanentCost(), p.twapStdDev(), twap, notional));
            out.append(String.format(Locale.ROOT, "  (the permanent impact 1/2*gamma*X^2 adds %.3f bps to both in "
                    + "a live market)%n", p.permanentCost() / notional * 1e4));
            return out.toString();
        }

        private static String line(String name, double model, double sd, List<Run> runs, double notional) {
            double[] c = runs.stream().mapToDouble(Run::costBps).toArray();
            double mean = Arrays.stream(c).average().orElse(Double.NaN);
            double var = c.length < 2 ? Double.NaN
                    : Arrays.stream(c).map(v -> (v - mean) * (v - mean)).sum() / (c.length - 1);
            return String.format(Locale.ROOT, "  %-9s %12.3f %12.3f %14.3f %12.3f %12.3f %8d%n", name,
                    model / notional * 1e4, sd / notional * 1e4, mean, Math.sqrt(var / c.length),
                    Math.sqrt(var), runs.stream().filter(Run::partial).count());
        }
    }

    /** The slippage regression on the instrument's whole-book walks that filled. */
    public static SlippageModel slippageModel(SqlRunner sql, String instrument) throws Exception {
        List<Row> rows = sql.query("SELECT event_time, order_notional, depth, volatility_bps, spread_bps, slippage_bps "
                + "FROM slippage WHERE " + ModelTrainer.instrumentFilter(instrument) + " AND NOT partial AND "
                + "slippage_bps IS NOT NULL AND depth > 0 ORDER BY event_time");
        int n = rows.size();
        if (n < 50) {
            throw new IllegalArgumentException("only " + n + " filled slippage walks of " + instrument
                    + " in the slippage table: record longer, or check the instrument's name");
        }
        double[][] x = new double[n][];
        double[] y = new double[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            x[i] = new double[] {(Double) r.getField("order_notional") / (Double) r.getField("depth"),
                    (Double) r.getField("volatility_bps"), (Double) r.getField("spread_bps")};
            y[i] = (Double) r.getField("slippage_bps");
            t[i] = ((Instant) r.getField("event_time")).getEpochSecond();
        }
        // fitted on the first 80% of the time span, scored on the rest; then fitted on everything for the report
        long holdoutSecond = t[0] + Math.round((t[n - 1] - t[0]) * 0.8);
        int holdout = 0;
        while (holdout < n && t[holdout] < holdoutSecond) {
            holdout++;
        }
        double oos = Double.NaN;
        if (holdout > 10 && n - holdout > 0) {
            LeastSquaresFit train = LeastSquaresFit.fit(Arrays.copyOf(x, holdout), Arrays.copyOf(y, holdout));
            double[] forecast = new double[n - holdout];
            for (int i = holdout; i < n; i++) {
                forecast[i - holdout] = train.predict(x[i]);
            }
            oos = WalkForwardSelection.outOfSampleR2(forecast, Arrays.copyOfRange(y, holdout, n),
                    Arrays.stream(y, 0, holdout).average().orElseThrow());
        }
        double[] depth = new double[n], vol = new double[n], spread = new double[n];
        for (int i = 0; i < n; i++) {
            depth[i] = (Double) rows.get(i).getField("depth");
            vol[i] = x[i][1];
            spread[i] = x[i][2];
        }
        return new SlippageModel(LeastSquaresFit.fit(x, y), oos, n - holdout, median(depth), median(vol),
                median(spread));
    }

    public static Parameters parameters(SqlRunner sql, String instrument) throws Exception {
        SlippageModel slippage = slippageModel(sql, instrument);
        TreeMap<Long, BookTop> books = books(sql, instrument);
        double mid = median(books.values().stream().mapToDouble(BookTop::mid).toArray());
        double[] vols = sql.query("SELECT realized_vol_annualized FROM volatility WHERE "
                + ModelTrainer.instrumentFilter(instrument) + " AND coverage >= CAST(0.5 AS DOUBLE)").stream()
                .mapToDouble(r -> (Double) r.getField(0)).toArray();
        if (vols.length == 0) {
            throw new IllegalArgumentException("no volatility window of " + instrument + " covers half its length");
        }
        double sigma = median(vols) / Math.sqrt(365 * 86400.0) * mid;
        double[] b = slippage.fit().coefficients();
        double epsilon = mid * (b[0] + b[2] * slippage.medianVolatilityBps() + b[3] * slippage.medianSpreadBps()) / 1e4;
        double impactPerShare = b[1] * mid * mid / (1e4 * slippage.medianDepth());
        if (!(impactPerShare > 0)) {
            throw new IllegalArgumentException("the slippage regression gives no cost growing with size for "
                    + instrument + " (slope " + b[1] + "): record a busier period");
        }
        LeastSquaresFit permanent = permanentImpact(sql, instrument, books);
        double gamma = permanent.tStatistic(1) >= SIGNIFICANT ? permanent.coefficients()[1] : 0;
        return new Parameters(instrument, mid, sigma, Math.max(0, epsilon), impactPerShare, gamma, permanent,
                slippage);
    }

    /** Each second's mid change on its signed traded quantity, over seconds with a book at both ends. */
    static LeastSquaresFit permanentImpact(SqlRunner sql, String instrument, TreeMap<Long, BookTop> books)
            throws Exception {
        TreeMap<Long, Double> flow = new TreeMap<>();
        for (Row r : sql.query("SELECT exchange_time_ms, size, aggressor FROM trades WHERE "
                + ModelTrainer.instrumentFilter(instrument))) {
            double size = ((BigDecimal) r.getField("size")).doubleValue();
            flow.merge(Math.floorDiv((Long) r.getField("exchange_time_ms"), 1000L),
                    "SELL".equals(r.getField("aggressor")) ? -size : size, Double::sum);
        }
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Map.Entry<Long, BookTop> e : books.entrySet()) {
            BookTop before = books.get(e.getKey() - 1);
            if (before != null) {
                x.add(new double[] {flow.getOrDefault(e.getKey(), 0.0)});
                y.add(e.getValue().mid() - before.mid());
            }
        }
        return LeastSquaresFit.fit(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static Plan plan(Parameters p, boolean buy, double quoteNotional, double horizonSeconds, int slices,
            double riskAversion) {
        if (!(quoteNotional > 0)) {
            throw new IllegalArgumentException("need a positive notional, got " + quoteNotional);
        }
        AcPlan ac = AcPlan.of(p.acParameters(), quoteNotional / p.mid(), horizonSeconds, slices, riskAversion);
        return new Plan(buy, ac.quantity(), horizonSeconds, slices, riskAversion, ac.kappa(), ac.trades(), ac.twap(),
                ac.expectedCost(), ac.costStdDev(), ac.twapCost(), ac.twapStdDev(), ac.permanentCost());
    }

    /**
     * Executes both schedules from successive starts (one horizon apart): child k walks the book recorded at the end
     * of second start + ⌊k·τ⌋ (the latest before it, if no more than 2 s older), and the cost is measured against
     * the mid at the start.
     */
    public static Backtest backtest(SqlRunner sql, Parameters parameters, Plan plan) throws Exception {
        TreeMap<Long, BookTop> books = books(sql, parameters.instrument());
        List<Run> scheduled = new ArrayList<>(), twap = new ArrayList<>();
        long span = (long) Math.ceil(plan.horizonSeconds());
        for (long start = books.firstKey(); start + span <= books.lastKey(); start += span) {
            Run a = run(books, plan, plan.trades(), start);
            Run b = run(books, plan, plan.twap(), start);
            if (a != null && b != null) {
                scheduled.add(a);
                twap.add(b);
            }
        }
        if (scheduled.isEmpty()) {
            throw new IllegalArgumentException("the recording of " + parameters.instrument() + " is shorter than one "
                    + "horizon of " + plan.horizonSeconds() + " s with books every second");
        }
        return new Backtest(plan, parameters, scheduled, twap);
    }

    static Run run(TreeMap<Long, BookTop> books, Plan plan, double[] trades, long start) {
        BookTop arrival = books.get(start);
        if (arrival == null) {
            return null;
        }
        double[] childCost = new double[trades.length];
        double paid = 0, filled = 0;
        boolean partial = false;
        for (int k = 0; k < trades.length; k++) {
            long second = start + (long) Math.floor(k * plan.tau());
            Map.Entry<Long, BookTop> at = books.floorEntry(second);
            if (at == null || second - at.getKey() > 2) {
                return null; // no recent book to trade on: this start cannot be replayed
            }
            PriceLevels side = plan.buy() ? at.getValue().asks() : at.getValue().bids();
            double remaining = trades[k], cost = 0, got = 0;
            for (int i = 0; i < side.count() && remaining > 1e-12; i++) {
                double take = Math.min(remaining, Decimals.toDouble(side.size(i)));
                cost += take * Decimals.toDouble(side.price(i));
                got += take;
                remaining -= take;
            }
            partial |= remaining > 1e-9 * Math.max(1, trades[k]);
            childCost[k] = got == 0 ? Double.NaN : signed(plan.buy(), cost / got - arrival.mid()) / arrival.mid() * 1e4;
            paid += cost;
            filled += got;
        }
        double cost = filled == 0 ? Double.NaN : signed(plan.buy(), paid / filled - arrival.mid()) / arrival.mid() * 1e4;
        return new Run(start, arrival.mid(), childCost, cost, partial);
    }

    private static double signed(boolean buy, double priceDifference) {
        return buy ? priceDifference : -priceDifference;
    }

    /** The instrument's two-sided books of {@code book_top10_1s} by second. */
    static TreeMap<Long, BookTop> books(SqlRunner sql, String instrument) throws Exception {
        TreeMap<Long, BookTop> books = new TreeMap<>();
        for (Row r : sql.query("SELECT " + ModelTrainer.TOP10_COLUMNS + " FROM book_top10_1s WHERE "
                + ModelTrainer.instrumentFilter(instrument))) {
            BookTop b = ModelTrainer.book(r);
            if (b.twoSided()) {
                books.put(Math.floorDiv(b.exchangeTimeMs(), 1000), b);
            }
        }
        if (books.isEmpty()) {
            throw new IllegalArgumentException("no two-sided book of " + instrument + " in book_top10_1s");
        }
        return books;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
