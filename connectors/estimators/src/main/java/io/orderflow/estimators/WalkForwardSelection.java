package io.orderflow.estimators;

import java.util.Arrays;

/**
 * Chooses the lasso's λ by time-series cross-validation and scores the choice on data it never saw, the way a
 * forecast of overlapping horizons has to be scored (López de Prado 2018, ch. 7: purged walk-forward):
 *
 * <ul>
 *   <li>the last {@code holdoutShare} of the time span is held out; nothing below looks at it until the end;
 *   <li>the rest is cut into {@code folds + 1} blocks of equal time; fold k validates on block k and trains on every
 *       sample before it whose target window ends before block k starts ({@code purge} = the horizon), so no
 *       training target overlaps a validation target;
 *   <li>λ is the value of the path with the least mean validation error over the folds;
 *   <li>least squares (λ = 0) and the lasso at that λ are then fitted on everything before the holdout (purged the
 *       same way) and scored on the holdout: out-of-sample R² against the training mean (Campbell &amp; Thompson
 *       2008; negative when the model forecasts worse than that mean) and the hit rate.
 * </ul>
 *
 * Samples must be in time order.
 */
public final class WalkForwardSelection {
    private static final double TOLERANCE = 1e-9;

    /** One model's figures on the holdout. */
    public record Score(double r2, double hitRate, int samples) {}

    /**
     * @param lambda the λ chosen
     * @param path the λ path tried, with {@code validationError} its mean validation MSE (same order)
     * @param leastSquares and {@code lasso}: fitted before the holdout, scored on it
     */
    public record Result(double lambda, double[] path, double[] validationError, Lasso leastSquaresFit, Score leastSquares,
            Lasso lassoFit, Score lasso, int trainSamples, int holdoutStart) {}

    private WalkForwardSelection() {}

    /**
     * @param times each sample's time (any unit), ascending
     * @param purge a target's length in the same unit
     * @param pathLength and {@code pathRatio}: the λ tried, {@link Lasso#path} from λmax of the data before the
     *     holdout (the holdout is not looked at even for that)
     */
    public static Result select(double[][] x, double[] y, long[] times, long purge, int folds, double holdoutShare,
            int pathLength, double pathRatio) {
        int n = y.length;
        if (x.length != n || times.length != n) {
            throw new IllegalArgumentException("need one feature row and one time per target");
        }
        if (folds < 2 || !(holdoutShare > 0 && holdoutShare < 1) || purge < 0) {
            throw new IllegalArgumentException("need at least 2 folds, 0 < holdoutShare < 1 and purge >= 0");
        }
        for (int i = 1; i < n; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("samples must be in time order (sample " + i + ")");
            }
        }
        long first = times[0];
        long span = times[n - 1] - first;
        long holdoutTime = first + Math.round(span * (1 - holdoutShare));
        int holdout = firstAtOrAfter(times, holdoutTime);
        if (holdout < 10) {
            throw new IllegalArgumentException("only " + holdout + " samples before the holdout: record longer");
        }
        double[] path = Lasso.path(Lasso.lambdaMax(Arrays.copyOf(x, holdout), Arrays.copyOf(y, holdout)), pathRatio,
                pathLength);
        long blockTime = (holdoutTime - first) / (folds + 1);
        double[] error = new double[path.length];
        int scored = 0;
        for (int k = 1; k <= folds; k++) {
            long start = first + k * blockTime, end = k == folds ? holdoutTime : start + blockTime;
            int trainEnd = firstAtOrAfter(times, start - purge);
            int from = firstAtOrAfter(times, start), to = firstAtOrAfter(times, end);
            if (trainEnd < 10 || to - from < 1) {
                continue; // too little to learn from or nothing to validate: the fold says nothing
            }
            scored++;
            for (int l = 0; l < path.length; l++) {
                Lasso m = Lasso.fit(Arrays.copyOf(x, trainEnd), Arrays.copyOf(y, trainEnd), path[l], TOLERANCE);
                double sse = 0;
                for (int i = from; i < to; i++) {
                    double e = y[i] - m.predict(x[i]);
                    sse += e * e;
                }
                error[l] += sse / (to - from);
            }
        }
        if (scored == 0) {
            throw new IllegalArgumentException("no cross-validation fold had both training and validation samples: "
                    + "record longer than " + (purge * (folds + 2)) + " time units");
        }
        for (int l = 0; l < path.length; l++) {
            error[l] /= scored;
        }
        int best = 0;
        for (int l = 1; l < path.length; l++) {
            if (error[l] < error[best]) {
                best = l;
            }
        }
        int trainEnd = firstAtOrAfter(times, holdoutTime - purge);
        if (trainEnd < 10 || holdout >= n) {
            throw new IllegalArgumentException("too few samples before or in the holdout (" + trainEnd + ", "
                    + (n - holdout) + ")");
        }
        double[][] trainX = Arrays.copyOf(x, trainEnd);
        double[] trainY = Arrays.copyOf(y, trainEnd);
        double trainMean = Arrays.stream(trainY).average().orElse(0);
        Lasso ols = Lasso.fit(trainX, trainY, 0, TOLERANCE);
        Lasso lasso = Lasso.fit(trainX, trainY, path[best], TOLERANCE);
        double[][] testX = Arrays.copyOfRange(x, holdout, n);
        double[] testY = Arrays.copyOfRange(y, holdout, n);
        return new Result(path[best], path, error, ols, score(ols, testX, testY, trainMean), lasso,
                score(lasso, testX, testY, trainMean), trainEnd, holdout);
    }

    static Score score(Lasso model, double[][] x, double[] y, double benchmark) {
        double[] forecast = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            forecast[i] = model.predict(x[i]);
        }
        return new Score(outOfSampleR2(forecast, y, benchmark), hitRate(forecast, y), y.length);
    }

    /** 1 − Σ(y − ŷ)² / Σ(y − benchmark)². */
    public static double outOfSampleR2(double[] forecast, double[] actual, double benchmark) {
        double sse = 0, sst = 0;
        for (int i = 0; i < actual.length; i++) {
            sse += (actual[i] - forecast[i]) * (actual[i] - forecast[i]);
            sst += (actual[i] - benchmark) * (actual[i] - benchmark);
        }
        return 1 - sse / sst;
    }

    /**
     * The share of outcomes that moved (y ≠ 0) whose direction the forecast had; a forecast of exactly 0 has no
     * direction and counts as a miss.
     */
    public static double hitRate(double[] forecast, double[] actual) {
        int moved = 0, hits = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != 0) {
                moved++;
                hits += forecast[i] != 0 && Math.signum(forecast[i]) == Math.signum(actual[i]) ? 1 : 0;
            }
        }
        return moved == 0 ? Double.NaN : (double) hits / moved;
    }

    private static int firstAtOrAfter(long[] times, long t) {
        int lo = 0, hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
