package io.orderflow.estimators;

import java.util.Map;
import java.util.TreeMap;

/**
 * Realized volatility of the mid over one window, on a 1-second grid with previous-tick sampling: each second's
 * sample is the last mid observed in it (by event time; a later-arriving earlier observation does not override);
 * log returns r_i = ln(m_i / m_{i-1}) between consecutive sampled seconds (a second with no update would repeat
 * the previous mid and add a zero return, so skipping it changes nothing); RV = Σ r_i².
 *
 * <p>A second in which the book restarted after a gap (a lost connection, a sequence gap) breaks the series: the
 * move from the last sample before it is not a return, and the seconds between were unseen, not quiet. So the
 * window covers {@code coveredSeconds} = the seconds spanned by the returns counted, and the annualized volatility
 * is sqrt(RV · 365 · 86400 / coveredSeconds) (crypto trades around the clock): a window seen for half its length,
 * or broken by a gap, is scaled by what was seen, not by its nominal length.
 *
 * <p>Beside it, from the same seconds: Parkinson (1980) on each second's true high and low of the mid path (the
 * mid entering the second is the previous close, so it is part of the second's range) over the covered seconds
 * (quiet ones have a zero range), and the EWMA (λ = 0.94) of the 1 s returns, both per-second variances annualized
 * the same way ({@link VolatilityEstimators}).
 *
 * <p>And the two open-high-low-close estimators, on the covered seconds as bars (open = the previous close, so only
 * seconds a return reaches have one; a quiet second is a flat bar): Garman–Klass (1980),
 * σ² = mean(½·ln(H/L)² − (2 ln 2 − 1)·ln(C/O)²), and Rogers–Satchell (1991),
 * σ² = mean(ln(H/C)·ln(H/O) + ln(L/C)·ln(L/O)), which stays unbiased under a drift. Plain Java, no Flink.
 */
public final class RealizedVolatility {
    private static final double SECONDS_PER_YEAR = 365.0 * 86400.0;

    /** RiskMetrics' decay for the EWMA column. */
    public static final double EWMA_LAMBDA = 0.94;

    /** second → {event time ms of the last mid, last mid, high, low, 1 if the book restarted after a gap in it} */
    private final TreeMap<Long, long[]> samples = new TreeMap<>();

    public void add(long eventTimeMs, double mid) {
        add(eventTimeMs, mid, false);
    }

    /** @param afterGap the mid of a book rebuilt after a gap: no return reaches it from an earlier mid */
    public void add(long eventTimeMs, double mid, boolean afterGap) {
        if (!(mid > 0) || Double.isInfinite(mid)) {
            return; // a one-sided book has no mid
        }
        long second = Math.floorDiv(eventTimeMs, 1000);
        add(second, eventTimeMs, mid, mid, mid, afterGap);
    }

    private void add(long second, long eventTimeMs, double mid, double high, double low, boolean afterGap) {
        long[] current = samples.get(second);
        if (current == null) {
            samples.put(second, new long[] {eventTimeMs, bits(mid), bits(high), bits(low), afterGap ? 1 : 0});
            return;
        }
        if (afterGap && current[4] == 0) {
            // the second's range so far was the book before the gap: its range starts again here
            current[4] = 1;
            current[2] = bits(high);
            current[3] = bits(low);
        }
        if (eventTimeMs >= current[0]) {
            current[0] = eventTimeMs;
            current[1] = bits(mid);
        }
        current[2] = bits(Math.max(high, Double.longBitsToDouble(current[2])));
        current[3] = bits(Math.min(low, Double.longBitsToDouble(current[3])));
    }

    /**
     * Restores one second's sample (the accumulator codec, {@code windows.VolatilityFunctions}); a sample of four
     * fields (written before gaps were marked) has none.
     */
    public void restore(long second, long[] sample) {
        samples.put(second, java.util.Arrays.copyOf(sample, SAMPLE_FIELDS));
    }

    /** Fields of a second's sample. */
    public static final int SAMPLE_FIELDS = 5;

    public void merge(RealizedVolatility other) {
        for (Map.Entry<Long, long[]> e : other.samples.entrySet()) {
            long[] v = e.getValue();
            add(e.getKey(), v[0], Double.longBitsToDouble(v[1]), Double.longBitsToDouble(v[2]),
                    Double.longBitsToDouble(v[3]), v[4] != 0);
        }
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    public Result result(long windowSeconds) {
        double rv = 0;
        int returns = 0;
        long covered = 0;
        double previous = Double.NaN;
        long previousSecond = Long.MIN_VALUE;
        double first = Double.NaN;
        double ewma = Double.NaN;
        double ranges = 0; // Σ ln(H/L)² over the seconds with a range
        long rangeSeconds = 0; // seconds the ranges are over: sampled ones, and the quiet ones between them
        double garmanKlass = 0, rogersSatchell = 0; // Σ over the bars with an open (quiet ones add 0)
        for (Map.Entry<Long, long[]> e : samples.entrySet()) {
            long[] s = e.getValue();
            double mid = Double.longBitsToDouble(s[1]);
            double high = Double.longBitsToDouble(s[2]);
            double low = Double.longBitsToDouble(s[3]);
            boolean continues = !Double.isNaN(previous) && s[4] == 0;
            if (Double.isNaN(first)) {
                first = mid;
            }
            if (continues) {
                double r = Math.log(mid / previous);
                rv += r * r;
                returns++;
                long span = e.getKey() - previousSecond;
                covered += span;
                rangeSeconds += span - 1; // the quiet seconds between: the mid did not move
                ewma = Double.isNaN(ewma) ? r * r : EWMA_LAMBDA * ewma + (1 - EWMA_LAMBDA) * r * r;
                high = Math.max(high, previous); // the path enters the second at the previous close
                low = Math.min(low, previous);
                double hl = Math.log(high / low), co = Math.log(mid / previous);
                garmanKlass += 0.5 * hl * hl - (2 * Math.log(2) - 1) * co * co;
                double ho = Math.log(high / previous), lo = Math.log(low / previous);
                double hc = Math.log(high / mid), lc = Math.log(low / mid);
                rogersSatchell += hc * ho + lc * lo;
            }
            double range = Math.log(high / low);
            ranges += range * range;
            rangeSeconds++;
            previous = mid;
            previousSecond = e.getKey();
        }
        double annualized = covered == 0 ? 0 : Math.sqrt(rv * SECONDS_PER_YEAR / covered);
        double parkinson = rangeSeconds == 0 ? Double.NaN
                : VolatilityEstimators.annualize(ranges / (4 * rangeSeconds * Math.log(2)), 1);
        double ewmaVol = Double.isNaN(ewma) ? Double.NaN : VolatilityEstimators.annualize(ewma, 1);
        double gk = covered == 0 ? Double.NaN : VolatilityEstimators.annualize(Math.max(0, garmanKlass / covered), 1);
        double rs = covered == 0 ? Double.NaN : VolatilityEstimators.annualize(rogersSatchell / covered, 1);
        return new Result(samples.size(), returns, rv, annualized, first, previous, parkinson, ewmaVol, covered,
                windowSeconds > 0 ? Math.min(1, (double) covered / windowSeconds) : 0, gk, rs);
    }

    /** The per-second samples, for the accumulator codec: not to be changed. */
    public Map<Long, long[]> samples() {
        return samples;
    }

    /**
     * @param coveredSeconds seconds spanned by the returns counted (the window less what came before its first
     *     sample, after its last, and across gaps)
     * @param coverage coveredSeconds / the window's length, at most 1
     * @param garmanKlassVolatility and {@code rogersSatchellVolatility}: annualized, NaN with no covered second
     */
    public record Result(
            int samples, int returns, double realizedVariance, double annualizedVolatility, double firstMid,
            double lastMid, double parkinsonVolatility, double ewmaVolatility, long coveredSeconds,
            double coverage, double garmanKlassVolatility, double rogersSatchellVolatility) {}
}
