package io.orderflow.execution.state;

import io.orderflow.estimators.OnlineLogisticRegression;

/**
 * Predicts what share of an order's filled quantity will be maker (resting) rather than taker (crossing), from
 * the order's size and the market's recent volatility, and learns from every order that filled.
 *
 * <p>An online logistic regression ({@link OnlineLogisticRegression}: one Newton step per finished order, the
 * weights drifting slowly) on four features:
 * <ol>
 *   <li>an intercept;</li>
 *   <li>whether the order crosses the spread when it arrives (a marketable order starts as taker);</li>
 *   <li>ln(1 + size / depth at the order's own touch): a large order waits behind, or walks, more of the book;</li>
 *   <li>the volatility of the mid, RiskMetrics EWMA (λ 0.94) of 1-second log returns, in basis points / 10:
 *       a moving market trades through resting orders more often.</li>
 * </ol>
 * The target is fractional (maker quantity / filled quantity), so the loss is the cross-entropy against it. The
 * weights start from what every venue's rules imply, so the first orders of an instrument are not predicted as a
 * coin flip: a resting order fills as maker (0.88), a crossing one as taker (0.12); size and volatility start at
 * zero weight and are learned. Plain Java, deterministic, part of the checkpointed trading state.
 */
public final class MakerShareModel {
    /** Prior variance of each weight, and its drift per order (a memory of several hundred orders). */
    private static final double PRIOR_VARIANCE = 1.0;
    private static final double DRIFT = 1e-5;
    private static final double[] PRIOR = {2.0, -4.0, 0.0, 0.0};
    private static final double LAMBDA = 0.94;

    private final OnlineLogisticRegression regression = new OnlineLogisticRegression(PRIOR, PRIOR_VARIANCE, DRIFT);
    private double ewmaVariance;
    private long lastSecond = Long.MIN_VALUE;
    private long lastMid;

    /** Feeds the mid on a 1-second previous-tick grid: the first mid seen in each new second closes the last. */
    public void observeMid(long timeMs, long mid) {
        if (mid <= 0) {
            return;
        }
        long second = Math.floorDiv(timeMs, 1_000L);
        if (second == lastSecond) {
            return;
        }
        if (lastSecond != Long.MIN_VALUE && lastMid > 0) {
            double r = Math.log((double) mid / lastMid);
            ewmaVariance = LAMBDA * ewmaVariance + (1 - LAMBDA) * r * r;
        }
        lastSecond = second;
        lastMid = mid;
    }

    /** Standard deviation of 1-second mid returns, in basis points. */
    public double volatilityBps() {
        return Math.sqrt(ewmaVariance) * 1e4;
    }

    /** The features of an order of {@code size} against {@code ownTouchDepth} (same side), now. */
    public double[] features(boolean marketable, long size, long ownTouchDepth) {
        double ratio = ownTouchDepth > 0 ? (double) size / ownTouchDepth : 1.0;
        return new double[] {1.0, marketable ? 1.0 : 0.0, Math.log1p(ratio), volatilityBps() / 10};
    }

    /** The predicted maker share in [0, 1]. */
    public double predict(double[] x) {
        return regression.predict(x);
    }

    /** One Newton step of the cross-entropy towards the realized share of a finished order. */
    public void learn(double[] x, double makerShare) {
        regression.learn(x, makerShare);
    }

    public long samples() {
        return regression.samples();
    }

    double[] weights() {
        return regression.weights();
    }

    double[] covariance() {
        return regression.covariance();
    }

    double ewmaVariance() {
        return ewmaVariance;
    }

    long lastSecond() {
        return lastSecond;
    }

    long lastMid() {
        return lastMid;
    }

    /** @param covariance the weights' covariance, or null for the prior's (a state saved before it was kept) */
    void restore(double[] w, double[] covariance, long samples, double ewmaVariance, long lastSecond, long lastMid) {
        regression.restore(w, covariance, samples);
        this.ewmaVariance = ewmaVariance;
        this.lastSecond = lastSecond;
        this.lastMid = lastMid;
    }
}
