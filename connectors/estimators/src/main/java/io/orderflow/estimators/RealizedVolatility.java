package io.orderflow.estimators;

import java.util.Map;
import java.util.TreeMap;

/**
 * Realized volatility of the mid over one window, on a 1-second grid with previous-tick sampling: each second's
 * sample is the last mid observed in it (by event time; a later-arriving earlier observation does not override);
 * log returns r_i = ln(m_i / m_{i-1}) between consecutive sampled seconds (a second with no update would repeat
 * the previous mid and add a zero return, so skipping it changes nothing); RV = Σ r_i²; annualized volatility =
 * sqrt(RV · 365 · 86400 / windowSeconds), since crypto trades around the clock. Beside it, from the same
 * seconds: Parkinson from each second's high and low mid, and the EWMA (λ = 0.94) of the 1 s returns, both
 * per-second variances annualized the same way ({@link VolatilityEstimators}). Plain Java, no Flink.
 */
public final class RealizedVolatility {
    private static final double SECONDS_PER_YEAR = 365.0 * 86400.0;

    /** RiskMetrics' decay for the EWMA column. */
    public static final double EWMA_LAMBDA = 0.94;

    /** second → {event time ms of the last mid, last mid, high, low}, the doubles as raw bits */
    private final TreeMap<Long, long[]> samples = new TreeMap<>();

    public void add(long eventTimeMs, double mid) {
        if (!(mid > 0) || Double.isInfinite(mid)) {
            return; // a one-sided book has no mid
        }
        long second = Math.floorDiv(eventTimeMs, 1000);
        add(second, eventTimeMs, mid, mid, mid);
    }

    private void add(long second, long eventTimeMs, double mid, double high, double low) {
        long[] current = samples.get(second);
        if (current == null) {
            samples.put(second, new long[] {eventTimeMs, bits(mid), bits(high), bits(low)});
            return;
        }
        if (eventTimeMs >= current[0]) {
            current[0] = eventTimeMs;
            current[1] = bits(mid);
        }
        current[2] = bits(Math.max(high, Double.longBitsToDouble(current[2])));
        current[3] = bits(Math.min(low, Double.longBitsToDouble(current[3])));
    }

    /** Restores one second's sample (the accumulator codec, {@code windows.VolatilityFunctions}). */
    public void restore(long second, long[] sample) {
        samples.put(second, sample.clone());
    }

    public void merge(RealizedVolatility other) {
        for (Map.Entry<Long, long[]> e : other.samples.entrySet()) {
            long[] v = e.getValue();
            add(e.getKey(), v[0], Double.longBitsToDouble(v[1]), Double.longBitsToDouble(v[2]),
                    Double.longBitsToDouble(v[3]));
        }
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    public Result result(long windowSeconds) {
        double rv = 0;
        int returns = 0;
        double previous = Double.NaN;
        double first = Double.NaN;
        double ewma = Double.NaN;
        double[] highs = new double[samples.size()];
        double[] lows = new double[samples.size()];
        int k = 0;
        for (long[] s : samples.values()) {
            double mid = Double.longBitsToDouble(s[1]);
            highs[k] = Double.longBitsToDouble(s[2]);
            lows[k++] = Double.longBitsToDouble(s[3]);
            if (Double.isNaN(first)) {
                first = mid;
            } else {
                double r = Math.log(mid / previous);
                rv += r * r;
                returns++;
                ewma = Double.isNaN(ewma) ? r * r : EWMA_LAMBDA * ewma + (1 - EWMA_LAMBDA) * r * r;
            }
            previous = mid;
        }
        double annualized = Math.sqrt(rv * SECONDS_PER_YEAR / windowSeconds);
        double parkinson = k == 0 ? Double.NaN
                : VolatilityEstimators.annualize(VolatilityEstimators.parkinsonVariance(highs, lows), 1);
        double ewmaVol = Double.isNaN(ewma) ? Double.NaN : VolatilityEstimators.annualize(ewma, 1);
        return new Result(samples.size(), returns, rv, annualized, first, previous, parkinson, ewmaVol);
    }

    /** The per-second samples, for the accumulator codec: not to be changed. */
    public Map<Long, long[]> samples() {
        return samples;
    }

    public record Result(
            int samples, int returns, double realizedVariance, double annualizedVolatility, double firstMid,
            double lastMid, double parkinsonVolatility, double ewmaVolatility) {}
}
