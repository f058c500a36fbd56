package io.orderflow.estimators;

import java.util.Arrays;

/**
 * Recursive least squares with exponential forgetting, for models fitted online one observation at a time.
 *
 * <p>With forgetting factor λ and P₀ = δ·I, after observations (x_i, y_i) the coefficients θ solve the weighted,
 * ridge-regularized normal equations (Σ λ^{N−i} x_i x_iᵀ + λ^N I/δ) θ = Σ λ^{N−i} x_i y_i. The update is the
 * textbook one: k = P x / (λ + xᵀ P x); θ += k (y − xᵀ θ); P = (P − k xᵀ P) / λ. λ = 1 never forgets.
 */
public final class RecursiveLeastSquares {
    private final int dimension;
    private final double forgetting;
    private final double[] theta;
    private final double[] p; // row-major dimension × dimension
    private long updates;

    public RecursiveLeastSquares(int dimension, double forgetting, double delta) {
        if (dimension < 1 || !(forgetting > 0 && forgetting <= 1) || !(delta > 0)) {
            throw new IllegalArgumentException("RLS needs dimension >= 1, 0 < forgetting <= 1, delta > 0; got "
                    + dimension + ", " + forgetting + ", " + delta);
        }
        this.dimension = dimension;
        this.forgetting = forgetting;
        this.theta = new double[dimension];
        this.p = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            p[i * dimension + i] = delta;
        }
    }

    /** Restores a model from {@link #coefficients()}, {@link #covariance()} and {@link #updates()}. */
    public static RecursiveLeastSquares restore(double forgetting, double[] theta, double[] p, long updates) {
        RecursiveLeastSquares m = new RecursiveLeastSquares(theta.length, forgetting, 1);
        if (p.length != theta.length * theta.length) {
            throw new IllegalArgumentException("covariance must be " + theta.length + "² values");
        }
        System.arraycopy(theta, 0, m.theta, 0, theta.length);
        System.arraycopy(p, 0, m.p, 0, p.length);
        m.updates = updates;
        return m;
    }

    public double predict(double[] x) {
        check(x);
        double y = 0;
        for (int i = 0; i < dimension; i++) {
            y += theta[i] * x[i];
        }
        return y;
    }

    public void update(double[] x, double y) {
        check(x);
        double[] px = new double[dimension];
        double denominator = forgetting;
        for (int i = 0; i < dimension; i++) {
            double s = 0;
            for (int j = 0; j < dimension; j++) {
                s += p[i * dimension + j] * x[j];
            }
            px[i] = s;
            denominator += x[i] * s;
        }
        double error = y - predict(x);
        for (int i = 0; i < dimension; i++) {
            theta[i] += px[i] / denominator * error;
        }
        // P is symmetric, so xᵀP = (Px)ᵀ: P ← (P − Px (Px)ᵀ / denominator) / λ
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                p[i * dimension + j] = (p[i * dimension + j] - px[i] * px[j] / denominator) / forgetting;
            }
        }
        updates++;
    }

    public double forgetting() {
        return forgetting;
    }

    public long updates() {
        return updates;
    }

    public double[] coefficients() {
        return theta.clone();
    }

    public double[] covariance() {
        return p.clone();
    }

    private void check(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " features, got " + x.length);
        }
    }

    @Override
    public String toString() {
        return "RLS" + Arrays.toString(theta) + " after " + updates;
    }
}
