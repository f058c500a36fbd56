package io.orderflow.estimators;

/**
 * Ordinary least squares with an intercept and the statistics a fitted model is reported with: coefficients,
 * their standard errors (σ̂²·(XᵀX)⁻¹, σ̂² = SSR / (n − p)), t statistics, R², adjusted R² and the residual standard
 * error. Solved by Gauss–Jordan elimination with partial pivoting on the normal equations, which is exact enough for
 * the handful of regressors used here ({@link GaussJordan}; a design with nearly dependent columns is refused, not
 * solved badly).
 */
public final class LeastSquaresFit {
    private final double[] coefficients; // intercept first
    private final double[] standardErrors;
    private final double rSquared;
    private final double residualStandardError;
    private final int samples;

    private LeastSquaresFit(double[] coefficients, double[] standardErrors, double rSquared,
            double residualStandardError, int samples) {
        this.coefficients = coefficients;
        this.standardErrors = standardErrors;
        this.rSquared = rSquared;
        this.residualStandardError = residualStandardError;
        this.samples = samples;
    }

    /** @param x rows of regressors, no intercept column (one is added) */
    public static LeastSquaresFit fit(double[][] x, double[] y) {
        int n = y.length;
        if (x.length != n) {
            throw new IllegalArgumentException("need one row of regressors per target, got " + x.length + " and " + n);
        }
        int p = (n == 0 ? 0 : x[0].length) + 1;
        if (n <= p) {
            throw new IllegalArgumentException("need more samples than coefficients (" + p + "), got " + n);
        }
        double[][] a = new double[p][2 * p + 1]; // [XᵀX | I | Xᵀy]
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            if (x[i].length != p - 1) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " regressors, not " + (p - 1));
            }
            for (int r = 0; r < p; r++) {
                double xr = r == 0 ? 1 : x[i][r - 1];
                a[r][2 * p] += xr * y[i];
                for (int c = 0; c < p; c++) {
                    a[r][c] += xr * (c == 0 ? 1 : x[i][c - 1]);
                }
            }
            yMean += y[i] / n;
        }
        for (int r = 0; r < p; r++) {
            a[r][p + r] = 1;
        }
        eliminate(a, p);
        double[] beta = new double[p];
        for (int r = 0; r < p; r++) {
            beta[r] = a[r][2 * p];
        }
        double ssr = 0, sst = 0;
        for (int i = 0; i < n; i++) {
            double fitted = beta[0];
            for (int j = 1; j < p; j++) {
                fitted += beta[j] * x[i][j - 1];
            }
            ssr += (y[i] - fitted) * (y[i] - fitted);
            sst += (y[i] - yMean) * (y[i] - yMean);
        }
        double sigma2 = ssr / (n - p);
        double[] se = new double[p];
        for (int r = 0; r < p; r++) {
            se[r] = Math.sqrt(sigma2 * a[r][p + r]);
        }
        return new LeastSquaresFit(beta, se, 1 - ssr / sst, Math.sqrt(sigma2), n);
    }

    /** Reduces [A | I | b] to [I | A⁻¹ | A⁻¹b], refusing a pivot below 10⁻¹² of the largest diagonal. */
    private static void eliminate(double[][] a, int p) {
        double scale = 0;
        for (int r = 0; r < p; r++) {
            scale = Math.max(scale, Math.abs(a[r][r]));
        }
        if (!GaussJordan.reduce(a, p, 1e-12 * scale)) {
            throw new IllegalArgumentException("the regressors are linearly dependent: drop one, or record data in "
                    + "which they vary independently");
        }
    }

    public double predict(double[] x) {
        double y = coefficients[0];
        for (int j = 1; j < coefficients.length; j++) {
            y += coefficients[j] * x[j - 1];
        }
        return y;
    }

    /** Intercept first. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    public double[] standardErrors() {
        return standardErrors.clone();
    }

    public double tStatistic(int coefficient) {
        return coefficients[coefficient] / standardErrors[coefficient];
    }

    public double rSquared() {
        return rSquared;
    }

    public double adjustedRSquared() {
        int p = coefficients.length;
        return 1 - (1 - rSquared) * (samples - 1) / (samples - p);
    }

    public double residualStandardError() {
        return residualStandardError;
    }

    public int samples() {
        return samples;
    }
}
