package io.orderflow.job.report;

import io.orderflow.job.offline.SqlRunner;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.Row;

/**
 * Builds the report's charts from the Iceberg tables (with Flink SQL): mid and volatility of one instrument with
 * its patterns and spikes, the lead-lag curves of the strongest pairs, slippage against order size, and the
 * latest market ranking. Only data; {@link ChartRenderer} draws it.
 */
public final class Report {
    /** Lead-lag curves drawn at most, the pairs with the highest peak |correlation| first. */
    public static final int MAX_PAIRS = 8;
    /** The volatility series of the mid chart: each window's value, in percent a year, held over the window. */
    public static final String VOLATILITY_SERIES = "realized volatility, annualized (%), per window";
    /** The heading of the slippage panels (one per venue). */
    public static final String SLIPPAGE_GROUP = "Slippage versus order size, per venue (walking the book, mean of "
            + "both sides; one scale)";

    private final SqlRunner sql;

    public Report(SqlRunner sql) {
        this.sql = sql;
    }

    /** The instrument the first chart follows: the given one, or the top of the latest market ranking. */
    public String defaultInstrument() throws Exception {
        List<Row> top = sql.query("SELECT venue, symbol FROM market_ranking ORDER BY event_time DESC, overall_rank "
                + "LIMIT 1");
        if (top.isEmpty()) {
            throw new IllegalArgumentException("market_ranking is empty: run the job (e.g. demo) before the report");
        }
        return top.get(0).getField("venue") + ":" + top.get(0).getField("symbol");
    }

    public List<Chart> charts(String instrument) throws Exception {
        return charts(instrument, step -> {});
    }

    /** The charts, telling {@code progress} which one's query runs (each is a Flink SQL job of a few seconds). */
    public List<Chart> charts(String instrument, java.util.function.Consumer<String> progress) throws Exception {
        progress.accept("1/4 mid, volatility, patterns and spikes of " + instrument);
        Chart mid = midAndVolatility(instrument);
        progress.accept("2/4 lead-lag");
        Chart leadLag = leadLag();
        progress.accept("3/4 slippage by order size");
        List<Chart> slippage = slippage();
        progress.accept("4/4 market ranking");
        List<Chart> charts = new ArrayList<>(List.of(mid, leadLag));
        charts.addAll(slippage);
        charts.add(ranking());
        return charts;
    }

    Chart midAndVolatility(String instrument) throws Exception {
        int colon = instrument.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("instrument must read venue:SYMBOL, got " + instrument);
        }
        String where = " WHERE venue = '" + quote(instrument.substring(0, colon)) + "' AND symbol = '"
                + quote(instrument.substring(colon + 1)) + "'";
        TreeMap<Long, Double> mids = new TreeMap<>();
        for (Row r : sql.query("SELECT event_time, bid_px_1, ask_px_1 FROM book_top10_1s" + where
                + " AND bid_px_1 IS NOT NULL AND ask_px_1 IS NOT NULL")) {
            mids.put(millis(r, "event_time"),
                    (number(r, "bid_px_1") + number(r, "ask_px_1")) / 2);
        }
        if (mids.isEmpty()) {
            throw new IllegalArgumentException("no book for " + instrument + " in book_top10_1s");
        }
        List<Chart.Series> series = new ArrayList<>();
        series.add(series("mid (end of each second)", mids, 0, Chart.Style.LINE));
        // each window's volatility held over the window it measures: a step from its start to its end
        TreeMap<Long, Double> vol = new TreeMap<>();
        long lastEnd = Long.MIN_VALUE;
        for (Row r : sql.query("SELECT window_end, window_seconds, realized_vol_annualized FROM volatility" + where)) {
            long end = millis(r, "window_end");
            vol.put(end - 1000L * (Integer) r.getField("window_seconds"), 100 * number(r, "realized_vol_annualized"));
            lastEnd = Math.max(lastEnd, end);
        }
        if (!vol.isEmpty()) {
            vol.putIfAbsent(lastEnd, vol.lastEntry().getValue()); // the last window's step runs to its end
        }
        series.add(series(VOLATILITY_SERIES, vol, 1, Chart.Style.STEP));
        Map<String, TreeMap<Long, Double>> patterns = new TreeMap<>();
        for (Row r : sql.query("SELECT event_time, pattern_name, mid_end FROM patterns" + where)) {
            patterns.computeIfAbsent((String) r.getField("pattern_name"), k -> new TreeMap<>())
                    .put(millis(r, "event_time"), number(r, "mid_end"));
        }
        patterns.forEach((name, points) -> series.add(series(name, points, 0, Chart.Style.MARKERS)));
        TreeMap<Long, Double> spikes = new TreeMap<>();
        for (Row r : sql.query("SELECT event_time FROM volatility_spikes" + where)) {
            long t = millis(r, "event_time");
            Map.Entry<Long, Double> at = mids.floorEntry(t) != null ? mids.floorEntry(t) : mids.firstEntry();
            spikes.put(t, at.getValue());
        }
        series.add(series("volatility spike", spikes, 0, Chart.Style.ALERTS));
        return new Chart("mid_volatility", "Mid, volatility, patterns and spikes: " + instrument, Chart.Kind.TIME,
                "event time (UTC)", "mid (quote currency)", "realized volatility, annualized (%)", false, List.of(),
                series, "The mid at the end of each second (book_top10_1s, left axis), realized volatility of each "
                        + "window held over the window (volatility, right axis, % a year), the end of each book "
                        + "pattern (patterns) and each volatility spike (volatility_spikes, red triangles).");
    }

    Chart leadLag() throws Exception {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        long[] grid = null;
        for (Row r : sql.query("SELECT x_venue, x_symbol, y_venue, y_symbol, lags_ms, correlations FROM pair_signals")) {
            String pair = r.getField("x_venue") + ":" + r.getField("x_symbol") + " vs " + r.getField("y_venue") + ":"
                    + r.getField("y_symbol");
            Long[] lags = (Long[]) r.getField("lags_ms");
            Double[] corr = (Double[]) r.getField("correlations");
            if (grid == null) {
                grid = new long[lags.length];
                for (int i = 0; i < lags.length; i++) {
                    grid[i] = lags[i];
                }
            }
            double[] sum = sums.computeIfAbsent(pair, k -> new double[corr.length]);
            int[] n = counts.computeIfAbsent(pair, k -> new int[corr.length]);
            for (int i = 0; i < corr.length && i < sum.length; i++) {
                if (corr[i] != null) {
                    sum[i] += corr[i];
                    n[i]++;
                }
            }
        }
        List<Chart.Series> curves = new ArrayList<>();
        if (grid != null) {
            double[] x = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                x[i] = grid[i];
            }
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                double[] mean = new double[x.length];
                int[] n = counts.get(e.getKey());
                for (int i = 0; i < mean.length; i++) {
                    mean[i] = n[i] == 0 ? Double.NaN : e.getValue()[i] / n[i];
                }
                curves.add(new Chart.Series(e.getKey(), x, mean, 0, Chart.Style.LINE));
            }
            curves.sort(Comparator.comparingDouble(Report::peak).reversed());
        }
        return new Chart("lead_lag", "Lead-lag: Hayashi-Yoshida correlation by lag (mean over windows)",
                Chart.Kind.NUMERIC, "lag θ (ms); θ > 0: the first market leads", "correlation", null, false, List.of(),
                List.copyOf(curves.subList(0, Math.min(MAX_PAIRS, curves.size()))),
                "The " + MAX_PAIRS + " pairs with the highest peak |correlation| (pair_signals.correlations, averaged "
                        + "over windows). The peak's lag is how far the first market leads the second.");
    }

    /**
     * Slippage against order size as small multiples, one panel per venue (its instruments' lines), on one y range:
     * fourteen lines in one picture overlap past reading.
     */
    List<Chart> slippage() throws Exception {
        Map<String, Map<String, TreeMap<Long, Double>>> byVenue = new TreeMap<>();
        double highest = 0;
        double lowest = 0;
        for (Row r : sql.query("SELECT venue, symbol, order_notional, AVG(slippage_bps) AS mean_bps FROM slippage "
                + "WHERE slippage_bps IS NOT NULL AND NOT `partial` GROUP BY venue, symbol, order_notional")) {
            double bps = number(r, "mean_bps");
            highest = Math.max(highest, bps);
            lowest = Math.min(lowest, bps);
            byVenue.computeIfAbsent((String) r.getField("venue"), k -> new TreeMap<>())
                    .computeIfAbsent(r.getField("venue") + ":" + r.getField("symbol"), k -> new TreeMap<>())
                    .put(Math.round(number(r, "order_notional")), bps);
        }
        double[] range = {lowest * 1.05, highest * 1.05};
        List<Chart> panels = new ArrayList<>();
        byVenue.forEach((venue, instruments) -> {
            List<Chart.Series> series = new ArrayList<>();
            instruments.forEach((k, points) -> series.add(series(k, points, 0, Chart.Style.LINE)));
            panels.add(new Chart("slippage_" + venue, venue, Chart.Kind.NUMERIC, "order size (quote currency)",
                    "slippage (bps vs mid)", null, true, List.of(), series, "", SLIPPAGE_GROUP, range));
        });
        return panels;
    }

    /**
     * The latest window's ranking, the best instrument first and tallest: each bar is a score, the number of
     * instruments + 1 − the rank, so the first by a criterion has the tallest bar (bars of the ranks themselves
     * gave the best the shortest).
     */
    Chart ranking() throws Exception {
        List<Row> rows = sql.query("SELECT venue, symbol, overall_rank, volume_rank, volatility_rank, depth_rank "
                + "FROM market_ranking WHERE event_time = (SELECT MAX(event_time) FROM market_ranking)");
        rows.sort(Comparator.comparingInt(r -> (Integer) r.getField("overall_rank")));
        int n = rows.size();
        List<String> categories = new ArrayList<>();
        String[] columns = {"overall_rank", "volume_rank", "volatility_rank", "depth_rank"};
        double[][] scores = new double[columns.length][n];
        double[] index = new double[n];
        for (int i = 0; i < n; i++) {
            categories.add(rows.get(i).getField("venue") + ":" + rows.get(i).getField("symbol"));
            index[i] = i;
            for (int c = 0; c < columns.length; c++) {
                scores[c][i] = n + 1 - (Integer) rows.get(i).getField(columns[c]);
            }
        }
        List<Chart.Series> series = List.of(new Chart.Series("overall", index, scores[0], 0, Chart.Style.LINE),
                new Chart.Series("traded volume", index, scores[1], 0, Chart.Style.LINE),
                new Chart.Series("volatility", index, scores[2], 0, Chart.Style.LINE),
                new Chart.Series("depth", index, scores[3], 0, Chart.Style.LINE));
        return new Chart("market_ranking", "Market ranking, latest window: the best first, taller is better",
                Chart.Kind.CATEGORY, "instrument (by overall rank)", "score = " + n + " + 1 − rank", null, false,
                categories, series, "market_ranking of the latest window: instruments left to right by overall "
                        + "rank; each bar is the score by one criterion (" + n + " + 1 − its rank: the first has "
                        + "the tallest bar).");
    }

    private static double peak(Chart.Series s) {
        double best = 0;
        for (double v : s.y()) {
            if (!Double.isNaN(v)) {
                best = Math.max(best, Math.abs(v));
            }
        }
        return best;
    }

    private static Chart.Series series(String name, TreeMap<Long, Double> points, int axis, Chart.Style style) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        int i = 0;
        for (Map.Entry<Long, Double> e : points.entrySet()) {
            x[i] = e.getKey();
            y[i++] = e.getValue();
        }
        return new Chart.Series(name, x, y, axis, style);
    }

    private static long millis(Row r, String field) {
        return ((Instant) r.getField(field)).toEpochMilli();
    }

    private static double number(Row r, String field) {
        Object v = r.getField(field);
        return v instanceof BigDecimal d ? d.doubleValue() : ((Number) v).doubleValue();
    }

    private static String quote(String s) {
        return s.replace("'", "''");
    }
}
