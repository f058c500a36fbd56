package io.orderflow.execution.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MakerShareModelTest {
    @Test
    void volatilityIsTheRiskMetricsEwmaOfOneSecondPreviousTickReturns() {
        MakerShareModel model = new MakerShareModel();
        long[] times = {0, 400, 1_100, 1_900, 2_050, 4_000};
        long[] mids = {100_00000000L, 101_00000000L, 102_00000000L, 99_00000000L, 98_00000000L, 100_00000000L};
        for (int i = 0; i < times.length; i++) {
            model.observeMid(times[i], mids[i]);
        }
        // the first mid of each second counts: 100 (s0), 102 (s1), 98 (s2), 100 (s4)
        double v = 0;
        for (double[] p : new double[][] {{102, 100}, {98, 102}, {100, 98}}) {
            double r = Math.log(p[0] / p[1]);
            v = 0.94 * v + 0.06 * r * r;
        }
        assertThat(model.volatilityBps()).isCloseTo(Math.sqrt(v) * 1e4, within(1e-9));
    }

    @Test
    void learnsASharePlantedInSizeAndVolatilityBetterThanAConstant() {
        MakerShareModel model = new MakerShareModel();
        java.util.Random random = new java.util.Random(7);
        double lossModel = 0;
        double lossConstant = 0;
        double meanShare = 0.5;
        int n = 4_000;
        for (int i = 0; i < n; i++) {
            double[] x = {1, random.nextBoolean() ? 1 : 0, Math.log1p(random.nextDouble() * 3), random.nextDouble() * 2};
            double truth = 1 / (1 + Math.exp(-(1.5 - 4 * x[1] - 1.2 * x[2] + 0.8 * x[3])));
            if (i >= n / 2) { // score the second half, before each step
                lossModel += crossEntropy(truth, model.predict(x));
                lossConstant += crossEntropy(truth, meanShare);
            }
            model.learn(x, truth);
        }
        assertThat(lossModel).isLessThan(0.8 * lossConstant);
        assertThat(model.predict(new double[] {1, 1, 0.5, 0.5})).isLessThan(model.predict(new double[] {1, 0, 0.5, 0.5}));
    }

    private static double crossEntropy(double y, double p) {
        return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    }
}
