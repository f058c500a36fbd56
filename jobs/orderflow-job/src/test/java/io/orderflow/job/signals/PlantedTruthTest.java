package io.orderflow.job.signals;

import io.orderflow.estimators.PairStatistics;
import io.orderflow.estimators.HayashiYoshida;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import org.junit.jupiter.api.Test;

/**
 * The simulated market's planted truth, recovered by the estimators: ETH follows BTC with beta 0.8 after 500 ms,
 * and the touch sizes announce the next move. This is what the demo and the signal tests stand on.
 */
class PlantedTruthTest {
    private static final int STEPS = 20_000; // 100 ms each: 2,000 s of market
    private static final double BETA = 0.8;
    private static final int LAG_STEPS = 5;

    @Test
    void leadLagBetaAndImbalanceAreRecoverable() {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth("BTC", "ETH", BETA, LAG_STEPS),
                1_700_000_000_000L, 100, 0, 0.0003, 21);
        long[] times = new long[STEPS];
        double[] btc = new double[STEPS];
        double[] eth = new double[STEPS];
        double[] btcImbalance = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            market.step();
            times[i] = market.clockMs();
            OrderBook b = market.book("BTC");
            btc[i] = mid(b);
            eth[i] = mid(market.book("ETH"));
            double qb = Decimals.toDouble(b.bestBidSize());
            double qa = Decimals.toDouble(b.bestAskSize());
            btcImbalance[i] = (qb - qa) / (qb + qa);
        }

        // lead-lag on log mids: BTC leads ETH by the planted 500 ms (within one 100 ms grid step)
        double[] lb = log(btc);
        double[] le = log(eth);
        HayashiYoshida.LeadLag ll = HayashiYoshida.leadLag(times, lb, times, le, -2_000, 2_000, 100);
        assertThat(ll.bestLagMs()).as("best lag, > 0 when BTC leads").isBetween(400L, 600L);
        assertThat(ll.bestCorrelation()).isGreaterThan(0.5);

        // beta of ETH on BTC, with ETH read the found lag later, on a 1 s grid: the planted 0.8 within 2 s.e.
        int lag = (int) (ll.bestLagMs() / 100);
        int points = (STEPS - lag) / 10;
        double[] x = new double[points];
        double[] y = new double[points];
        for (int k = 0; k < points; k++) {
            x[k] = btc[k * 10];
            y[k] = eth[k * 10 + lag];
        }
        PairStatistics.Result p = PairStatistics.of(x, y);
        assertThat(Math.abs(p.beta() - BETA)).as("beta " + p.beta() + " s.e. " + p.betaStandardError())
                .isLessThan(2 * p.betaStandardError());

        // imbalance at the touch predicts the sign of the next mid change clearly better than chance
        int hits = 0;
        int calls = 0;
        for (int i = 0; i + 1 < STEPS; i++) {
            double move = btc[i + 1] - btc[i];
            if (Math.abs(btcImbalance[i]) > 0.3 && move != 0) {
                calls++;
                if (Math.signum(move) == Math.signum(btcImbalance[i])) {
                    hits++;
                }
            }
        }
        System.out.printf(java.util.Locale.ROOT, "planted truth: lag %d ms (corr %.3f), beta %.4f (s.e. %.4f), "
                + "imbalance hit rate %.3f over %d calls%n", ll.bestLagMs(), ll.bestCorrelation(), p.beta(),
                p.betaStandardError(), (double) hits / calls, calls);
        assertThat(calls).isGreaterThan(1_000);
        assertThat((double) hits / calls).as("hit rate").isGreaterThan(0.6);
    }

    private static double mid(OrderBook b) {
        return (Decimals.toDouble(b.price(Side.BUY, 0)) + Decimals.toDouble(b.price(Side.SELL, 0))) / 2;
    }

    private static double[] log(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log(v[i]);
        }
        return out;
    }
}
