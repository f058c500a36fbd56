package io.orderflow.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * The regression behind the slippage model against Apache Commons Math, and the Almgren–Chriss schedule against the
 * paper's own claim: its trajectory minimizes E[x] + λ·V[x] over every trajectory with the same start and end.
 */
class CostModelsTest {
    @Test
    void leastSquaresAndItsFitStatisticsAgreeWithCommonsMath() {
        SplittableRandom r = new SplittableRandom(23);
        int n = 800;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = Math.abs(r.nextGaussian()) * 0.5; // size / depth
            x[i][1] = 1 + Math.abs(r.nextGaussian()); // volatility, bps
            x[i][2] = 0.5 + r.nextDouble() * 3 + 0.3 * x[i][1]; // spread, bps, correlated with volatility
            y[i] = 0.2 + 4 * x[i][0] + 0.1 * x[i][1] + 0.5 * x[i][2] + 0.8 * r.nextGaussian();
        }
        LeastSquaresFit fit = LeastSquaresFit.fit(x, y);
        OLSMultipleLinearRegression reference = new OLSMultipleLinearRegression();
        reference.newSampleData(y, x);
        double[] b = reference.estimateRegressionParameters();
        double[] se = reference.estimateRegressionParametersStandardErrors();
        for (int j = 0; j < b.length; j++) {
            assertThat(fit.coefficients()[j]).as("coefficient %d", j).isCloseTo(b[j], within(1e-9));
            assertThat(fit.standardErrors()[j]).as("standard error %d", j).isCloseTo(se[j], within(1e-9));
            assertThat(fit.tStatistic(j)).isCloseTo(b[j] / se[j], within(1e-6));
        }
        assertThat(fit.rSquared()).isCloseTo(reference.calculateRSquared(), within(1e-12));
        assertThat(fit.adjustedRSquared()).isCloseTo(reference.calculateAdjustedRSquared(), within(1e-12));
        assertThat(fit.residualStandardError()).isCloseTo(Math.sqrt(reference.estimateErrorVariance()), within(1e-12));
        assertThat(fit.samples()).isEqualTo(n);
        assertThat(fit.predict(new double[] {1, 2, 3})).isCloseTo(b[0] + b[1] + 2 * b[2] + 3 * b[3], within(1e-12));
    }

    @Test
    void dependentRegressorsAreRefusedWithTheReason() {
        double[][] x = {{1, 2}, {2, 4}, {3, 6}, {4, 8}};
        assertThatThrownBy(() -> LeastSquaresFit.fit(x, new double[] {1, 2, 3, 5}))
                .hasMessageContaining("linearly dependent");
        assertThatThrownBy(() -> LeastSquaresFit.fit(new double[][] {{1}, {2}}, new double[] {1, 2}))
                .hasMessageContaining("more samples than coefficients");
    }

    /** E + λV of the trade list that moves the holdings from X to 0 through {@code x}. */
    private static double objective(double[] holdings, double tau, double gamma, double epsilon, double eta,
            double sigma, double lambda) {
        double[] trades = new double[holdings.length - 1];
        for (int k = 1; k < holdings.length; k++) {
            trades[k - 1] = holdings[k - 1] - holdings[k];
        }
        return AlmgrenChriss.expectedCost(trades, tau, gamma, epsilon, eta)
                + lambda * AlmgrenChriss.costVariance(trades, tau, sigma);
    }

    @Test
    void theScheduleMinimizesExpectedCostPlusRiskAversionTimesVariance() {
        // the paper's worked example: 1M shares, 5 days of 1 interval each at $50, σ = 0.95 $/share/√day,
        // ε = 0.0625, η = 2.5e-6, γ = 2.5e-7, λ = 1e-6
        double shares = 1e6, tau = 1, sigma = 0.95, epsilon = 0.0625, eta = 2.5e-6, gamma = 2.5e-7, lambda = 1e-6;
        int intervals = 5;
        double kappa = AlmgrenChriss.kappa(lambda, sigma, eta - 0.5 * gamma * tau, tau);
        double[] x = AlmgrenChriss.holdings(shares, intervals * tau, intervals, kappa);
        double best = objective(x, tau, gamma, epsilon, eta, sigma, lambda);
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 2_000; trial++) {
            double[] other = x.clone();
            int k = 1 + r.nextInt(intervals - 1);
            other[k] += (r.nextDouble() - 0.5) * 2e4; // move one interior holding by up to 10,000 shares
            // selling only: the trades stay positive, as the schedule's are
            assertThat(objective(other, tau, gamma, epsilon, eta, sigma, lambda)).isGreaterThan(best);
        }
        // the TWAP (λ = 0) is the straight line, and costs the least in expectation
        double[] twap = AlmgrenChriss.trades(shares, intervals * tau, intervals, 0);
        double[] trades = AlmgrenChriss.trades(shares, intervals * tau, intervals, kappa);
        assertThat(AlmgrenChriss.expectedCost(twap, tau, gamma, epsilon, eta))
                .isLessThan(AlmgrenChriss.expectedCost(trades, tau, gamma, epsilon, eta));
        assertThat(AlmgrenChriss.costVariance(twap, tau, sigma)).isGreaterThan(AlmgrenChriss.costVariance(trades, tau, sigma));
        // E[TWAP] in closed form (the paper: ½γX² + εX + (η − ½γτ)X²/T)
        assertThat(AlmgrenChriss.expectedCost(twap, tau, gamma, epsilon, eta)).isCloseTo(
                0.5 * gamma * shares * shares + epsilon * shares + (eta - 0.5 * gamma * tau) * shares * shares / 5,
                within(1e-3));
        // the discrete κ tends to the continuous one as the interval shrinks
        assertThat(AlmgrenChriss.kappa(lambda, sigma, eta, 1e-4)).isCloseTo(AlmgrenChriss.kappa(lambda, sigma, eta),
                within(1e-6 * AlmgrenChriss.kappa(lambda, sigma, eta)));
    }
}
