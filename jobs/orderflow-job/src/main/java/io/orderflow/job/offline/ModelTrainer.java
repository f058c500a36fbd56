package io.orderflow.job.offline;

import io.orderflow.execution.strategy.MidPredictorModel;
import io.orderflow.execution.strategy.MidPredictorStrategy;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.estimators.Lasso;
import io.orderflow.estimators.RecursiveLeastSquares;
import io.orderflow.estimators.WalkForwardSelection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.Row;

/**
 * Trains the mid predictor offline from {@code book_top10_1s}: for every instrument and second t whose second
 * t + horizon is also recorded, the features of the book at the end of t (the function live trading uses) against
 * 10⁴·ln(mid(t + h)/mid(t)); least squares without forgetting (ridge prior δ = 100, as the live model starts).
 */
public final class ModelTrainer {
    private ModelTrainer() {}

    /**
     * Training samples: features, targets and each one's second (epoch), in instrument and time order, and how many
     * instruments gave them.
     */
    public record Samples(List<double[]> features, List<Double> targets, List<Long> seconds, int instruments) {}

    /**
     * Least squares against the lasso, scored on the last fifth of the recording (see {@link WalkForwardSelection}),
     * with the naive forecast beside them: the sign of the top-of-book imbalance, the feature a trader reads first.
     */
    public record Selection(WalkForwardSelection.Result result, double naiveHitRate, int instruments) {
        /** The report {@code orderflow train} prints. */
        public String describe(int horizonSeconds) {
            WalkForwardSelection.Result r = result;
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%,d samples from %d instruments, target 10^4 ln(mid(t+%d s)/mid(t))%n",
                    r.lasso().samples() + r.holdoutStart(), instruments, horizonSeconds));
            out.append(String.format(Locale.ROOT, "λ by purged walk-forward CV: %d folds on the first 80%% of time, "
                    + "%d s purge; λ = %.6g (path of %d from λmax = %.6g, then 0)%n", FOLDS, horizonSeconds,
                    r.lambda(), r.path().length, r.path()[0]));
            out.append(String.format(Locale.ROOT, "fitted on %,d samples, scored on the last 20%% of time (%,d samples):%n",
                    r.trainSamples(), r.lasso().samples()));
            out.append(String.format(Locale.ROOT, "  %-26s %12s %9s %9s%n", "model", "R2 out-of-s.", "hit rate",
                    "features"));
            out.append(row("OLS", r.leastSquares(), r.leastSquaresFit().nonZero()));
            out.append(row(String.format(Locale.ROOT, "LASSO λ=%.4g", r.lambda()), r.lasso(), r.lassoFit().nonZero()));
            out.append(String.format(Locale.ROOT, "  %-26s %12s %9.4f %9s%n", "naive sign(imbalance_1)", "-",
                    naiveHitRate, "1"));
            return out.toString();
        }

        private static String row(String name, WalkForwardSelection.Score s, int features) {
            return String.format(Locale.ROOT, "  %-26s %12.5f %9.4f %9d%n", name, s.r2(), s.hitRate(), features);
        }
    }

    /** The fit {@code train} writes. */
    public enum Fit {
        OLS,
        LASSO
    }

    static final int FOLDS = 5;
    private static final double HOLDOUT = 0.2;

    public static Samples samples(SqlRunner sql, int horizonSeconds, String instrument) throws Exception {
        String where = instrument == null ? "" : " WHERE " + instrumentFilter(instrument);
        Map<String, TreeMap<Long, BookTop>> books = new TreeMap<>();
        for (Row r : sql.query("SELECT " + TOP10_COLUMNS + " FROM book_top10_1s" + where)) {
            BookTop b = book(r);
            if (b.twoSided()) {
                books.computeIfAbsent(b.instrumentKey(), k -> new TreeMap<>())
                        .put(Math.floorDiv(b.exchangeTimeMs(), 1000), b);
            }
        }
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Long> t = new ArrayList<>();
        int instruments = 0;
        for (TreeMap<Long, BookTop> series : books.values()) {
            int before = y.size();
            for (Map.Entry<Long, BookTop> e : series.entrySet()) {
                BookTop later = series.get(e.getKey() + horizonSeconds);
                if (later != null) {
                    x.add(MidPredictorStrategy.features(e.getValue()));
                    y.add(Math.log(later.mid() / e.getValue().mid()) * 1e4);
                    t.add(e.getKey());
                }
            }
            instruments += y.size() > before ? 1 : 0;
        }
        return new Samples(x, y, t, instruments);
    }

    /** OLS and the lasso, λ chosen and both scored by {@link WalkForwardSelection} on the samples in time order. */
    public static Selection select(Samples s, int horizonSeconds) {
        enough(s);
        Integer[] order = timeOrder(s);
        int n = order.length;
        double[][] x = new double[n][];
        double[] y = new double[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = withoutIntercept(s.features().get(order[i]));
            y[i] = s.targets().get(order[i]);
            t[i] = s.seconds().get(order[i]);
        }
        WalkForwardSelection.Result r = WalkForwardSelection.select(x, y, t, horizonSeconds, FOLDS, HOLDOUT, 40, 1e-3);
        double[] naive = new double[n - r.holdoutStart()];
        for (int i = r.holdoutStart(); i < n; i++) {
            naive[i - r.holdoutStart()] = x[i][0]; // imbalance_1
        }
        double naiveHitRate = WalkForwardSelection.hitRate(naive, Arrays.copyOfRange(y, r.holdoutStart(), n));
        return new Selection(r, naiveHitRate, s.instruments());
    }

    /**
     * The model file's coefficients: least squares (as the live learner would reach on these samples), or the lasso
     * at {@code lambda} fitted on every sample; the covariance is least squares' either way, the prior the live
     * strategy's recursive least squares goes on learning from.
     */
    public static MidPredictorModel train(Samples s, int horizonSeconds, Fit fit, double lambda) {
        MidPredictorModel ols = train(s, horizonSeconds);
        if (fit == Fit.OLS) {
            return ols;
        }
        int n = s.targets().size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = withoutIntercept(s.features().get(i));
            y[i] = s.targets().get(i);
        }
        double[] lasso = Lasso.fit(x, y, lambda, 1e-9).coefficients();
        return new MidPredictorModel(horizonSeconds, lasso, ols.covariance(), ols.samples());
    }

    public static MidPredictorModel train(Samples s, int horizonSeconds) {
        enough(s);
        RecursiveLeastSquares rls = new RecursiveLeastSquares(s.features().get(0).length, 1.0, 100);
        for (int i = 0; i < s.targets().size(); i++) {
            rls.update(s.features().get(i), s.targets().get(i));
        }
        return new MidPredictorModel(horizonSeconds, rls.coefficients(), rls.covariance(), rls.updates());
    }

    private static void enough(Samples s) {
        if (s.targets().size() < 10 * MidPredictorModel.FEATURES.split(",").length) {
            throw new IllegalArgumentException("only " + s.targets().size() + " training samples in book_top10_1s: "
                    + "record longer (at least a few minutes) before training");
        }
    }

    private static Integer[] timeOrder(Samples s) {
        Integer[] order = new Integer[s.targets().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(s.seconds()::get)); // stable: instruments keep their order
        return order;
    }

    /** The strategy's features start with the constant 1 the lasso keeps as its unpenalized intercept. */
    private static double[] withoutIntercept(double[] features) {
        return Arrays.copyOfRange(features, 1, features.length);
    }

    /** {@code venue = '…' AND symbol = '…'} for an instrument given as venue:SYMBOL. */
    static String instrumentFilter(String instrument) {
        int colon = instrument.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--instrument must read venue:SYMBOL, got " + instrument);
        }
        return "venue = '" + instrument.substring(0, colon).replace("'", "''") + "' AND symbol = '"
                + instrument.substring(colon + 1).replace("'", "''") + "'";
    }

    /** The columns {@link #book} reads from {@code book_top10_1s}. */
    static final String TOP10_COLUMNS = topColumns();

    private static String topColumns() {
        StringBuilder columns = new StringBuilder("venue, symbol, event_time");
        for (String side : new String[] {"bid", "ask"}) {
            for (int i = 1; i <= 10; i++) {
                columns.append(", ").append(side).append("_px_").append(i).append(", ").append(side).append("_sz_")
                        .append(i);
            }
        }
        return columns.toString();
    }

    /** One {@code book_top10_1s} row as the book it describes, timed at its second's start. */
    static BookTop book(Row r) {
        long t = ((Instant) r.getField("event_time")).toEpochMilli();
        return new BookTop((String) r.getField("venue"), (String) r.getField("symbol"), t, 0, 0, levels(r, "bid"),
                levels(r, "ask"), false);
    }

    private static PriceLevels levels(Row r, String side) {
        PriceLevels.Builder b = new PriceLevels.Builder(10);
        for (int i = 1; i <= 10; i++) {
            BigDecimal px = (BigDecimal) r.getField(side + "_px_" + i);
            BigDecimal sz = (BigDecimal) r.getField(side + "_sz_" + i);
            if (px != null && sz != null) {
                b.add(Decimals.fromBigDecimal(px), Decimals.fromBigDecimal(sz));
            }
        }
        return b.build();
    }
}
