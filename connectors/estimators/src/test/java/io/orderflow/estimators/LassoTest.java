package io.orderflow.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * The lasso against its definition's optimality (KKT) conditions, least squares against Apache Commons Math, and
 * the walk-forward selection against a planted model whose true coefficients and R² are known.
 */
class LassoTest {
    /** n rows of p correlated features (each loads on a common factor) and y = x·truth + noise. */
    private static double[][] features(SplittableRandom r, int n, int p) {
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            double common = r.nextGaussian();
            for (int j = 0; j < p; j++) {
                x[i][j] = (j + 1) * (0.6 * common + r.nextGaussian()) + j; // different scales and means
            }
        }
        return x;
    }

    private static double[] target(SplittableRandom r, double[][] x, double intercept, double[] truth, double noise) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = intercept + noise * r.nextGaussian();
            for (int j = 0; j < truth.length; j++) {
                y[i] += truth[j] * x[i][j];
            }
        }
        return y;
    }

    @Test
    void lambdaZeroIsOrdinaryLeastSquaresAsCommonsMathSolvesIt() {
        SplittableRandom r = new SplittableRandom(7);
        double[][] x = features(r, 500, 5);
        double[] y = target(r, x, 3, new double[] {1, -0.5, 0, 0.25, 0}, 2);
        OLSMultipleLinearRegression reference = new OLSMultipleLinearRegression();
        reference.newSampleData(y, x);
        double[] expected = reference.estimateRegressionParameters(); // intercept first
        double[] got = Lasso.fit(x, y, 0, 1e-12).coefficients();
        for (int j = 0; j < expected.length; j++) {
            assertThat(got[j]).as("coefficient %d", j).isCloseTo(expected[j], within(1e-8));
        }
    }

    @Test
    void everySolutionMeetsTheLassoOptimalityConditions() {
        SplittableRandom r = new SplittableRandom(11);
        double[][] x = features(r, 400, 6);
        double[] y = target(r, x, -1, new double[] {0.8, 0, -0.4, 0, 0.1, 0}, 3);
        int n = x.length, p = x[0].length;
        // the standardization, written out here: mean 0, (1/n)·Σx² = 1 per column; y centred
        double[][] z = new double[n][p];
        for (int j = 0; j < p; j++) {
            double mean = 0, ss = 0;
            for (double[] row : x) {
                mean += row[j] / n;
            }
            for (double[] row : x) {
                ss += (row[j] - mean) * (row[j] - mean) / n;
            }
            for (int i = 0; i < n; i++) {
                z[i][j] = (x[i][j] - mean) / Math.sqrt(ss);
            }
        }
        double lambdaMax = Lasso.lambdaMax(x, y);
        for (double lambda : new double[] {lambdaMax * 0.5, lambdaMax * 0.1, lambdaMax * 0.01}) {
            Lasso fit = Lasso.fit(x, y, lambda, 1e-12);
            double[] b = fit.coefficients();
            double[] residual = new double[n];
            for (int i = 0; i < n; i++) {
                residual[i] = y[i] - fit.predict(x[i]);
            }
            for (int j = 0; j < p; j++) {
                double gradient = 0;
                for (int i = 0; i < n; i++) {
                    gradient += z[i][j] * residual[i] / n;
                }
                // KKT: x_jᵀr/n = λ·sign(β_j) where β_j ≠ 0, |x_jᵀr/n| ≤ λ where β_j = 0
                if (b[j + 1] != 0) {
                    assertThat(gradient).as("λ=%s, active %d", lambda, j)
                            .isCloseTo(lambda * Math.signum(b[j + 1]), within(1e-8));
                } else {
                    assertThat(Math.abs(gradient)).as("λ=%s, inactive %d", lambda, j).isLessThanOrEqualTo(lambda + 1e-8);
                }
            }
            assertThat(fit.nonZero()).isBetween(1, p);
        }
        assertThat(Lasso.fit(x, y, lambdaMax * 1.0001, 1e-12).nonZero()).isZero();
        assertThat(Lasso.fit(x, y, lambdaMax * 0.99, 1e-12).nonZero()).isEqualTo(1);
    }

    @Test
    void aConstantFeatureGetsNoCoefficientAndBadInputIsRefused() {
        double[][] x = {{1, 5}, {2, 5}, {3, 5}, {4, 5}};
        double[] y = {2, 4, 6, 8};
        double[] b = Lasso.fit(x, y, 0, 1e-12).coefficients();
        assertThat(b[2]).isZero();
        assertThat(b[1]).isCloseTo(2, within(1e-9));
        assertThat(b[0]).isCloseTo(0, within(1e-9));
        assertThatThrownBy(() -> Lasso.fit(x, new double[] {1, 2}, 0, 1e-9)).hasMessageContaining("one target per row");
        assertThatThrownBy(() -> Lasso.fit(x, y, -1, 1e-9)).hasMessageContaining("lambda >= 0");
    }

    /** Samples one a second; y(t) = x(t)·truth + noise. */
    private static long[] seconds(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000L + i;
        }
        return t;
    }

    /** n rows of p independent standard normal features. */
    private static double[][] gaussian(SplittableRandom r, int n, int p) {
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void walkForwardRecoversAPlantedModelAndScoresItOnDataItNeverSaw() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 4000;
        double[][] x = gaussian(r, n, 8);
        double[] truth = {0.5, -0.3, 0, 0, 0, 0, 0, 0};
        double[] y = target(r, x, 0.1, truth, 1);
        long[] t = seconds(n);
        WalkForwardSelection.Result result = WalkForwardSelection.select(x, y, t, 10, 5, 0.2, 30, 1e-3);
        // the true R² of the planted model: var(signal) / (var(signal) + var(noise)) = 0.34 / 1.34
        assertThat(result.lasso().r2()).isCloseTo(0.34 / 1.34, within(0.04));
        assertThat(result.leastSquares().r2()).isCloseTo(0.34 / 1.34, within(0.04));
        assertThat(result.lasso().hitRate()).isGreaterThan(0.6);
        double[] b = result.lassoFit().coefficients();
        assertThat(b[1]).isCloseTo(0.5, within(0.05));
        assertThat(b[2]).isCloseTo(-0.3, within(0.05));
        // the irrelevant ones: within 3 standard errors (1/sqrt(3,200) each) of 0, and shrunk below least squares'
        double[] ols = result.leastSquaresFit().coefficients();
        double lassoNoise = 0, olsNoise = 0;
        for (int j = 3; j <= 8; j++) {
            assertThat(Math.abs(b[j])).as("irrelevant feature %d", j).isLessThan(3 / Math.sqrt(3200));
            lassoNoise += Math.abs(b[j]);
            olsNoise += Math.abs(ols[j]);
        }
        assertThat(lassoNoise).isLessThan(olsNoise);
        // the holdout is the last 20% of the span; training stops a purge (10 s) before it
        long holdoutTime = t[0] + Math.round((t[n - 1] - t[0]) * 0.8);
        assertThat(t[result.holdoutStart()]).isEqualTo(holdoutTime);
        assertThat(t[result.trainSamples() - 1]).isLessThan(holdoutTime - 10);
        assertThat(t[result.trainSamples()]).isEqualTo(holdoutTime - 10);
        assertThat(result.lasso().samples()).isEqualTo(n - result.holdoutStart());
        // the path starts at λmax of the data before the holdout: the holdout is not looked at even for that
        assertThat(result.path()[0]).isEqualTo(Lasso.lambdaMax(java.util.Arrays.copyOf(x, result.holdoutStart()),
                java.util.Arrays.copyOf(y, result.holdoutStart())));
        assertThat(result.path()[30]).isZero();
        assertThat(result.path()).contains(result.lambda());
    }

    @Test
    void onPureNoiseTheSelectionClaimsNoSkill() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 3000;
        double[][] x = gaussian(r, n, 6);
        double[] y = target(r, x, 0, new double[6], 1);
        WalkForwardSelection.Result result = WalkForwardSelection.select(x, y, seconds(n), 10, 5, 0.2, 30, 1e-3);
        assertThat(result.lasso().r2()).isLessThan(0.005);
        assertThat(result.leastSquares().r2()).isLessThan(0.005);
        assertThat(result.lasso().hitRate()).isBetween(0.44, 0.56);
    }

    @Test
    void theScoresFollowTheirDefinitions() {
        double[] actual = {1, -1, 0, 2, -2};
        double[] forecast = {0.5, 0.5, 1, 0, -1};
        // moved: 4 outcomes; hits: the first and the last; a zero forecast is a miss
        assertThat(WalkForwardSelection.hitRate(forecast, actual)).isEqualTo(0.5);
        // SSE = 0.25 + 2.25 + 1 + 4 + 1 = 8.5; SST around 0 = 1 + 1 + 0 + 4 + 4 = 10
        assertThat(WalkForwardSelection.outOfSampleR2(forecast, actual, 0)).isCloseTo(0.15, within(1e-12));
    }
}
