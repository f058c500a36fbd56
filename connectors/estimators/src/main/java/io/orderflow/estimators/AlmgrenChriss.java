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

    /**
     * The discrete-time κ of the paper (eq. for N intervals of length τ): (2/τ²)(cosh(κτ) − 1) = λσ²/η̃, with
     * η̃ = η − ½γτ the temporary impact net of the permanent impact's share within an interval. It tends to
     * {@link #kappa} as τ → 0.
     */
    public static double kappa(double riskAversion, double sigma, double etaTilde, double tau) {
        if (!(etaTilde > 0) || riskAversion < 0 || sigma < 0 || !(tau > 0)) {
            throw new IllegalArgumentException("need eta~ > 0 (temporary impact above half the permanent impact of an "
                    + "interval), riskAversion >= 0, sigma >= 0 and tau > 0");
        }
        double c = 1 + riskAversion * sigma * sigma * tau * tau / (2 * etaTilde);
        return Math.log(c + Math.sqrt(c * c - 1)) / tau; // acosh
    }

    /**
     * The expected cost of a trade list (the paper's E[x]): ½γX² + ε·Σ|n_k| + (η̃/τ)·Σn_k², in price × quantity,
     * with η̃ = η − ½γτ.
     */
    public static double expectedCost(double[] trades, double tau, double gamma, double epsilon, double eta) {
        double total = 0, absolute = 0, squares = 0;
        for (double n : trades) {
            total += n;
            absolute += Math.abs(n);
            squares += n * n;
        }
        return 0.5 * gamma * total * total + epsilon * absolute + (eta - 0.5 * gamma * tau) / tau * squares;
    }

    /** The variance of the cost (the paper's V[x]): σ²·τ·Σ x_k² over the holdings after each interval. */
    public static double costVariance(double[] trades, double tau, double sigma) {
        double held = 0;
        for (double n : trades) {
            held += n;
        }
        double sum = 0;
        for (double n : trades) {
            held -= n;
            sum += held * held;
        }
        return sigma * sigma * tau * sum;
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
