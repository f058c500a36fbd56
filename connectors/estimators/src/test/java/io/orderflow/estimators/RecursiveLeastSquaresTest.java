package io.orderflow.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

/**
 * Recursive least squares against the closed form it must equal: the weighted ridge normal equations
 * (Σ λ^{N−i} x xᵀ + λ^N I/δ) θ = Σ λ^{N−i} x y, solved by Apache Commons Math (LU with partial pivoting).
 */
class RecursiveLeastSquaresTest {
    @Test
    void equalsTheWeightedRidgeSolutionWithAndWithoutForgetting() {
        for (double lambda : new double[] {1.0, 0.99}) {
            SplittableRandom random = new SplittableRandom(3);
            int d = 4;
            double delta = 50;
            RecursiveLeastSquares rls = new RecursiveLeastSquares(d, lambda, delta);
            int n = 400;
            double[][] xs = new double[n][];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = new double[] {1, random.nextGaussian(), random.nextGaussian() * 3, random.nextDouble()};
                ys[i] = 0.5 - 2 * xs[i][1] + 0.25 * xs[i][2] + 4 * xs[i][3] + 0.1 * random.nextGaussian();
                rls.update(xs[i], ys[i]);
            }
            double[][] a = new double[d][d];
            double[] b = new double[d];
            for (int i = 0; i < n; i++) {
                double w = Math.pow(lambda, n - 1 - i);
                for (int r = 0; r < d; r++) {
                    b[r] += w * xs[i][r] * ys[i];
                    for (int c = 0; c < d; c++) {
                        a[r][c] += w * xs[i][r] * xs[i][c];
                    }
                }
            }
            for (int r = 0; r < d; r++) {
                a[r][r] += Math.pow(lambda, n) / delta;
            }
            double[] expected = solve(a, b);
            double[] actual = rls.coefficients();
            for (int k = 0; k < d; k++) {
                assertThat(actual[k]).as("lambda " + lambda + " coefficient " + k)
                        .isCloseTo(expected[k], org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(expected[k]))));
            }
            assertThat(rls.updates()).isEqualTo(n);
            // and a restored model carries on identically
            RecursiveLeastSquares copy = RecursiveLeastSquares.restore(lambda, rls.coefficients(), rls.covariance(),
                    rls.updates());
            double[] x = {1, 0.3, -1, 0.5};
            rls.update(x, 1.5);
            copy.update(x, 1.5);
            assertThat(copy.coefficients()).containsExactly(rls.coefficients());
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RecursiveLeastSquares(0, 1, 1)).hasMessageContaining("dimension");
        assertThatThrownBy(() -> new RecursiveLeastSquares(2, 1.5, 1)).hasMessageContaining("forgetting");
        assertThatThrownBy(() -> new RecursiveLeastSquares(2, 1, 1).predict(new double[3]))
                .hasMessageContaining("expected 2 features");
    }

    /** The reference solution, by Apache Commons Math's LU decomposition (an implementation nobody here wrote). */
    private static double[] solve(double[][] a, double[] b) {
        return new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().solve(new ArrayRealVector(b)).toArray();
    }
}
