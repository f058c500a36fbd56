package io.orderflow.estimators;

/**
 * Correlation, beta and spread z-score of two instruments on a synchronous grid (previous-tick sampled, so both
 * return series cover the same intervals): β = cov(r_y, r_x)/var(r_x) reads "x +1% → y +β%"; the spread is
 * log(y) − β·log(x), and its z-score is (last − mean)/stdev over the window. Sample statistics (n − 1); the
 * standard error of β is the heteroskedasticity-robust HC3 one (MacKinnon–White): residuals weighted by their
 * leverage h_i = 1/n + (x_i − x̄)²/Sxx as e_i²/(1 − h_i)².
 */
public final class PairStatistics {
    /** How near 1 a leverage counts as 1: far below any a sample of distinct moves gives, far above rounding. */
    static final double LEVERAGE_ONE = 1e-9;

    private PairStatistics() {}

    public record Result(int returns, double correlation, double beta, double betaStandardError,
            double spreadZScore) {}

    /** {@code x} and {@code y}: prices on the same grid points, oldest first. */
    public static Result of(double[] x, double[] y) {
        boolean[] all = new boolean[Math.max(0, x.length - 1)];
        java.util.Arrays.fill(all, true);
        return of(x, y, all);
    }

    /**
     * The same over the returns {@code usable[i]} allows (the return from point i to i + 1): a return that spans a
     * gap in either series is no return, and is left out; the spread still uses every point. Null when fewer than
     * two returns are usable.
     */
    public static Result of(double[] x, double[] y, boolean[] usable) {
        if (x.length != y.length || x.length < 3 || usable.length != x.length - 1) {
            throw new IllegalArgumentException("need two equally long series of at least 3 grid points, and a "
                    + "usable flag per return");
        }
        int n = 0;
        for (boolean u : usable) {
            n += u ? 1 : 0;
        }
        if (n < 2) {
            return null;
        }
        double[] rx = new double[n];
        double[] ry = new double[n];
        for (int i = 0, k = 0; i < usable.length; i++) {
            if (usable[i]) {
                rx[k] = Math.log(x[i + 1] / x[i]);
                ry[k++] = Math.log(y[i + 1] / y[i]);
            }
        }
        double mx = mean(rx);
        double my = mean(ry);
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
            sxy += (rx[i] - mx) * (ry[i] - my);
        }
        double beta = sxy / sxx;
        double correlation = sxy / Math.sqrt(sxx * syy);
        // heteroskedasticity-robust (HC3) standard error: crypto returns come in bursts, and the classical
        // formula understates the uncertainty when the residuals are large exactly where x moves most; HC3's
        // leverage correction keeps it honest in the small samples of one window
        double robust = 0;
        for (int i = 0; i < n; i++) {
            double dx = rx[i] - mx;
            double e = (ry[i] - my) - beta * dx;
            double leverage = 1.0 / n + dx * dx / sxx;
            if (leverage > 1 - LEVERAGE_ONE) {
                // x moved in this return only (a book that stood still but once): the line passes through the
                // point, whose HC3 weight is 0/0; β rests on one return and has no standard error, where rounding
                // would print one of any size
                robust = Double.NaN;
                break;
            }
            robust += dx * dx * e * e / ((1 - leverage) * (1 - leverage));
        }
        double se = n > 2 ? Math.sqrt(robust) / sxx : Double.NaN;
        // the spread measured from its first value: a spread that does not move (y quoted at one price all window,
        // so β = 0) is then exactly 0 at every point, where the raw logs' mean would differ from each by rounding
        // and give a "z-score" of order 1 out of a standard deviation of 1e-16
        double[] spread = new double[x.length];
        double first = Math.log(y[0]) - beta * Math.log(x[0]);
        for (int i = 0; i < x.length; i++) {
            spread[i] = Math.log(y[i]) - beta * Math.log(x[i]) - first;
        }
        double ms = mean(spread);
        double ss = 0;
        for (double s : spread) {
            ss += (s - ms) * (s - ms);
        }
        double sd = Math.sqrt(ss / (spread.length - 1));
        return new Result(n, correlation, beta, se, sd == 0 ? 0 : (spread[spread.length - 1] - ms) / sd);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
