package io.orderflow.job.crosssection;

import io.orderflow.estimators.HayashiYoshida;
import io.orderflow.estimators.PairStatistics;
import io.orderflow.venue.TimeQuality;
import io.orderflow.estimators.VolatilityEstimators;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One event-time window of every instrument at once, in plain Java: each instrument's mid observations (at most
 * one per millisecond, the last), its depth and its trades. {@link #compute} turns it into the pair signals
 * (Hayashi–Yoshida lead-lag over the grid on log mids; correlation, beta and spread z-score on a previous-tick
 * grid of {@link PairSettings#gridFor} (1 s in windows of 100 s or more), the follower read at the found lead)
 * and the market ranking.
 *
 * <p>A leader is named only when the best |correlation| on the grid clears four times its spread under
 * independence ({@link HayashiYoshida#nullStandardDeviation}): the largest of 41 correlations of unrelated series
 * is about √(2 ln 41) ≈ 2.7 spreads, so weaker "leads" are noise.
 */
public final class CrossSection {
    private final TreeMap<String, Series> instruments = new TreeMap<>();

    /** One instrument's observations in the window. */
    static final class Series {
        long[] times = new long[64];
        double[] mids = new double[64];
        int n;
        double depthSum;
        long depthSamples;
        double notional;
        int trades;
        /** Times at which the book restarted after a gap, ascending: no return spans one. */
        long[] breaks = new long[0];

        void addBreak(long t) {
            int at = Arrays.binarySearch(breaks, t);
            if (at < 0) {
                at = -at - 1;
                long[] grown = new long[breaks.length + 1];
                System.arraycopy(breaks, 0, grown, 0, at);
                grown[at] = t;
                System.arraycopy(breaks, at, grown, at + 1, breaks.length - at);
                breaks = grown;
            }
        }

        /** True if the book restarted after a gap in (from, to]. */
        boolean brokenIn(long from, long to) {
            int at = Arrays.binarySearch(breaks, from + 1);
            int i = at >= 0 ? at : -at - 1;
            return i < breaks.length && breaks[i] <= to;
        }

        void addMid(long t, double mid) {
            if (n > 0 && times[n - 1] == t) {
                mids[n - 1] = mid; // the last state of a millisecond
                return;
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
                mids = Arrays.copyOf(mids, n * 2);
            }
            int at = n;
            while (at > 0 && times[at - 1] > t) { // rare: an observation out of order across inputs
                at--;
            }
            if (at > 0 && times[at - 1] == t) {
                mids[at - 1] = mid;
                return;
            }
            System.arraycopy(times, at, times, at + 1, n - at);
            System.arraycopy(mids, at, mids, at + 1, n - at);
            times[at] = t;
            mids[at] = mid;
            n++;
        }
    }

    public void addMid(String key, long timeMs, double mid, double depth) {
        addMid(key, timeMs, mid, depth, false);
    }

    /** @param afterGap the mid of a book rebuilt after a gap: no return reaches it from an earlier mid */
    public void addMid(String key, long timeMs, double mid, double depth, boolean afterGap) {
        Series s = instruments.computeIfAbsent(key, k -> new Series());
        s.addMid(timeMs, mid);
        if (afterGap) {
            s.addBreak(timeMs);
        }
        s.depthSum += depth;
        s.depthSamples++;
    }

    public void addTrade(String key, long timeMs, double quoteNotional) {
        Series s = instruments.computeIfAbsent(key, k -> new Series());
        s.notional += quoteNotional;
        s.trades++;
    }

    public void merge(CrossSection other) {
        other.instruments.forEach((key, o) -> {
            Series s = instruments.computeIfAbsent(key, k -> new Series());
            for (int i = 0; i < o.n; i++) {
                s.addMid(o.times[i], o.mids[i]);
            }
            for (long b : o.breaks) {
                s.addBreak(b);
            }
            s.depthSum += o.depthSum;
            s.depthSamples += o.depthSamples;
            s.notional += o.notional;
            s.trades += o.trades;
        });
    }

    /** A pair's signals in one window; NaN where a statistic is undefined. */
    public record PairResult(String x, String y, int xObservations, int yObservations, String leader, long leadMs,
            long bestLagMs, double bestCorrelation, long[] lagsMs, double[] correlations, int gridReturns,
            double correlation, double beta, double betaStandardError, double spreadZScore,
            TimeQuality timeQuality) {}

    /** An instrument's place in the window's ranking (1 = first). */
    public record Ranking(String key, double tradedNotional, int trades, double volatility, double meanDepth,
            int leadScore, int volumeRank, int volatilityRank, int depthRank, int leadRank, int overallRank) {}

    public record Result(List<PairResult> pairs, List<Ranking> ranking) {}

    /** One shard's pairs, and what they add to each instrument's lead score (+1 per pair led, −1 per pair followed). */
    public record PairsResult(List<PairResult> pairs, Map<String, Integer> leadScores) {}

    /**
     * The whole window at once: every pair, then the ranking. The job computes the same in three parallel steps
     * ({@link #instrumentStats}, {@link #pairs} per shard, {@link #rank}); this is their composition.
     */
    public Result compute(long windowStart, long windowEnd, PairSettings settings) {
        PairsResult pairs = pairs(windowStart, windowEnd, settings, 0, 1);
        List<Ranking> parts = new ArrayList<>(instrumentStats(windowStart, windowEnd));
        pairs.leadScores().forEach((k, score) -> parts.add(leadScorePart(k, score)));
        return new Result(pairs.pairs(), rank(parts));
    }

    /**
     * The pairs among the instruments held here that fall to {@code shard} of {@code shards} ({@link
     * PairSettings#shardOf}). A shard needs only the instruments of its own pairs, so its cost is linear in them.
     */
    public PairsResult pairs(long windowStart, long windowEnd, PairSettings settings, int shard, int shards) {
        List<String> keys = new ArrayList<>(instruments.keySet());
        Map<String, Integer> leadScore = new HashMap<>();
        List<PairResult> pairs = new ArrayList<>();
        for (String[] xy : settings.pairsAmong(keys)) {
            if (PairSettings.shardOf(xy[0], xy[1], shards) != shard) {
                continue;
            }
            Series x = instruments.get(xy[0]);
            Series y = instruments.get(xy[1]);
            if (x.n < 3 || y.n < 3) {
                continue;
            }
            HayashiYoshida.LeadLag ll = HayashiYoshida.leadLag(Arrays.copyOf(x.times, x.n), logs(x),
                    Arrays.copyOf(y.times, y.n), logs(y), settings.minLagMs(), settings.maxLagMs(), settings.stepMs());
            TimeQuality quality = settings.timeQuality(xy[0], xy[1]);
            String leader = null;
            double significance = 4 * HayashiYoshida.nullStandardDeviation(Arrays.copyOf(x.times, x.n), logs(x),
                    Arrays.copyOf(y.times, y.n), logs(y), ll.bestLagMs());
            if (quality == TimeQuality.EXCHANGE && !Double.isNaN(ll.bestCorrelation())
                    && Math.abs(ll.bestCorrelation()) >= significance && ll.bestLagMs() != 0) {
                leader = ll.bestLagMs() > 0 ? xy[0] : xy[1];
                String follower = leader.equals(xy[0]) ? xy[1] : xy[0];
                leadScore.merge(leader, 1, Integer::sum);
                leadScore.merge(follower, -1, Integer::sum);
            }
            // read the follower at the found lead, so a lead does not bias beta towards zero; with inferred
            // times no lead can be placed, and a beta read at an unknown lag would be biased: none is given
            long lag = leader == null ? 0 : ll.bestLagMs();
            Grid grid = grid(x, y, windowStart, windowEnd, settings.gridFor(windowEnd - windowStart), lag);
            PairStatistics.Result stats = quality == TimeQuality.EXCHANGE && grid.x().length >= 3
                    ? PairStatistics.of(grid.x(), grid.y(), grid.usable()) : null;
            pairs.add(new PairResult(xy[0], xy[1], x.n, y.n, leader, Math.abs(ll.bestLagMs()), ll.bestLagMs(),
                    ll.bestCorrelation(), ll.lagsMs(), ll.correlations(), stats == null ? 0 : stats.returns(),
                    stats == null ? Double.NaN : stats.correlation(), stats == null ? Double.NaN : stats.beta(),
                    stats == null ? Double.NaN : stats.betaStandardError(),
                    stats == null ? Double.NaN : stats.spreadZScore(), quality));
        }
        return new PairsResult(pairs, leadScore);
    }

    /**
     * The ranking's first phase: each instrument's own figures in the window (traded notional, trades, realized
     * volatility on the 1 s grid, mean depth), lead score and ranks 0. Needs only that instrument's ticks.
     */
    public List<Ranking> instrumentStats(long windowStart, long windowEnd) {
        List<Ranking> out = new ArrayList<>();
        instruments.forEach((k, s) -> {
            double[] sampled = secondGrid(s, windowStart, windowEnd);
            double rv = 0;
            int returns = 0;
            for (int i = 1; i < sampled.length; i++) {
                long end = windowStart + (i + 1) * 1000L - 1;
                if (!Double.isNaN(sampled[i - 1]) && !Double.isNaN(sampled[i]) && !s.brokenIn(end - 1000, end)) {
                    double r = Math.log(sampled[i] / sampled[i - 1]);
                    rv += r * r;
                    returns++;
                }
            }
            // per second of the returns counted: an instrument seen for part of the window is not diluted
            double vol = returns == 0 ? 0 : VolatilityEstimators.annualize(rv / returns, 1);
            out.add(new Ranking(k, s.notional, s.trades, vol, s.depthSamples == 0 ? 0 : s.depthSum / s.depthSamples,
                    0, 0, 0, 0, 0, 0));
        });
        return out;
    }

    /** A lead-score contribution to the ranking (every other figure 0, so parts of an instrument add up). */
    public static Ranking leadScorePart(String key, int score) {
        return new Ranking(key, 0, 0, 0, 0, score, 0, 0, 0, 0, 0);
    }

    /**
     * The ranking's second phase: adds up each instrument's parts (one {@link #instrumentStats} row, lead-score
     * parts from any shard), then ranks by each figure and overall. Cost O(n log n) in the instruments.
     */
    public static List<Ranking> rank(Collection<Ranking> parts) {
        Map<String, Ranking> summed = new TreeMap<>();
        for (Ranking p : parts) {
            summed.merge(p.key(), p, (a, b) -> new Ranking(a.key(), a.tradedNotional() + b.tradedNotional(),
                    a.trades() + b.trades(), a.volatility() + b.volatility(), a.meanDepth() + b.meanDepth(),
                    a.leadScore() + b.leadScore(), 0, 0, 0, 0, 0));
        }
        List<Ranking> base = new ArrayList<>(summed.values());
        Map<String, Integer> byVolume = ranks(base, Ranking::tradedNotional);
        Map<String, Integer> byVol = ranks(base, Ranking::volatility);
        Map<String, Integer> byDepth = ranks(base, Ranking::meanDepth);
        Map<String, Integer> byLead = ranks(base, r -> r.leadScore());
        Map<String, Integer> overall = ranks(base, r -> -(byVolume.get(r.key()) + byVol.get(r.key())
                + byDepth.get(r.key())));
        List<Ranking> ranking = new ArrayList<>();
        for (Ranking r : base) {
            ranking.add(new Ranking(r.key(), r.tradedNotional(), r.trades(), r.volatility(), r.meanDepth(),
                    r.leadScore(), byVolume.get(r.key()), byVol.get(r.key()), byDepth.get(r.key()),
                    byLead.get(r.key()), overall.get(r.key())));
        }
        ranking.sort(Comparator.comparingInt(Ranking::overallRank));
        return ranking;
    }

    /** Rank 1 for the largest value; ties broken by instrument key, so ranks are a permutation. */
    private static Map<String, Integer> ranks(List<Ranking> rows, ToDoubleFunction<Ranking> value) {
        List<Ranking> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(value).reversed().thenComparing(Ranking::key));
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.put(sorted.get(i).key(), i + 1);
        }
        return out;
    }

    /**
     * Log mids with every jump across a gap taken out (each later mid re-based by it), so the Hayashi–Yoshida
     * estimators, which take the returns between consecutive observations, see no return across a gap.
     */
    private static double[] logs(Series s) {
        double[] out = new double[s.n];
        double offset = 0;
        int b = 0;
        for (int i = 0; i < s.n; i++) {
            double log = Math.log(s.mids[i]);
            boolean gap = false;
            while (b < s.breaks.length && s.breaks[b] <= s.times[i]) {
                gap |= i > 0 && s.breaks[b] > s.times[i - 1];
                b++;
            }
            if (gap) {
                offset += log - Math.log(s.mids[i - 1]);
            }
            out[i] = log - offset;
        }
        return out;
    }

    /** The last mid at or before each whole second of the window (previous-tick); NaN before the first. */
    static double[] secondGrid(Series s, long windowStart, long windowEnd) {
        return previousTickGrid(s, windowStart, windowEnd, 1_000, 0);
    }

    /**
     * The last mid at or before the end of each {@code intervalMs} of the window, read {@code offsetMs} later
     * (observations past the window's end are not in it); NaN before the first.
     */
    static double[] previousTickGrid(Series s, long windowStart, long windowEnd, long intervalMs, long offsetMs) {
        int points = (int) ((windowEnd - windowStart) / intervalMs);
        double[] out = new double[points];
        int i = 0;
        double last = Double.NaN;
        for (int k = 0; k < points; k++) {
            long boundary = windowStart + (k + 1) * intervalMs - 1 + offsetMs; // the end of interval k, shifted
            if (boundary >= windowEnd) {
                out[k] = Double.NaN;
                continue;
            }
            while (i < s.n && s.times[i] <= boundary) {
                last = s.mids[i++];
            }
            out[k] = last;
        }
        return out;
    }

    /** Two instruments on one grid, and which returns between consecutive points span no gap in either. */
    record Grid(double[] x, double[] y, boolean[] usable) {}

    /** Both instruments on the grid, where both are defined; y read {@code lagMs} later (x earlier if < 0). */
    private static Grid grid(Series x, Series y, long windowStart, long windowEnd, long intervalMs, long lagMs) {
        long offsetX = Math.max(0, -lagMs);
        long offsetY = Math.max(0, lagMs);
        double[] gx = previousTickGrid(x, windowStart, windowEnd, intervalMs, offsetX);
        double[] gy = previousTickGrid(y, windowStart, windowEnd, intervalMs, offsetY);
        int[] points = new int[gx.length];
        int n = 0;
        for (int k = 0; k < gx.length; k++) {
            if (!Double.isNaN(gx[k]) && !Double.isNaN(gy[k])) {
                points[n++] = k;
            }
        }
        double[] ox = new double[n];
        double[] oy = new double[n];
        boolean[] usable = new boolean[Math.max(0, n - 1)];
        for (int i = 0; i < n; i++) {
            ox[i] = gx[points[i]];
            oy[i] = gy[points[i]];
            if (i > 0) {
                // the point's boundary is the end of its interval: a break after the previous point's boundary
                // and at or before this one's lies between the two readings
                long from = windowStart + (points[i - 1] + 1) * intervalMs - 1;
                long to = windowStart + (points[i] + 1) * intervalMs - 1;
                usable[i - 1] = !x.brokenIn(from + offsetX, to + offsetX) && !y.brokenIn(from + offsetY, to + offsetY);
            }
        }
        return new Grid(ox, oy, usable);
    }

    // ---- codec ----

    /**
     * Version 1 wrote the number of instruments, then each one's observations and totals; version 2 writes the
     * number as −(count + 1) and each instrument's gap times after its totals, so a window kept in state by
     * version 1 still reads (without gaps).
     */
    public void write(DataOutput out) throws IOException {
        out.writeInt(-(instruments.size() + 1));
        for (Map.Entry<String, Series> e : instruments.entrySet()) {
            Series s = e.getValue();
            out.writeUTF(e.getKey());
            out.writeInt(s.n);
            for (int i = 0; i < s.n; i++) {
                out.writeLong(s.times[i]);
                out.writeDouble(s.mids[i]);
            }
            out.writeDouble(s.depthSum);
            out.writeLong(s.depthSamples);
            out.writeDouble(s.notional);
            out.writeInt(s.trades);
            out.writeInt(s.breaks.length);
            for (long b : s.breaks) {
                out.writeLong(b);
            }
        }
    }

    public static CrossSection read(DataInput in) throws IOException {
        CrossSection c = new CrossSection();
        int header = in.readInt();
        boolean withBreaks = header < 0;
        int count = withBreaks ? -header - 1 : header;
        for (int k = 0; k < count; k++) {
            Series s = new Series();
            String key = in.readUTF();
            int n = in.readInt();
            s.times = new long[Math.max(1, n)];
            s.mids = new double[Math.max(1, n)];
            for (int i = 0; i < n; i++) {
                s.times[i] = in.readLong();
                s.mids[i] = in.readDouble();
            }
            s.n = n;
            s.depthSum = in.readDouble();
            s.depthSamples = in.readLong();
            s.notional = in.readDouble();
            s.trades = in.readInt();
            if (withBreaks) {
                s.breaks = new long[in.readInt()];
                for (int i = 0; i < s.breaks.length; i++) {
                    s.breaks[i] = in.readLong();
                }
            }
            c.instruments.put(key, s);
        }
        return c;
    }
}
