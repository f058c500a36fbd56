package io.orderflow.estimators;

import java.util.Arrays;

/**
 * The lasso (Tibshirani 1996) by cyclic coordinate descent (Friedman, Hastie &amp; Tibshirani 2010): with every
 * feature standardized to mean 0 and variance 1 on the training rows and the target centred, it minimizes
 * (1/2n)·‖y − Xβ‖² + λ·‖β‖₁; the intercept is not penalized. Coefficients are returned on the features' own scale,
 * intercept first, so they predict as ordinary least squares coefficients do. λ = 0 is ordinary least squares
 * (when XᵀX is invertible).
 *
 * <p>Standardizing makes one λ penalize every feature alike whatever its unit (bps of spread against an imbalance
 * in [−1, 1]); a feature constant on the training rows gets coefficient 0.
 */
public final class Lasso {
    private static final int MAX_SWEEPS = 100_000;

    private final double[] coefficients; // intercept, then one per feature, on the features' own scale
    private final int sweeps;

    private Lasso(double[] coefficients, int sweeps) {
        this.coefficients = coefficients;
        this.sweeps = sweeps;
    }

    /**
     * @param x rows of features, no intercept column
     * @param y targets, one per row
     * @param lambda the penalty, on the standardized scale (see {@link #lambdaMax})
     * @param tolerance stop when no coefficient (standardized) moved by more than this in a sweep
     */
    public static Lasso fit(double[][] x, double[] y, double lambda, double tolerance) {
        Standardized s = Standardized.of(x, y);
        if (!(lambda >= 0) || !(tolerance > 0)) {
            throw new IllegalArgumentException("need lambda >= 0 and tolerance > 0, got " + lambda + ", " + tolerance);
        }
        int n = s.rows, p = s.columns;
        double[] beta = new double[p];
        double[] residual = s.y.clone(); // y − Xβ with β = 0
        int sweep = 0;
        double moved;
        do {
            moved = 0;
            for (int j = 0; j < p; j++) {
                if (s.scale[j] == 0) {
                    continue;
                }
                double[] column = s.x[j];
                // ρ = x_jᵀ(r + x_j β_j)/n; the columns have x_jᵀx_j/n = 1, so β_j = S(ρ, λ)
                double rho = 0;
                for (int i = 0; i < n; i++) {
                    rho += column[i] * residual[i];
                }
                rho = rho / n + beta[j];
                double updated = softThreshold(rho, lambda);
                double delta = updated - beta[j];
                if (delta != 0) {
                    for (int i = 0; i < n; i++) {
                        residual[i] -= delta * column[i];
                    }
                    beta[j] = updated;
                    moved = Math.max(moved, Math.abs(delta));
                }
            }
            sweep++;
        } while (moved > tolerance && sweep < MAX_SWEEPS);
        if (moved > tolerance) {
            throw new IllegalStateException("coordinate descent did not converge in " + MAX_SWEEPS + " sweeps (λ = "
                    + lambda + "): the features are nearly collinear; drop one or raise λ");
        }
        return new Lasso(s.toOriginalScale(beta), sweep);
    }

    /** The smallest λ at which every coefficient is 0: max_j |x_jᵀy|/n on the standardized data. */
    public static double lambdaMax(double[][] x, double[] y) {
        Standardized s = Standardized.of(x, y);
        double max = 0;
        for (int j = 0; j < s.columns; j++) {
            double dot = 0;
            for (int i = 0; i < s.rows; i++) {
                dot += s.x[j][i] * s.y[i];
            }
            max = Math.max(max, Math.abs(dot / s.rows));
        }
        return max;
    }

    /** A geometric path of {@code count} values from λmax down to λmax·{@code ratio}, then 0 (least squares). */
    public static double[] path(double lambdaMax, double ratio, int count) {
        if (count < 2 || !(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("a path needs at least 2 values and 0 < ratio < 1");
        }
        double[] path = new double[count + 1];
        for (int k = 0; k < count; k++) {
            path[k] = lambdaMax * Math.pow(ratio, (double) k / (count - 1));
        }
        return path;
    }

    static double softThreshold(double z, double lambda) {
        return z > lambda ? z - lambda : z < -lambda ? z + lambda : 0;
    }

    /** Intercept first, then one per feature, on the features' own scale. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    public int sweeps() {
        return sweeps;
    }

    /** The features (not the intercept) with a coefficient other than 0. */
    public int nonZero() {
        int k = 0;
        for (int j = 1; j < coefficients.length; j++) {
            k += coefficients[j] != 0 ? 1 : 0;
        }
        return k;
    }

    public double predict(double[] features) {
        if (features.length != coefficients.length - 1) {
            throw new IllegalArgumentException("expected " + (coefficients.length - 1) + " features");
        }
        double y = coefficients[0];
        for (int j = 0; j < features.length; j++) {
            y += coefficients[j + 1] * features[j];
        }
        return y;
    }

    @Override
    public String toString() {
        return "Lasso" + Arrays.toString(coefficients);
    }

    /** The training data standardized column by column (stored by column for the descent's inner loop). */
    private static final class Standardized {
        final int rows, columns;
        final double[][] x; // [column][row]
        final double[] y, mean, scale;
        final double yMean;

        private Standardized(int rows, int columns, double[][] x, double[] y, double[] mean, double[] scale,
                double yMean) {
            this.rows = rows;
            this.columns = columns;
            this.x = x;
            this.y = y;
            this.mean = mean;
            this.scale = scale;
            this.yMean = yMean;
        }

        static Standardized of(double[][] rows, double[] target) {
            int n = rows.length;
            if (n < 2 || target.length != n) {
                throw new IllegalArgumentException("need at least 2 rows and one target per row, got " + n
                        + " rows and " + target.length + " targets");
            }
            int p = rows[0].length;
            double[][] x = new double[p][n];
            double[] mean = new double[p], scale = new double[p];
            for (int j = 0; j < p; j++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    if (rows[i].length != p) {
                        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, not " + p);
                    }
                    sum += rows[i][j];
                }
                mean[j] = sum / n;
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    double d = rows[i][j] - mean[j];
                    x[j][i] = d;
                    ss += d * d;
                }
                scale[j] = Math.sqrt(ss / n);
                if (scale[j] > 0) {
                    for (int i = 0; i < n; i++) {
                        x[j][i] /= scale[j];
                    }
                }
            }
            double yMean = Arrays.stream(target).sum() / n;
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = target[i] - yMean;
            }
            return new Standardized(n, p, x, y, mean, scale, yMean);
        }

        double[] toOriginalScale(double[] beta) {
            double[] out = new double[columns + 1];
            double intercept = yMean;
            for (int j = 0; j < columns; j++) {
                double b = scale[j] > 0 ? beta[j] / scale[j] : 0;
                out[j + 1] = b;
                intercept -= b * mean[j];
            }
            out[0] = intercept;
            return out;
        }
    }
}
