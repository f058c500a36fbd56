package io.orderflow.estimators;

/**
 * Hayashi–Yoshida covariance of two asynchronously observed series, and the Hoffmann–Rosenbaum–Yoshida (2013)
 * lead-lag curve built from it. Plain Java.
 *
 * <p>Each series is a list of observation times (ms, strictly increasing) and values (log prices). The change of
 * X over its interval I_i = (t_{i-1}, t_i] is ΔX_i; likewise ΔY_j over J_j. Then
 * HY = Σ_i Σ_j ΔX_i ΔY_j 1{I_i ∩ J_j ≠ ∅}, computed in O(n + m) by walking both interval lists; the correlation
 * divides by sqrt(Σ ΔX_i² · Σ ΔY_j²).
 *
 * <p>Lead-lag: HY(θ) shifts Y's intervals back by θ (J_j − θ). If X leads Y by L (Y moves L ms after X), the
 * shifted intervals line up at θ = L, so the argmax of |HY(θ)| over the grid is the lag, and <b>θ̂ > 0 means X
 * leads Y by θ̂</b> (θ̂ < 0: Y leads X by |θ̂|).
 */
public final class HayashiYoshida {
    private HayashiYoshida() {}

    /** HY covariance with Y's intervals shifted back by {@code lagMs}: Σ_i ΔX_i A_i. */
    public static double covariance(long[] tx, double[] x, long[] ty, double[] y, long lagMs) {
        check(tx, x);
        check(ty, y);
        double[] sum = {0};
        overlaps(tx, ty, y, lagMs, (i, a) -> sum[0] += (x[i] - x[i - 1]) * a);
        return sum[0];
    }

    /**
     * The spread of the HY correlation at {@code lagMs} if X and Y were unrelated, given their paths:
     * sqrt(Σ_i ΔX_i² A_i²) / sqrt(Σ ΔX² Σ ΔY²) (the heteroskedasticity-robust variance of Σ_i ΔX_i A_i with
     * independent signs). Bursts of volatility shared by both series widen it, where a count-based 1/√n would not.
     */
    public static double nullStandardDeviation(long[] tx, double[] x, long[] ty, double[] y, long lagMs) {
        check(tx, x);
        check(ty, y);
        double[] sum = {0};
        overlaps(tx, ty, y, lagMs, (i, a) -> {
            double dx = x[i] - x[i - 1];
            sum[0] += dx * dx * a * a;
        });
        double denominator = Math.sqrt(realizedVariance(x) * realizedVariance(y));
        return denominator == 0 ? Double.NaN : Math.sqrt(sum[0]) / denominator;
    }

    private interface IntervalSum {
        void accept(int i, double overlappingChange);
    }

    /**
     * Walks both interval lists once, O(n + m), and hands over, for each X interval I_i = (t_{i-1}, t_i] that any
     * shifted Y interval overlaps, A_i = Σ_j ΔY_j 1{I_i ∩ (J_j − lag) ≠ ∅}.
     */
    private static void overlaps(long[] tx, long[] ty, double[] y, long lagMs, IntervalSum out) {
        double overlapping = 0;
        int i = 1;
        int j = 1;
        while (i < tx.length && j < ty.length) {
            long aEnd = tx[i];
            long bEnd = ty[j] - lagMs;
            if (tx[i - 1] < bEnd && ty[j - 1] - lagMs < aEnd) { // (a0, a1] and (b0, b1] overlap
                overlapping += y[j] - y[j - 1];
            }
            if (aEnd <= bEnd) { // X's interval i is done: every Y interval overlapping it has been seen
                if (overlapping != 0) {
                    out.accept(i, overlapping);
                }
                overlapping = 0;
                i++;
                if (aEnd == bEnd) {
                    j++;
                }
            } else {
                j++;
            }
        }
        if (i < tx.length && overlapping != 0) { // Y ran out inside X's interval i
            out.accept(i, overlapping);
        }
    }

    /** Σ ΔX²: the realized variance of a series on its own observations. */
    public static double realizedVariance(double[] x) {
        double rv = 0;
        for (int i = 1; i < x.length; i++) {
            double d = x[i] - x[i - 1];
            rv += d * d;
        }
        return rv;
    }

    /** HY correlation at a lag; NaN when either series does not move. */
    public static double correlation(long[] tx, double[] x, long[] ty, double[] y, long lagMs) {
        double denominator = Math.sqrt(realizedVariance(x) * realizedVariance(y));
        return denominator == 0 ? Double.NaN : covariance(tx, x, ty, y, lagMs) / denominator;
    }

    /** The lead-lag curve over a lag grid and its argmax of |correlation|. */
    public static LeadLag leadLag(long[] tx, double[] x, long[] ty, double[] y, long minLagMs, long maxLagMs,
            long stepMs) {
        if (stepMs <= 0 || maxLagMs < minLagMs) {
            throw new IllegalArgumentException("lag grid needs step > 0 and max >= min, got " + minLagMs + ".."
                    + maxLagMs + " step " + stepMs);
        }
        int n = (int) ((maxLagMs - minLagMs) / stepMs) + 1;
        long[] lags = new long[n];
        double[] curve = new double[n];
        int best = -1;
        for (int k = 0; k < n; k++) {
            lags[k] = minLagMs + k * stepMs;
            curve[k] = correlation(tx, x, ty, y, lags[k]);
            if (!Double.isNaN(curve[k]) && (best < 0 || Math.abs(curve[k]) > Math.abs(curve[best]))) {
                best = k;
            }
        }
        return new LeadLag(lags, curve, best < 0 ? 0 : lags[best], best < 0 ? Double.NaN : curve[best]);
    }

    /** The curve, the best lag (θ̂ > 0: X leads) and the correlation there. */
    public record LeadLag(long[] lagsMs, double[] correlations, long bestLagMs, double bestCorrelation) {}

    private static void check(long[] t, double[] v) {
        if (t.length != v.length) {
            throw new IllegalArgumentException("times and values differ in length: " + t.length + " vs " + v.length);
        }
        for (int i = 1; i < t.length; i++) {
            if (t[i] <= t[i - 1]) {
                throw new IllegalArgumentException("observation times must increase strictly, at index " + i);
            }
        }
    }
}
