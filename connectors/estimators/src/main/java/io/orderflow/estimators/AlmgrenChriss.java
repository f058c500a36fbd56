package io.orderflow.estimators;

/**
 * The Almgren–Chriss (2000) optimal liquidation schedule: with permanent impact γ·v, temporary impact ε·sgn(v) +
 * η·v, volatility σ and risk aversion λ, holdings follow x(t) = X·sinh(κ(T − t))/sinh(κT) with
 * κ ≈ sqrt(λσ²/η) (the continuous-time limit). κ → 0 (no risk aversion) gives a straight line, the TWAP; larger κ
 * trades more up front to shed risk.
 */
public final class AlmgrenChriss {
    private AlmgrenChriss() {}

    /** κ from risk aversion λ, volatility σ (per unit time) and temporary impact η. */
    public static double kappa(double riskAversion, double sigma, double eta) {
        if (!(eta > 0) || riskAversion < 0 || sigma < 0) {
            throw new IllegalArgumentException("need eta > 0, riskAversion >= 0, sigma >= 0");
        }
        return Math.sqrt(riskAversion * sigma * sigma / eta);
    }

    /** Holdings x_0 = X, x_1, ..., x_N = 0 at t_j = j·T/N. */
    public static double[] holdings(double shares, double horizon, int intervals, double kappa) {
        if (intervals < 1 || !(horizon > 0)) {
            throw new IllegalArgumentException("need intervals >= 1 and horizon > 0");
        }
        double[] x = new double[intervals + 1];
        for (int j = 0; j <= intervals; j++) {
            double t = horizon * j / intervals;
            x[j] = kappa * horizon < 1e-9 ? shares * (1 - t / horizon)
                    : shares * Math.sinh(kappa * (horizon - t)) / Math.sinh(kappa * horizon);
        }
        x[intervals] = 0;
        return x;
    }

    /** The child orders: n_j = x_{j-1} − x_j, summing to X. */
    public static double[] trades(double shares, double horizon, int intervals, double kappa) {
        double[] x = holdings(shares, horizon, intervals, kappa);
        double[] n = new double[intervals];
        for (int j = 1; j <= intervals; j++) {
            n[j - 1] = x[j - 1] - x[j];
        }
        return n;
    }
}
