package io.orderflow.estimators;

/**
 * Logistic regression learned online by Newton steps: the Laplace (extended Kalman filter) update of a Gaussian
 * belief over the weights, one observation at a time (Spiegelhalter and Lauritzen 1990; the recursive form of
 * iteratively reweighted least squares). With p = σ(θᵀx) and w = p(1 − p):
 * P ← P + qI; P ← P − w P x xᵀ P / (1 + w xᵀ P x); θ ← θ + P x (y − p).
 * The belief starts at the prior weights with covariance {@code priorVariance}·I, so the first observations move
 * the weights little and later ones converge at Newton's rate, where a fixed-step gradient crawls along correlated
 * features (an intercept beside a feature with a large mean). q > 0 lets the weights drift as a random walk
 * (a dynamic logistic regression), so the model follows a market that changes. Drift, not exponential
 * forgetting (P ← P/λ): where predictions saturate, w ≈ 0 adds no information and P/λ grows geometrically until
 * the weights blow up; P + qI only grows linearly. The target may be fractional (a share in [0, 1]) as well as 0 or 1. Deterministic; its weights and
 * covariance are exposed for a codec to write.
 */
public final class OnlineLogisticRegression {
    private final int dimension;
    private final double drift;
    private final double[] theta;
    private final double[] p; // row-major dimension × dimension
    private long samples;

    /**
     * @param priorVariance the variance of each prior weight
     * @param drift q, the variance each weight may drift by per observation (0: a fixed model)
     */
    public OnlineLogisticRegression(double[] prior, double priorVariance, double drift) {
        if (prior.length == 0 || !(priorVariance > 0) || !(drift >= 0)) {
            throw new IllegalArgumentException("a logistic regression needs at least one weight, a positive prior "
                    + "variance and a drift >= 0");
        }
        this.dimension = prior.length;
        this.drift = drift;
        this.theta = prior.clone();
        this.p = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            p[i * dimension + i] = priorVariance;
        }
    }

    /** The predicted probability (or share) for features {@code x}, in (0, 1). */
    public double predict(double[] x) {
        double z = 0;
        for (int i = 0; i < dimension; i++) {
            z += theta[i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** One Newton step towards the observed {@code y} in [0, 1]. */
    public void learn(double[] x, double y) {
        double predicted = predict(x);
        double w = Math.max(predicted * (1 - predicted), 1e-6);
        for (int i = 0; i < dimension; i++) {
            p[i * dimension + i] += drift;
        }
        double[] px = new double[dimension];
        double xpx = 0;
        for (int i = 0; i < dimension; i++) {
            double s = 0;
            for (int j = 0; j < dimension; j++) {
                s += p[i * dimension + j] * x[j];
            }
            px[i] = s;
            xpx += x[i] * s;
        }
        double denominator = 1 + w * xpx;
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                p[i * dimension + j] -= w * px[i] * px[j] / denominator;
            }
        }
        // P_new x = P x / (1 + w xᵀ P x), P after the drift
        double step = (y - predicted) / denominator;
        for (int i = 0; i < dimension; i++) {
            theta[i] += step * px[i];
        }
        samples++;
    }

    public long samples() {
        return samples;
    }

    /** The live weights (for a codec; not a copy). */
    public double[] weights() {
        return theta;
    }

    /** The live covariance of the weights, row-major (for a codec; not a copy). */
    public double[] covariance() {
        return p;
    }

    /** Continues from saved weights, covariance (null: the prior's) and sample count. */
    public void restore(double[] w, double[] covariance, long samples) {
        if (w.length != dimension || (covariance != null && covariance.length != dimension * dimension)) {
            throw new IllegalArgumentException("saved weights have " + w.length + " features, the model "
                    + dimension);
        }
        System.arraycopy(w, 0, theta, 0, dimension);
        if (covariance != null) {
            System.arraycopy(covariance, 0, p, 0, p.length);
        }
        this.samples = samples;
    }
}
