package io.orderflow.estimators;

/**
 * Volatility estimators beside realized volatility ({@link RealizedVolatility}), in plain Java:
 * <ul>
 *   <li>Parkinson (1980) from per-interval highs and lows: σ² = (1 / (4 n ln 2)) Σ (ln(H_i / L_i))², per interval;</li>
 *   <li>EWMA (RiskMetrics): σ²_t = λ σ²_{t-1} + (1 − λ) r²_t, seeded with the first squared return.</li>
 * </ul>
 * Both are per-interval variances; {@link #annualize} turns one into a yearly volatility for a 24/7 market.
 */
public final class VolatilityEstimators {
    private VolatilityEstimators() {}

    public static double parkinsonVariance(double[] highs, double[] lows) {
        if (highs.length != lows.length || highs.length == 0) {
            throw new IllegalArgumentException("need as many highs as lows, and at least one");
        }
        double sum = 0;
        for (int i = 0; i < highs.length; i++) {
            double r = Math.log(highs[i] / lows[i]);
            sum += r * r;
        }
        return sum / (4 * highs.length * Math.log(2));
    }

    /** The EWMA variance after the last return. */
    public static double ewmaVariance(double[] returns, double lambda) {
        if (!(lambda > 0 && lambda < 1) || returns.length == 0) {
            throw new IllegalArgumentException("need 0 < lambda < 1 and at least one return");
        }
        double v = returns[0] * returns[0];
        for (int i = 1; i < returns.length; i++) {
            v = lambda * v + (1 - lambda) * returns[i] * returns[i];
        }
        return v;
    }

    /** sqrt(variance per interval × intervals per year), 365 × 86400 s a year. */
    public static double annualize(double variancePerInterval, double intervalSeconds) {
        return Math.sqrt(variancePerInterval * 365 * 86400 / intervalSeconds);
    }
}
