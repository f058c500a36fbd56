package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.offline.SqlRunner;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;

/**
 * The cross-section's windows (`pair_signals`, `market_ranking`) held to all the data, recomputed from another
 * table (`bbo`, every quote with its after-gap mark) by code that shares nothing with the job's estimators: what
 * the issue found missing when a venue fell 170 s behind (a pair window over 92 of 330 observations, silently).
 *
 * <p>Each pair row's observation counts must equal its instruments' distinct mid milliseconds in `bbo` within the
 * window (the cross-section keeps one mid a millisecond, the last), and its statistics the recomputation on those
 * mids, and every row the data calls for must be there (a pair for every two instruments with 3 mids in a window,
 * a ranking row for each with one) — or a LATE_EVENT row of the cross-section names the instrument and that window
 * (its mids came after the window was written). The recomputation follows
 * the published definitions, written here from them:
 * <ul>
 *   <li>Hayashi–Yoshida (2005) correlation at each lag θ of the row's grid, Hoffmann–Rosenbaum–Yoshida (2013):
 *       Σ_i ΔX_i Σ_j ΔY_j 1{(t_{i−1}, t_i] ∩ (s_{j−1} − θ, s_j − θ] ≠ ∅} / √(Σ ΔX² Σ ΔY²), on log mids, a return into
 *       a book rebuilt after a gap being 0; the inner sum taken here as a difference of Y's cumulative log mid
 *       between the first and last overlapping interval (found by binary search), where the job walks both lists;
 *   <li>the leader: the lag of the largest |correlation|, named when it is not 0, the venues date their books and it
 *       clears four times the correlation's spread under independence √(Σ ΔX_i² A_i²)/√(Σ ΔX² Σ ΔY²);
 *   <li>correlation, β (OLS of y's returns on x's), its HC3 standard error (MacKinnon–White 1985) and the spread's
 *       z-score on the previous-tick grid (1 s where the window holds 100 of them, otherwise the largest multiple
 *       of the lag step that does), y read at the found lead, no return over a grid step in which either book was
 *       rebuilt after a gap;
 *   <li>the ranking's realized volatility: previous-tick mids at each second's end, the squared log returns between
 *       consecutive seconds without a rebuilt book between them, per return, annualized over 365 days.
 * </ul>
 */
final class CrossSectionRecomputation {
    private CrossSectionRecomputation() {}

    /**
     * What was compared: instrument windows over all of `bbo`'s mids and short ones a LATE_EVENT row names; pair
     * rows and ranking rows equal to the recomputation, those differing with such a row, and rows missing (an
     * instrument's mids all came after its window was written) with such a row.
     */
    record Checked(int complete, int flaggedLate, int pairsEqual, int rankingsEqual, int differingFlagged,
            int missingFlagged) {}

    private static final Pattern NAMED = Pattern.compile("^cross-section \\(pairs, ranking\\) window (-?\\d+)\\.\\.");

    /** One instrument's mids in a window: one per millisecond (the last), and whether a gap fell into it. */
    private record Path(long[] times, double[] mids, boolean[] afterGap) {
        int n() {
            return times.length;
        }

        /** Log mids with no return into a rebuilt book: each return taken as 0 there. */
        double[] logs() {
            double[] out = new double[n()];
            for (int i = 0; i < n(); i++) {
                out[i] = i == 0 ? Math.log(mids[0])
                        : out[i - 1] + (afterGap[i] ? 0 : Math.log(mids[i] / mids[i - 1]));
            }
            return out;
        }

        /** True if a book rebuilt after a gap was first seen in (from, to]. */
        boolean rebuiltIn(long from, long to) {
            for (int i = 0; i < n(); i++) {
                if (afterGap[i] && times[i] > from && times[i] <= to) {
                    return true;
                }
            }
            return false;
        }

        /** The last mid at or before {@code t}; NaN before the first. */
        double at(long t) {
            int i = Arrays.binarySearch(times, t);
            int last = i >= 0 ? i : -i - 2;
            return last < 0 ? Double.NaN : mids[last];
        }
    }

    static Checked check(SqlRunner sql) throws Exception {
        // per instrument: ms -> {last mid, 1 if a book rebuilt after a gap was seen in that ms}
        Map<String, TreeMap<Long, double[]>> quotes = new HashMap<>();
        List<Row> bbo = sql.query("SELECT venue, symbol, exchange_time_ms, update_id, bid_price, ask_price, after_gap "
                + "FROM bbo");
        bbo.sort(Comparator.<Row>comparingLong(r -> (Long) r.getField("exchange_time_ms"))
                .thenComparingLong(r -> (Long) r.getField("update_id")));
        for (Row b : bbo) {
            double mid = (((BigDecimal) b.getField("bid_price")).doubleValue()
                    + ((BigDecimal) b.getField("ask_price")).doubleValue()) / 2;
            double[] q = quotes.computeIfAbsent(b.getField("venue") + ":" + b.getField("symbol"),
                    k -> new TreeMap<>()).computeIfAbsent((Long) b.getField("exchange_time_ms"), k -> new double[2]);
            q[0] = mid;
            q[1] = Boolean.TRUE.equals(b.getField("after_gap")) ? 1 : q[1];
        }
        Set<String> saidLate = new HashSet<>();
        for (Row r : sql.query("SELECT venue, symbol, detail FROM data_quality WHERE kind = 'LATE_EVENT'")) {
            Matcher m = NAMED.matcher((String) r.getField("detail"));
            if (m.find()) {
                saidLate.add(r.getField("venue") + ":" + r.getField("symbol") + "@" + m.group(1));
            }
        }
        List<Row> pairs = sql.query("SELECT * FROM pair_signals");
        assertThat(pairs).isNotEmpty();
        long windowMs = windowMs(pairs);
        List<String> wrong = new ArrayList<>();
        // the counts: every instrument window's observations against the mids in bbo
        Map<String, Integer> observed = new HashMap<>(); // instrument@window -> observations, the same in every pair
        for (Row p : pairs) {
            long start = ((Instant) p.getField("event_time")).toEpochMilli();
            observed.put(key(p, "x") + "@" + start, (Integer) p.getField("x_observations"));
            observed.put(key(p, "y") + "@" + start, (Integer) p.getField("y_observations"));
        }
        Set<String> complete = new HashSet<>();
        int flagged = 0;
        for (Map.Entry<String, Integer> e : observed.entrySet()) {
            String key = e.getKey().substring(0, e.getKey().lastIndexOf('@'));
            long start = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('@') + 1));
            int all = path(quotes, key, start, start + windowMs).n();
            if (e.getValue() == all) {
                complete.add(e.getKey());
            } else if (saidLate.contains(e.getKey())) {
                flagged++;
            } else {
                wrong.add(key + " window " + Instant.ofEpochMilli(start) + ": " + e.getValue() + " observations of "
                        + all + " mids in bbo");
            }
        }
        // the values: each pair row and each ranking row against the recomputation
        int pairsEqual = 0;
        int rankingsEqual = 0;
        int differingFlagged = 0;
        for (Row p : pairs) {
            long start = ((Instant) p.getField("event_time")).toEpochMilli();
            List<String> differences = pairDifferences(p, path(quotes, key(p, "x"), start, start + windowMs),
                    path(quotes, key(p, "y"), start, start + windowMs), start, start + windowMs);
            if (differences.isEmpty()) {
                pairsEqual++;
            } else if (saidLate.contains(key(p, "x") + "@" + start) || saidLate.contains(key(p, "y") + "@" + start)) {
                differingFlagged++;
            } else {
                wrong.add(key(p, "x") + " ~ " + key(p, "y") + " window " + Instant.ofEpochMilli(start) + ": "
                        + differences);
            }
        }
        List<Row> rankings = sql.query("SELECT event_time, window_end, venue, symbol, volatility FROM market_ranking");
        for (Row r : rankings) {
            long start = ((Instant) r.getField("event_time")).toEpochMilli();
            long end = ((Instant) r.getField("window_end")).toEpochMilli();
            String key = r.getField("venue") + ":" + r.getField("symbol");
            List<String> differences = new ArrayList<>();
            differs(differences, "ranking volatility", (Double) r.getField("volatility"),
                    rankingVolatility(path(quotes, key, start, end), start, end));
            if (differences.isEmpty()) {
                rankingsEqual++;
            } else if (saidLate.contains(key + "@" + start)) {
                differingFlagged++;
            } else {
                wrong.add(key + " ranking window " + Instant.ofEpochMilli(start) + ": " + differences);
            }
        }
        // and no row is missing: in each window, every two instruments with 3 mids each in bbo have a pair row
        // (every pair is compared when none are configured, as here), every instrument with a mid a ranking row
        Set<String> pairRows = new HashSet<>();
        pairs.forEach(p -> pairRows.add(pairKey(key(p, "x"), key(p, "y"), ((Instant) p.getField("event_time"))
                .toEpochMilli())));
        Set<String> rankingRows = new HashSet<>();
        rankings.forEach(r -> rankingRows.add(r.getField("venue") + ":" + r.getField("symbol") + "@"
                + ((Instant) r.getField("event_time")).toEpochMilli()));
        Set<Long> starts = new TreeSet<>();
        quotes.values().forEach(q -> q.keySet().forEach(t -> starts.add(Math.floorDiv(t, windowMs) * windowMs)));
        List<String> instruments = new ArrayList<>(new TreeSet<>(quotes.keySet()));
        int missingFlagged = 0;
        for (long start : starts) {
            for (int i = 0; i < instruments.size(); i++) {
                String a = instruments.get(i);
                int aMids = path(quotes, a, start, start + windowMs).n();
                boolean aLate = saidLate.contains(a + "@" + start);
                if (aMids > 0 && !rankingRows.contains(a + "@" + start)) {
                    if (aLate) {
                        missingFlagged++;
                    } else {
                        wrong.add(a + " window " + Instant.ofEpochMilli(start) + ": " + aMids + " mids, no ranking "
                                + "row");
                    }
                }
                for (int j = i + 1; j < instruments.size(); j++) {
                    String b = instruments.get(j);
                    if (aMids < 3 || path(quotes, b, start, start + windowMs).n() < 3
                            || pairRows.contains(pairKey(a, b, start))) {
                        continue;
                    }
                    if (aLate || saidLate.contains(b + "@" + start)) {
                        missingFlagged++;
                    } else {
                        wrong.add(a + " ~ " + b + " window " + Instant.ofEpochMilli(start) + ": both with 3 mids "
                                + "in bbo, no pair row");
                    }
                }
            }
        }
        assertThat(wrong).as("cross-section windows over fewer mids than the bbo table holds, differing from the "
                + "recomputation on them, or missing, and no LATE_EVENT says so").isEmpty();
        System.out.printf("cross-section instrument windows over all the bbo table's mids: %d, short with a "
                + "LATE_EVENT row: %d; pair rows equal to the recomputation: %d, ranking rows: %d, differing with a "
                + "LATE_EVENT row: %d, missing with one: %d%n", complete.size(), flagged, pairsEqual, rankingsEqual,
                differingFlagged, missingFlagged);
        return new Checked(complete.size(), flagged, pairsEqual, rankingsEqual, differingFlagged, missingFlagged);
    }

    private static String pairKey(String a, String b, long start) {
        return (a.compareTo(b) < 0 ? a + "~" + b : b + "~" + a) + "@" + start;
    }

    private static String key(Row pair, String side) {
        return pair.getField(side + "_venue") + ":" + pair.getField(side + "_symbol");
    }

    private static Path path(Map<String, TreeMap<Long, double[]>> quotes, String key, long start, long end) {
        NavigableMap<Long, double[]> in = quotes.getOrDefault(key, new TreeMap<>()).subMap(start, true, end, false);
        long[] times = new long[in.size()];
        double[] mids = new double[in.size()];
        boolean[] afterGap = new boolean[in.size()];
        int i = 0;
        for (Map.Entry<Long, double[]> e : in.entrySet()) {
            times[i] = e.getKey();
            mids[i] = e.getValue()[0];
            afterGap[i++] = e.getValue()[1] == 1;
        }
        return new Path(times, mids, afterGap);
    }

    private static List<String> pairDifferences(Row p, Path x, Path y, long start, long end) {
        List<String> differences = new ArrayList<>();
        if (x.n() < 3 || y.n() < 3) {
            differences.add("a row for instruments with fewer than 3 mids: " + x.n() + ", " + y.n());
            return differences;
        }
        double[] lx = x.logs();
        double[] ly = y.logs();
        Long[] lags = (Long[]) p.getField("lags_ms");
        Double[] correlations = (Double[]) p.getField("correlations");
        assertThat(correlations).hasSameSizeAs(lags);
        int best = -1;
        double[] curve = new double[lags.length];
        for (int k = 0; k < lags.length; k++) {
            curve[k] = hayashiYoshida(x.times(), lx, y.times(), ly, lags[k])[0];
            differs(differences, "HY correlation at " + lags[k] + " ms", correlations[k], curve[k]);
            if (!Double.isNaN(curve[k]) && (best < 0 || Math.abs(curve[k]) > Math.abs(curve[best]))) {
                best = k;
            }
        }
        long bestLag = best < 0 ? 0 : lags[best];
        if (best >= 0) {
            // the largest |correlation|, wherever near-ties put its lag
            differs(differences, "best |correlation|", Math.abs((Double) p.getField("best_correlation")),
                    Math.abs(curve[best]));
            int rowBest = Arrays.asList(lags).indexOf((Long) p.getField("best_lag_ms"));
            assertThat(rowBest).as("the row's best lag is on its grid").isNotNegative();
            differs(differences, "correlation at the row's best lag", Math.abs(curve[rowBest]), Math.abs(curve[best]));
            bestLag = (Long) p.getField("best_lag_ms");
        }
        differs(differences, "lead_ms", ((Long) p.getField("lead_ms")).doubleValue(), Math.abs(bestLag));
        boolean dated = "exchange".equals(p.getField("time_quality"));
        double[] atBest = hayashiYoshida(x.times(), lx, y.times(), ly, bestLag);
        String leader = null;
        if (dated && best >= 0 && bestLag != 0 && Math.abs(atBest[0]) >= 4 * atBest[1]) {
            leader = bestLag > 0 ? key(p, "x") : key(p, "y");
        }
        if (!Objects.equals(leader, p.getField("leader"))) {
            differences.add("leader " + p.getField("leader") + " != " + leader + " (best " + atBest[0] + ", four "
                    + "spreads " + 4 * atBest[1] + ")");
        }
        long lag = leader == null ? 0 : bestLag;
        long windowMs = end - start;
        long step = lags[1] - lags[0];
        long interval = Math.max(step, Math.min(1_000, windowMs / 100) / step * step);
        long offsetX = Math.max(0, -lag);
        long offsetY = Math.max(0, lag);
        List<double[]> points = new ArrayList<>(); // {x, y, boundary index}
        for (int k = 0; (k + 1) * interval <= windowMs; k++) {
            long boundary = start + (k + 1) * interval - 1;
            if (boundary + Math.max(offsetX, offsetY) >= end) {
                continue; // a reading past the window's end is not in it
            }
            double gx = x.at(boundary + offsetX);
            double gy = y.at(boundary + offsetY);
            if (!Double.isNaN(gx) && !Double.isNaN(gy)) {
                points.add(new double[] {gx, gy, k});
            }
        }
        double[] stats = null; // {returns, correlation, beta, se, z}
        if (dated && points.size() >= 3) {
            List<double[]> returns = new ArrayList<>();
            for (int i = 1; i < points.size(); i++) {
                long from = start + ((long) points.get(i - 1)[2] + 1) * interval - 1;
                long to = start + ((long) points.get(i)[2] + 1) * interval - 1;
                if (!x.rebuiltIn(from + offsetX, to + offsetX) && !y.rebuiltIn(from + offsetY, to + offsetY)) {
                    returns.add(new double[] {Math.log(points.get(i)[0] / points.get(i - 1)[0]),
                            Math.log(points.get(i)[1] / points.get(i - 1)[1])});
                }
            }
            stats = returns.size() < 2 ? null : regression(returns, points);
        }
        differs(differences, "grid returns", ((Integer) p.getField("grid_returns")).doubleValue(),
                stats == null ? 0 : stats[0]);
        String[] names = {"correlation", "beta", "beta_se", "spread_zscore"};
        for (int s = 0; s < names.length; s++) {
            Double seen = (Double) p.getField(names[s]);
            if (stats == null || Double.isNaN(stats[s + 1])) {
                if (seen != null && !seen.isNaN()) {
                    differences.add(names[s] + " " + seen + " where none is defined");
                }
            } else if (seen == null) {
                differences.add(names[s] + " missing, recomputed " + stats[s + 1]);
            } else {
                differs(differences, names[s], seen, stats[s + 1]);
            }
        }
        return differences;
    }

    /**
     * {HY correlation at the lag, its spread under independence}; NaN when either path does not move. A_i, the
     * change of Y over the shifted intervals overlapping X's i-th, is Y's cumulative log between the first and the
     * last of them.
     */
    private static double[] hayashiYoshida(long[] tx, double[] x, long[] ty, double[] y, long lag) {
        double covariance = 0;
        double nullVariance = 0;
        for (int i = 1; i < tx.length; i++) {
            // Y intervals j (1..m−1) with ty[j] − lag > tx[i−1] and ty[j−1] − lag < tx[i]
            int first = Math.max(1, firstAbove(ty, tx[i - 1] + lag));
            int last = Math.min(ty.length - 1, firstAtOrAbove(ty, tx[i] + lag));
            if (first > last) {
                continue;
            }
            double a = y[last] - y[first - 1];
            double dx = x[i] - x[i - 1];
            covariance += dx * a;
            nullVariance += dx * dx * a * a;
        }
        double scale = Math.sqrt(realized(x) * realized(y));
        return scale == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {covariance / scale, Math.sqrt(nullVariance) / scale};
    }

    /** The first index whose time is > t (length when none). */
    private static int firstAbove(long[] t, long v) {
        int i = Arrays.binarySearch(t, v);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** The first index whose time is ≥ t (length when none). */
    private static int firstAtOrAbove(long[] t, long v) {
        int i = Arrays.binarySearch(t, v);
        return i >= 0 ? i : -i - 1;
    }

    private static double realized(double[] logs) {
        double s = 0;
        for (int i = 1; i < logs.length; i++) {
            s += (logs[i] - logs[i - 1]) * (logs[i] - logs[i - 1]);
        }
        return s;
    }

    /** {returns, correlation, β, HC3 s.e. of β, spread z-score} of y's returns on x's, spread on every point. */
    private static double[] regression(List<double[]> returns, List<double[]> points) {
        int n = returns.size();
        double mx = returns.stream().mapToDouble(r -> r[0]).average().orElseThrow();
        double my = returns.stream().mapToDouble(r -> r[1]).average().orElseThrow();
        double sxx = returns.stream().mapToDouble(r -> (r[0] - mx) * (r[0] - mx)).sum();
        double syy = returns.stream().mapToDouble(r -> (r[1] - my) * (r[1] - my)).sum();
        double sxy = returns.stream().mapToDouble(r -> (r[0] - mx) * (r[1] - my)).sum();
        double beta = sxy / sxx;
        // HC3 weighs each squared residual by 1/(1 − leverage)²: undefined where a return has leverage 1 (x moved
        // in that one return only), taken as 1 within 1e-9
        double hc3 = 0;
        for (double[] r : returns) {
            double residual = (r[1] - my) - beta * (r[0] - mx);
            double leverage = 1.0 / n + (r[0] - mx) * (r[0] - mx) / sxx;
            hc3 += leverage > 1 - 1e-9 ? Double.NaN : Math.pow((r[0] - mx) * residual / (1 - leverage), 2);
        }
        double[] spread = points.stream().mapToDouble(p -> Math.log(p[1]) - beta * Math.log(p[0])).toArray();
        double mean = Arrays.stream(spread).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(spread).map(s -> (s - mean) * (s - mean)).sum() / (spread.length - 1));
        // a spread that never moves (one instrument quoted at one price all window, β = 0) has z-score 0; its
        // mean computed in floating point need not equal its value, and would make one of rounding errors
        boolean moves = Arrays.stream(spread).anyMatch(s -> s != spread[0]);
        double z = Double.isNaN(beta) ? Double.NaN : moves ? (spread[spread.length - 1] - mean) / sd : 0;
        return new double[] {n, sxy / Math.sqrt(sxx * syy), beta, n > 2 ? Math.sqrt(hc3) / sxx : Double.NaN, z};
    }

    /** Realized volatility on the 1 s previous-tick grid, per return counted, annualized; 0 without a return. */
    private static double rankingVolatility(Path p, long start, long end) {
        double sum = 0;
        int returns = 0;
        for (long boundary = start + 1_999; boundary < end; boundary += 1_000) {
            double before = p.at(boundary - 1_000);
            double now = p.at(boundary);
            if (!Double.isNaN(before) && !Double.isNaN(now) && !p.rebuiltIn(boundary - 1_000, boundary)) {
                sum += Math.pow(Math.log(now / before), 2);
                returns++;
            }
        }
        return returns == 0 ? 0 : Math.sqrt(sum / returns * 365 * 86400);
    }

    /** The windows' length, from the rows themselves (every window of the run has the same). */
    private static long windowMs(List<Row> pairs) {
        Set<Long> lengths = new HashSet<>();
        for (Row r : pairs) {
            lengths.add(((Instant) r.getField("window_end")).toEpochMilli()
                    - ((Instant) r.getField("event_time")).toEpochMilli());
        }
        assertThat(lengths).singleElement();
        return lengths.iterator().next();
    }

    private static void differs(List<String> differences, String what, Double seen, double expected) {
        boolean bothUndefined = (seen == null || seen.isNaN()) && Double.isNaN(expected);
        if (!bothUndefined && (seen == null || !(Math.abs(seen - expected) <= 1e-9 * Math.max(1, Math.abs(expected))))) {
            differences.add(what + " " + seen + " != " + expected);
        }
    }
}
