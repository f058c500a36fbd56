package io.orderflow.job.signals;

import java.util.Map;
import java.util.TreeMap;

/**
 * Realized volatility of the mid over one window, on a 1-second grid with previous-tick sampling: each second's
 * sample is the last mid observed in it (by event time; a later-arriving earlier observation does not override);
 * log returns r_i = ln(m_i / m_{i-1}) between consecutive sampled seconds (a second with no update would repeat
 * the previous mid and add a zero return, so skipping it changes nothing); RV = Σ r_i²; annualized volatility =
 * sqrt(RV · 365 · 86400 / windowSeconds), since crypto trades around the clock. Plain Java, no Flink.
 */
public final class RealizedVolatility {
    private static final double SECONDS_PER_YEAR = 365.0 * 86400.0;

    /** second → {event time ms, mid as double bits} */
    private final TreeMap<Long, long[]> samples = new TreeMap<>();

    public void add(long eventTimeMs, double mid) {
        if (!(mid > 0) || Double.isInfinite(mid)) {
            return; // a one-sided book has no mid
        }
        long second = Math.floorDiv(eventTimeMs, 1000);
        long[] current = samples.get(second);
        if (current == null || eventTimeMs >= current[0]) {
            samples.put(second, new long[] {eventTimeMs, Double.doubleToRawLongBits(mid)});
        }
    }

    public void merge(RealizedVolatility other) {
        for (Map.Entry<Long, long[]> e : other.samples.entrySet()) {
            add(e.getValue()[0], Double.longBitsToDouble(e.getValue()[1]));
        }
    }

    public Result result(long windowSeconds) {
        double rv = 0;
        int returns = 0;
        double previous = Double.NaN;
        double first = Double.NaN;
        for (long[] s : samples.values()) {
            double mid = Double.longBitsToDouble(s[1]);
            if (Double.isNaN(first)) {
                first = mid;
            } else {
                double r = Math.log(mid / previous);
                rv += r * r;
                returns++;
            }
            previous = mid;
        }
        double annualized = Math.sqrt(rv * SECONDS_PER_YEAR / windowSeconds);
        return new Result(samples.size(), returns, rv, annualized, first, previous);
    }

    Map<Long, long[]> samples() {
        return samples;
    }

    public record Result(
            int samples, int returns, double realizedVariance, double annualizedVolatility, double firstMid,
            double lastMid) {}
}
