package io.orderflow.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The online Newton logistic regression against the batch maximum a posteriori fit of the same data and prior
 * (Newton–Raphson to convergence, Commons Math solving each step), and against the blow-up that exponential forgetting suffers
 * where predictions saturate.
 */
class OnlineLogisticRegressionTest {
    private static double[][] features(SplittableRandom random, int n) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            // an intercept beside a feature with a large mean: where a fixed-step gradient crawls
            x[i] = new double[] {1, 3 + random.nextDouble(), random.nextGaussian()};
        }
        return x;
    }

    private static double sigmoid(double[] w, double[] x) {
        double z = 0;
        for (int i = 0; i < w.length; i++) {
            z += w[i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** argmax of the log-likelihood plus the Gaussian prior N(prior, variance·I), by Newton–Raphson. */
    private static double[] batchMap(double[][] x, double[] y, double[] prior, double variance) {
        int d = prior.length;
        double[] w = prior.clone();
        for (int iteration = 0; iteration < 100; iteration++) {
            double[][] h = new double[d][d];
            double[] g = new double[d];
            for (int i = 0; i < d; i++) {
                h[i][i] = 1 / variance;
                g[i] = -(w[i] - prior[i]) / variance;
            }
            for (int n = 0; n < x.length; n++) {
                double p = sigmoid(w, x[n]);
                for (int i = 0; i < d; i++) {
                    g[i] += (y[n] - p) * x[n][i];
                    for (int j = 0; j < d; j++) {
                        h[i][j] += p * (1 - p) * x[n][i] * x[n][j];
                    }
                }
            }
            double[] step = new org.apache.commons.math3.linear.LUDecomposition(
                    org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(h)).getSolver()
                    .solve(new org.apache.commons.math3.linear.ArrayRealVector(g)).toArray();
            double size = 0;
            for (int i = 0; i < d; i++) {
                w[i] += step[i];
                size += Math.abs(step[i]);
            }
            if (size < 1e-12) {
                break;
            }
        }
        return w;
    }

    @Test
    void withoutDriftItReachesTheBatchFitOfTheSameDataAndPrior() {
        SplittableRandom random = new SplittableRandom(3);
        double[] truth = {-2.0, 0.6, 1.1};
        int n = 20_000;
        double[][] x = features(random, n);
        double[] y = new double[n];
        double[] prior = {0, 0, 0};
        OnlineLogisticRegression online = new OnlineLogisticRegression(prior, 1.0, 0);
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < sigmoid(truth, x[i]) ? 1 : 0;
            online.learn(x[i], y[i]);
        }
        double[] batch = batchMap(x, y, prior, 1.0);
        // one pass of Newton steps is the Laplace filter, not the exact posterior mode: close to it
        for (int i = 0; i < 3; i++) {
            assertThat(online.weights()[i]).as("weight %d", i).isCloseTo(batch[i], within(0.05));
        }
        // and both near the truth where it matters, the probabilities (the intercept alone is poorly identified
        // beside a feature whose mean is far from 0)
        double error = 0;
        for (double[] xi : x) {
            error += Math.abs(online.predict(xi) - sigmoid(truth, xi));
        }
        assertThat(error / n).isLessThan(0.01);
        assertThat(online.samples()).isEqualTo(n);
    }

    @Test
    void saturatedPredictionsLeaveTheWeightsFiniteUnderDrift() {
        OnlineLogisticRegression m = new OnlineLogisticRegression(new double[] {0, 0}, 1.0, 1e-4);
        for (int i = 0; i < 100_000; i++) {
            m.learn(new double[] {1, 5}, 1); // always filled: the prediction runs to 1 and w to 0
        }
        assertThat(m.predict(new double[] {1, 5})).isGreaterThan(0.99);
        for (double v : m.covariance()) {
            assertThat(v).isFinite();
            assertThat(Math.abs(v)).as("covariance grows linearly at most").isLessThan(100_000 * 1e-4 * 2 + 1);
        }
        for (double v : m.weights()) {
            assertThat(v).isFinite();
        }
    }
}
