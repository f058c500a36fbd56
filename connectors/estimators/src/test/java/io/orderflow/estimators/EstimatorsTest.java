package io.orderflow.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each estimator against a straightforward independent implementation of the same definition (GUIDE §6), on real
 * mids from a Binance USD-M capture (fixtures/NOTICE), and against planted truth on simulated data.
 */
class EstimatorsTest {
    /** Real series: (time ms, log mid) per symbol from the capture's bookTicker frames, one point per ms. */
    private static Map<String, double[][]> realLogMids() throws Exception {
        String text;
        try (InputStream in = EstimatorsTest.class.getResourceAsStream("/fixtures/raw_captures/BINANCE_FUTURES.ws.1.0")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Pattern p = Pattern.compile("\"e\":\"bookTicker\",\"u\":\\d+,\"s\":\"(\\w+)\",\"b\":\"([\\d.]+)\",\"B\":\"[\\d.]+\","
                + "\"a\":\"([\\d.]+)\",\"A\":\"[\\d.]+\",\"T\":(\\d+)");
        Map<String, TreeMap<Long, Double>> bySymbol = new LinkedHashMap<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            double mid = (Decimals.toDouble(Decimals.parse(m.group(2))) + Decimals.toDouble(Decimals.parse(m.group(3)))) / 2;
            bySymbol.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Long.parseLong(m.group(4)), Math.log(mid));
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        bySymbol.forEach((s, series) -> {
            double[][] v = new double[2][series.size()];
            int i = 0;
            for (Map.Entry<Long, Double> e : series.entrySet()) {
                v[0][i] = e.getKey();
                v[1][i++] = e.getValue();
            }
            out.put(s, v);
        });
        return out;
    }

    private static long[] times(double[][] s) {
        long[] t = new long[s[0].length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (long) s[0][i];
        }
        return t;
    }

    /** The definition written out pair by pair, O(n·m). */
    private static double referenceHy(long[] tx, double[] x, long[] ty, double[] y, long lag) {
        double sum = 0;
        for (int i = 1; i < tx.length; i++) {
            for (int j = 1; j < ty.length; j++) {
                long a0 = tx[i - 1];
                long a1 = tx[i];
                long b0 = ty[j - 1] - lag;
                long b1 = ty[j] - lag;
                if (Math.max(a0, b0) < Math.min(a1, b1)) {
                    sum += (x[i] - x[i - 1]) * (y[j] - y[j - 1]);
                }
            }
        }
        return sum;
    }

    @Test
    void hayashiYoshidaEqualsTheDefinitionOnRealData() throws Exception {
        Map<String, double[][]> mids = realLogMids();
        assertThat(mids.keySet()).contains("SUSHIUSDT", "CTKUSDT");
        double[][] a = mids.get("SUSHIUSDT");
        double[][] b = mids.get("CTKUSDT");
        int compared = 0;
        for (long lag = -2_000; lag <= 2_000; lag += 100) {
            double expected = referenceHy(times(a), a[1], times(b), b[1], lag);
            double got = HayashiYoshida.covariance(times(a), a[1], times(b), b[1], lag);
            assertThat(got).as("lag " + lag).isCloseTo(expected, within(Math.abs(expected) * 1e-9 + 1e-18));
            compared++;
        }
        assertThat(compared).isEqualTo(41);
    }

    @Test
    void theNullSpreadOfTheHyCorrelationEqualsItsDefinitionOnRealData() throws Exception {
        Map<String, double[][]> mids = realLogMids();
        double[][] a = mids.get("SUSHIUSDT");
        double[][] b = mids.get("CTKUSDT");
        long[] ta = times(a);
        long[] tb = times(b);
        for (long lag = -2_000; lag <= 2_000; lag += 500) {
            // written out: for each X interval, the Y changes overlapping it, summed; then sum of (dX * that)^2
            double sum = 0;
            for (int i = 1; i < ta.length; i++) {
                double overlapping = 0;
                for (int j = 1; j < tb.length; j++) {
                    if (Math.max(ta[i - 1], tb[j - 1] - lag) < Math.min(ta[i], tb[j] - lag)) {
                        overlapping += b[1][j] - b[1][j - 1];
                    }
                }
                sum += Math.pow((a[1][i] - a[1][i - 1]) * overlapping, 2);
            }
            double expected = Math.sqrt(sum)
                    / Math.sqrt(HayashiYoshida.realizedVariance(a[1]) * HayashiYoshida.realizedVariance(b[1]));
            assertThat(HayashiYoshida.nullStandardDeviation(ta, a[1], tb, b[1], lag)).as("lag " + lag)
                    .isCloseTo(expected, within(expected * 1e-9));
        }
    }

    @Test
    void hayashiYoshidaReducesToRealizedCovarianceIsSymmetricAndHyXxIsRv() throws Exception {
        double[][] a = realLogMids().get("SUSHIUSDT");
        long[] t = times(a);
        assertThat(HayashiYoshida.covariance(t, a[1], t, a[1], 0))
                .isCloseTo(HayashiYoshida.realizedVariance(a[1]), within(1e-18));
        SplittableRandom r = new SplittableRandom(1);
        double[] y = new double[t.length];
        double realizedCovariance = 0;
        for (int i = 0; i < t.length; i++) {
            y[i] = (i == 0 ? 0 : y[i - 1]) + r.nextGaussian() * 1e-4;
            if (i > 0) {
                realizedCovariance += (a[1][i] - a[1][i - 1]) * (y[i] - y[i - 1]);
            }
        }
        assertThat(HayashiYoshida.covariance(t, a[1], t, y, 0)).isCloseTo(realizedCovariance, within(1e-15));
        double[][] b = realLogMids().get("CTKUSDT");
        double xy = HayashiYoshida.covariance(t, a[1], times(b), b[1], 0);
        assertThat(xy).isCloseTo(HayashiYoshida.covariance(times(b), b[1], t, a[1], 0), within(Math.abs(xy) * 1e-12));
    }

    @Test
    void leadLagRecoversAPlantedLagWithinOneGridStep() {
        // X: a random walk observed at Poisson times; Y follows X 700 ms later, observed at its own Poisson times
        SplittableRandom r = new SplittableRandom(7);
        long lag = 700;
        TreeMap<Long, Double> path = new TreeMap<>();
        double v = 0;
        for (long t = 0; t < 600_000; t += 10) {
            v += r.nextGaussian() * 1e-4;
            path.put(t, v);
        }
        List<long[]> xs = new ArrayList<>();
        List<double[]> xv = new ArrayList<>();
        List<long[]> ys = new ArrayList<>();
        List<double[]> yv = new ArrayList<>();
        for (long t = 5_000; t < 590_000; t += 1 + (long) (-Math.log(1 - r.nextDouble()) * 200)) {
            xs.add(new long[] {t});
            xv.add(new double[] {path.floorEntry(t).getValue()});
        }
        for (long t = 5_000; t < 590_000; t += 1 + (long) (-Math.log(1 - r.nextDouble()) * 300)) {
            ys.add(new long[] {t});
            yv.add(new double[] {path.floorEntry(t - lag).getValue() + r.nextGaussian() * 2e-5});
        }
        HayashiYoshida.LeadLag ll = HayashiYoshida.leadLag(unbox(xs), unboxD(xv), unbox(ys), unboxD(yv), -2_000, 2_000,
                100);
        assertThat(ll.bestLagMs()).as("best lag (> 0: X leads)").isBetween(lag - 100, lag + 100);
        assertThat(ll.bestCorrelation()).isGreaterThan(0.5);
        assertThat(ll.correlations()).hasSize(41);
        // and the same data with the roles swapped: Y lags, so the best lag is negative
        assertThat(HayashiYoshida.leadLag(unbox(ys), unboxD(yv), unbox(xs), unboxD(xv), -2_000, 2_000, 100).bestLagMs())
                .isBetween(-lag - 100, -lag + 100);
    }

    private static long[] unbox(List<long[]> l) {
        return l.stream().mapToLong(a -> a[0]).toArray();
    }

    private static double[] unboxD(List<double[]> l) {
        return l.stream().mapToDouble(a -> a[0]).toArray();
    }

    @Test
    void realizedVolatilityEqualsTheDefinitionOnRealData() throws Exception {
        for (Map.Entry<String, double[][]> e : realLogMids().entrySet()) {
            double[][] s = e.getValue();
            RealizedVolatility rv = new RealizedVolatility();
            TreeMap<Long, Double> lastPerSecond = new TreeMap<>();
            for (int i = 0; i < s[0].length; i++) {
                rv.add((long) s[0][i], Math.exp(s[1][i]));
                lastPerSecond.put(Math.floorDiv((long) s[0][i], 1000), s[1][i]); // times increase: last wins
            }
            double expected = 0;
            Double prev = null;
            for (double logMid : lastPerSecond.values()) {
                if (prev != null) {
                    expected += (logMid - prev) * (logMid - prev);
                }
                prev = logMid;
            }
            RealizedVolatility.Result r = rv.result(60);
            assertThat(r.realizedVariance()).as(e.getKey()).isCloseTo(expected, within(expected * 1e-9 + 1e-20));
            // annualized over the seconds the returns span, from the first sampled second to the last
            long covered = lastPerSecond.lastKey() - lastPerSecond.firstKey();
            assertThat(r.coveredSeconds()).isEqualTo(covered);
            assertThat(r.annualizedVolatility()).isCloseTo(Math.sqrt(expected * 365 * 86400 / covered),
                    within(1e-9 * Math.sqrt(expected * 365 * 86400 / covered) + 1e-12));
        }
    }

    @Test
    void aGapBreaksTheReturnsAndTheCoverageAndParkinsonUsesTheWholePathOfEachSecond() {
        // a 60 s window seen from second 10 to 40 with a gap: the book restarted at 25.3 s 2% higher
        RealizedVolatility rv = new RealizedVolatility();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        TreeMap<Long, double[]> seconds = new TreeMap<>(); // second -> {last mid, high, low, after gap}
        double mid = 100;
        double previousClose = Double.NaN;
        for (long t = 10_000; t < 40_000; t += 250) {
            boolean gap = t == 25_250;
            mid *= gap ? 1.02 : Math.exp(0.0005 * random.nextGaussian());
            if (t >= 20_000 && t < 21_000) {
                continue; // a quiet second: no update, so the mid did not move
            }
            rv.add(t, mid, gap);
            long second = t / 1000;
            double[] s = seconds.get(second);
            if (s == null || gap) {
                seconds.put(second, new double[] {mid, mid, mid, gap || (s != null && s[3] > 0) ? 1 : 0});
            } else {
                s[0] = mid;
                s[1] = Math.max(s[1], mid);
                s[2] = Math.min(s[2], mid);
            }
        }
        // the definitions, written out: no return into the second after the gap; each second's range includes
        // the close before it; the quiet second is covered with a zero range
        double expected = 0;
        long covered = 0;
        double ranges = 0;
        long rangeSeconds = 0;
        double garmanKlass = 0, rogersSatchell = 0;
        Long previousSecond = null;
        for (Map.Entry<Long, double[]> e : seconds.entrySet()) {
            double[] s = e.getValue();
            double high = s[1];
            double low = s[2];
            if (previousSecond != null && s[3] == 0) {
                expected += Math.pow(Math.log(s[0] / previousClose), 2);
                covered += e.getKey() - previousSecond;
                rangeSeconds += e.getKey() - previousSecond - 1;
                high = Math.max(high, previousClose);
                low = Math.min(low, previousClose);
                // the bar: open = previous close, close = the second's last mid
                double o = previousClose, c = s[0];
                garmanKlass += 0.5 * Math.pow(Math.log(high / low), 2)
                        - (2 * Math.log(2) - 1) * Math.pow(Math.log(c / o), 2);
                rogersSatchell += Math.log(high / c) * Math.log(high / o) + Math.log(low / c) * Math.log(low / o);
            }
            ranges += Math.pow(Math.log(high / low), 2);
            rangeSeconds++;
            previousClose = s[0];
            previousSecond = e.getKey();
        }
        RealizedVolatility.Result r = rv.result(60);
        assertThat(covered).as("30 s seen, less the second across the gap").isEqualTo(28);
        assertThat(r.coveredSeconds()).isEqualTo(covered);
        assertThat(r.coverage()).isCloseTo(28 / 60.0, within(1e-12));
        assertThat(r.realizedVariance()).isCloseTo(expected, within(expected * 1e-9));
        assertThat(r.realizedVariance()).as("the 2% jump is not in it").isLessThan(0.02 * 0.02 / 4);
        assertThat(r.annualizedVolatility()).isCloseTo(Math.sqrt(expected * 365 * 86400 / covered),
                within(1e-9 * r.annualizedVolatility()));
        double parkinson = Math.sqrt(ranges / (4 * rangeSeconds * Math.log(2)) * 365 * 86400);
        assertThat(r.parkinsonVolatility()).isCloseTo(parkinson, within(1e-9 * parkinson));
        double gk = Math.sqrt(garmanKlass / covered * 365 * 86400), rs = Math.sqrt(rogersSatchell / covered * 365 * 86400);
        assertThat(r.garmanKlassVolatility()).isCloseTo(gk, within(1e-9 * gk));
        assertThat(r.rogersSatchellVolatility()).isCloseTo(rs, within(1e-9 * rs));
    }

    @Test
    void rangeEstimatorsRecoverThePlantedVolatilityOfABrownianMid() {
        // a mid following geometric Brownian motion, σ = 2 bps a second, observed 400 times a second for 20 min;
        // and beside it the same path with a drift of 3σ a second, which Rogers–Satchell is built to ignore
        double sigma = 2e-4;
        int perSecond = 400;
        SplittableRandom random = new SplittableRandom(17);
        RealizedVolatility flat = new RealizedVolatility();
        RealizedVolatility drifting = new RealizedVolatility();
        double logFlat = Math.log(100), logDrift = Math.log(100);
        long t0 = 1_700_000_000_000L;
        for (int second = 0; second < 1200; second++) {
            for (int k = 0; k < perSecond; k++) {
                double step = sigma / Math.sqrt(perSecond) * random.nextGaussian();
                logFlat += step;
                logDrift += step + 3 * sigma / perSecond;
                long t = t0 + second * 1000L + k * (1000L / perSecond);
                flat.add(t, Math.exp(logFlat));
                drifting.add(t, Math.exp(logDrift));
            }
        }
        double truth = sigma * Math.sqrt(365 * 86400.0);
        RealizedVolatility.Result r = flat.result(1200);
        // a range seen at 400 points a second is a little short of the continuous one (Parkinson ~3% low, per the
        // discrete-monitoring correction); the estimators' own error over 1,200 bars is 1–2%
        assertThat(r.garmanKlassVolatility()).isCloseTo(truth, within(0.06 * truth));
        assertThat(r.rogersSatchellVolatility()).isCloseTo(truth, within(0.06 * truth));
        assertThat(r.parkinsonVolatility()).isCloseTo(truth, within(0.06 * truth));
        assertThat(r.annualizedVolatility()).isCloseTo(truth, within(0.06 * truth));
        RealizedVolatility.Result d = drifting.result(1200);
        // under the drift only Rogers–Satchell stays near the truth (what is left, −11% here, is the drift seen at
        // 400 points a second: the path's excursions beyond its open and close last about (σ/μ)² = 1/9 s); the
        // others read the drift as volatility
        assertThat(d.rogersSatchellVolatility()).isCloseTo(truth, within(0.15 * truth));
        assertThat(d.garmanKlassVolatility()).isGreaterThan(1.3 * truth);
        assertThat(d.parkinsonVolatility()).isGreaterThan(1.5 * truth);
        assertThat(d.annualizedVolatility()).isGreaterThan(2 * truth);
    }

    @Test
    void parkinsonAndEwmaEqualTheirDefinitions() throws Exception {
        double[][] s = realLogMids().get("SUSHIUSDT");
        // per-second highs and lows of the real mid
        TreeMap<Long, double[]> hl = new TreeMap<>();
        for (int i = 0; i < s[0].length; i++) {
            double mid = Math.exp(s[1][i]);
            hl.merge(Math.floorDiv((long) s[0][i], 1000), new double[] {mid, mid},
                    (o, n) -> new double[] {Math.max(o[0], n[0]), Math.min(o[1], n[1])});
        }
        double[] h = hl.values().stream().mapToDouble(v -> v[0]).toArray();
        double[] l = hl.values().stream().mapToDouble(v -> v[1]).toArray();
        double sum = 0;
        for (int i = 0; i < h.length; i++) {
            sum += Math.pow(Math.log(h[i]) - Math.log(l[i]), 2);
        }
        double expectedParkinson = sum / (4 * h.length * Math.log(2));
        assertThat(VolatilityEstimators.parkinsonVariance(h, l)).isCloseTo(expectedParkinson,
                within(expectedParkinson * 1e-9));

        double[] returns = new double[s[1].length - 1];
        for (int i = 1; i < s[1].length; i++) {
            returns[i - 1] = s[1][i] - s[1][i - 1];
        }
        double lambda = 0.94;
        int n = returns.length;
        double expectedEwma = Math.pow(lambda, n - 1) * returns[0] * returns[0]; // closed form of the recursion
        for (int i = 1; i < n; i++) {
            expectedEwma += (1 - lambda) * Math.pow(lambda, n - 1 - i) * returns[i] * returns[i];
        }
        assertThat(VolatilityEstimators.ewmaVariance(returns, lambda)).isCloseTo(expectedEwma,
                within(expectedEwma * 1e-9));
    }

    @Test
    void ofiSignCases() {
        long p = Decimals.parse("100");
        long up = Decimals.parse("100.1");
        long down = Decimals.parse("99.9");
        long ask = Decimals.parse("101");
        // size up at an unchanged bid: +Δq
        assertThat(OrderFlowImbalance.event(p, 7, ask, 5, p, 4, ask, 5)).isEqualTo(3);
        // bid uptick: + the new bid size
        assertThat(OrderFlowImbalance.event(up, 2, ask, 5, p, 4, ask, 5)).isEqualTo(2);
        // bid downtick: − the old bid size
        assertThat(OrderFlowImbalance.event(down, 9, ask, 5, p, 4, ask, 5)).isEqualTo(-4);
        // ask downtick: − the new ask size
        assertThat(OrderFlowImbalance.event(p, 4, Decimals.parse("100.5"), 3, p, 4, ask, 5)).isEqualTo(-3);
        // ask uptick: + the old ask size
        assertThat(OrderFlowImbalance.event(p, 4, Decimals.parse("101.5"), 8, p, 4, ask, 5)).isEqualTo(5);
        // size added at an unchanged ask: −Δq
        assertThat(OrderFlowImbalance.event(p, 4, ask, 9, p, 4, ask, 5)).isEqualTo(-4);
        // nothing changed
        assertThat(OrderFlowImbalance.event(p, 4, ask, 5, p, 4, ask, 5)).isZero();
    }

    private static PriceLevels levels(String... pq) {
        PriceLevels.Builder b = new PriceLevels.Builder(pq.length);
        for (String s : pq) {
            String[] x = s.split("@");
            b.add(Decimals.parse(x[0]), Decimals.parse(x[1]));
        }
        return b.build();
    }

    @Test
    void bookFeaturesFollowTheirDefinitions() {
        PriceLevels bids = levels("100@3", "99@1", "98@4");
        PriceLevels asks = levels("101@1", "102@2", "105@10");
        assertThat(BookFeatures.imbalance(bids, asks, 2)).isCloseTo((4.0 - 3.0) / 7.0, within(1e-15));
        assertThat(BookFeatures.weightedMid(bids, asks)).isCloseTo(0.75 * 101 + 0.25 * 100, within(1e-12));
        double i3 = 8.0 / (8.0 + 13.0);
        assertThat(BookFeatures.microprice(bids, asks, 3)).isCloseTo(i3 * 101 + (1 - i3) * 100, within(1e-12));
        assertThat(BookFeatures.spreadBps(bids, asks)).isCloseTo(1 / 100.5 * 1e4, within(1e-9));
        // within 100 bps of 100.5: bids down to 99.495 (100, not 99), asks up to 101.505 (101 only)
        assertThat(BookFeatures.depthWithinBps(bids, 100.5, 100)).isCloseTo(300, within(1e-9));
        assertThat(BookFeatures.depthWithinBps(asks, 100.5, 100)).isCloseTo(101, within(1e-9));
    }

    @Test
    void walkingTheBookGivesVwapSlippageAndPartialFills() {
        PriceLevels asks = levels("101@1", "102@2", "105@10");
        Slippage.Walk small = Slippage.walk(asks, 100.5, 50, true);
        assertThat(small.vwap()).isCloseTo(101, within(1e-12));
        assertThat(small.partial()).isFalse();
        // 101 + 204 = 305 from the first two levels, 95 more at 105
        Slippage.Walk big = Slippage.walk(asks, 100.5, 400, true);
        double qty = 1 + 2 + 95.0 / 105;
        assertThat(big.vwap()).isCloseTo(400 / qty, within(1e-9));
        assertThat(big.slippageBps()).isCloseTo((400 / qty - 100.5) / 100.5 * 1e4, within(1e-9));
        assertThat(big.levelsUsed()).isEqualTo(3);
        Slippage.Walk huge = Slippage.walk(asks, 100.5, 10_000, true);
        assertThat(huge.partial()).isTrue();
        assertThat(huge.filledNotional()).isCloseTo(101 + 204 + 1050, within(1e-9));
    }

    @Test
    void almgrenChrissScheduleShape() {
        double[] twap = AlmgrenChriss.trades(1_000, 60, 6, 0);
        for (double n : twap) {
            assertThat(n).isCloseTo(1_000.0 / 6, within(1e-9));
        }
        double kappa = AlmgrenChriss.kappa(1e-6, 0.02, 1e-7);
        double[] urgent = AlmgrenChriss.trades(1_000, 60, 6, kappa);
        assertThat(java.util.Arrays.stream(urgent).sum()).isCloseTo(1_000, within(1e-9));
        for (int j = 1; j < urgent.length; j++) {
            assertThat(urgent[j]).isLessThan(urgent[j - 1]); // front-loaded
        }
        double[] x = AlmgrenChriss.holdings(1_000, 60, 6, kappa);
        for (int j = 0; j < x.length; j++) {
            double t = 60.0 * j / 6;
            assertThat(x[j]).isCloseTo(1_000 * Math.sinh(kappa * (60 - t)) / Math.sinh(kappa * 60), within(1e-9));
        }
    }

    @Test
    void betaIsRecoveredWithinTwoStandardErrors() {
        SplittableRandom r = new SplittableRandom(3);
        double beta = 1.3;
        int n = 2_000;
        double[] x = new double[n];
        double[] y = new double[n];
        x[0] = 60_000;
        y[0] = 3_000;
        for (int i = 1; i < n; i++) {
            double rx = r.nextGaussian() * 1e-3;
            x[i] = x[i - 1] * Math.exp(rx);
            y[i] = y[i - 1] * Math.exp(beta * rx + r.nextGaussian() * 5e-4);
        }
        PairStatistics.Result p = PairStatistics.of(x, y);
        assertThat(Math.abs(p.beta() - beta)).isLessThan(2 * p.betaStandardError());
        assertThat(p.correlation()).isGreaterThan(0.9);
        assertThat(p.returns()).isEqualTo(n - 1);
        assertThat(Double.isFinite(p.spreadZScore())).isTrue();
    }

    @Test
    void aSpreadThatNeverMovesHasZScoreZero() {
        // y quoted at one price all window (a venue whose book stood still): its returns are all 0, so β = 0 and
        // the spread log y − β log x is the same number at every point; its z-score is 0, not the ratio of two
        // rounding errors (before it was ±√((n−1)/n): five copies of ln(2,345.68), whose plain mean is not exactly that value)
        double[] x = {60_000, 60_010, 59_990, 60_020, 60_005};
        double[] y = {2_345.68, 2_345.68, 2_345.68, 2_345.68, 2_345.68};
        PairStatistics.Result p = PairStatistics.of(x, y);
        assertThat(p.beta()).isZero();
        assertThat(p.spreadZScore()).isZero();
    }

    @Test
    void aBetaThatRestsOnOneMoveOfXHasNoStandardError() {
        // x moves in one return of four only: that return's leverage is exactly 1 (1/n + dx²/Sxx with dx = 3r/4,
        // Sxx = 3r²/4), the fit passes through it and HC3 weighs it by 0/0. β is still the ratio of the two moves;
        // its standard error is undefined, not the number rounding would make of it
        double[] x = {60_000, 60_000, 60_000, 60_030, 60_030};
        double[] y = {3_000, 3_000.5, 2_999.75, 3_001.5, 3_001.25};
        PairStatistics.Result p = PairStatistics.of(x, y);
        assertThat(p.returns()).isEqualTo(4);
        assertThat(p.beta()).isFinite();
        assertThat(p.betaStandardError()).isNaN();
        // two moves of x: leverages below 1, a standard error again
        double[] twice = {60_000, 60_010, 60_000, 60_030, 60_030};
        assertThat(PairStatistics.of(twice, y).betaStandardError()).isFinite().isPositive();
    }

    @Test
    void betaStandardErrorStaysHonestThroughVolatilityBursts() {
        // bursts where both x and the noise move 5x (as in the simulated market): the robust standard error must
        // cover the true beta at ±2 s.e. near the nominal 95%, where the classical formula falls well short
        SplittableRandom r = new SplittableRandom(8);
        int covered = 0;
        int coveredClassical = 0;
        int runs = 400;
        for (int run = 0; run < runs; run++) {
            int n = 120;
            double[] x = new double[n];
            double[] y = new double[n];
            x[0] = 100;
            y[0] = 50;
            for (int i = 1; i < n; i++) {
                double scale = i % 30 >= 26 ? 5 : 1;
                double rx = scale * r.nextGaussian() * 1e-3;
                x[i] = x[i - 1] * Math.exp(rx);
                y[i] = y[i - 1] * Math.exp(0.8 * rx + scale * r.nextGaussian() * 1e-3);
            }
            PairStatistics.Result p = PairStatistics.of(x, y);
            if (Math.abs(p.beta() - 0.8) < 2 * p.betaStandardError()) {
                covered++;
            }
            // the classical OLS standard error, sqrt(s² / Sxx), for comparison
            double[] rx = new double[n - 1];
            double[] ry = new double[n - 1];
            for (int i = 1; i < n; i++) {
                rx[i - 1] = Math.log(x[i] / x[i - 1]);
                ry[i - 1] = Math.log(y[i] / y[i - 1]);
            }
            double mx = java.util.Arrays.stream(rx).average().orElseThrow();
            double my = java.util.Arrays.stream(ry).average().orElseThrow();
            double sxx = 0;
            double ss = 0;
            for (int i = 0; i < rx.length; i++) {
                sxx += (rx[i] - mx) * (rx[i] - mx);
            }
            for (int i = 0; i < rx.length; i++) {
                double e = ry[i] - my - p.beta() * (rx[i] - mx);
                ss += e * e;
            }
            if (Math.abs(p.beta() - 0.8) < 2 * Math.sqrt(ss / (rx.length - 2) / sxx)) {
                coveredClassical++;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "±2 s.e. coverage through bursts: robust %.3f, classical %.3f%n",
                covered / (double) runs, coveredClassical / (double) runs);
        assertThat(covered / (double) runs).as("robust coverage of ±2 s.e.").isBetween(0.9, 0.99);
        assertThat(covered).isGreaterThan(coveredClassical + runs / 20);
    }
}
