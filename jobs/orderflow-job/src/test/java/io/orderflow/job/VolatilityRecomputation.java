package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.offline.SqlRunner;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.types.Row;

/**
 * The `volatility` table held to its definition, recomputed from another table (`bbo`, every quote with its
 * after-gap mark) by code that shares nothing with the estimator: returns between consecutive sampled seconds and
 * none into a second where the book was rebuilt after a gap; annualized over the seconds the returns span;
 * Parkinson's range of a second including the close before it, over the covered seconds; EWMA of the returns.
 */
final class VolatilityRecomputation {
    private VolatilityRecomputation() {}

    /**
     * What was compared: windows equal to the recomputation, windows that differ or are missing with a LATE_EVENT
     * row naming them (a quote came after the window was written), and seconds whose return a gap removed.
     */
    record Checked(int windows, int flaggedLate, long secondsAfterGap) {}

    /**
     * Checks every row of `volatility`: each equals the recomputation on all the quotes of its window, or a
     * LATE_EVENT row says which window missed some; and every window with a quote has a row, or such a row says
     * why not. Fails on a window that differs or is missing without one.
     */
    static Checked check(SqlRunner sql) throws Exception {
        List<Row> windows = sql.query("SELECT * FROM volatility");
        assertThat(windows).isNotEmpty();
        Set<String> saidLate = new HashSet<>();
        java.util.regex.Pattern named = java.util.regex.Pattern.compile("^realized volatility window (-?\\d+)\\.\\.");
        for (Row r : sql.query("SELECT venue, symbol, detail FROM data_quality WHERE kind = 'LATE_EVENT'")) {
            java.util.regex.Matcher m = named.matcher((String) r.getField("detail"));
            if (m.find()) {
                saidLate.add(r.getField("venue") + ":" + r.getField("symbol") + "@" + m.group(1));
            }
        }
        List<String> wrong = new ArrayList<>();
        int flagged = 0;
        Map<String, List<Row>> bbo = new HashMap<>();
        for (Row r : sql.query("SELECT venue, symbol, exchange_time_ms, update_id, bid_price, ask_price, after_gap "
                + "FROM bbo")) {
            bbo.computeIfAbsent(r.getField("venue") + ":" + r.getField("symbol"), k -> new ArrayList<>()).add(r);
        }
        Comparator<Row> byTime = Comparator.<Row>comparingLong(x -> (Long) x.getField("exchange_time_ms"))
                .thenComparingLong(x -> (Long) x.getField("update_id"));
        bbo.values().forEach(rows -> rows.sort(byTime));
        int checked = 0;
        long gaps = 0;
        for (Row w : windows) {
            String key = w.getField("venue") + ":" + w.getField("symbol");
            long start = ((Instant) w.getField("event_time")).toEpochMilli();
            long end = ((Instant) w.getField("window_end")).toEpochMilli();
            // per second, by event time: {last mid, high, low, 1 if the book was rebuilt after a gap in it}; the
            // range of a second with a gap starts at the rebuilt book
            TreeMap<Long, double[]> seconds = new TreeMap<>();
            for (Row b : bbo.getOrDefault(key, List.of())) {
                long t = (Long) b.getField("exchange_time_ms");
                if (t < start || t >= end) {
                    continue;
                }
                double m = (((BigDecimal) b.getField("bid_price")).doubleValue()
                        + ((BigDecimal) b.getField("ask_price")).doubleValue()) / 2;
                boolean gap = Boolean.TRUE.equals(b.getField("after_gap"));
                double[] s = seconds.get(Math.floorDiv(t, 1000));
                if (s == null || (gap && s[3] == 0)) {
                    seconds.put(Math.floorDiv(t, 1000), new double[] {m, m, m, gap ? 1 : 0});
                } else {
                    s[0] = m;
                    s[1] = Math.max(s[1], m);
                    s[2] = Math.min(s[2], m);
                }
            }
            double rv = 0;
            double ewma = Double.NaN;
            long covered = 0;
            double ranges = 0;
            long rangeSeconds = 0;
            double garmanKlass = 0, rogersSatchell = 0; // over the bars with an open: the previous close
            Long previousSecond = null;
            double previous = Double.NaN;
            for (Map.Entry<Long, double[]> e : seconds.entrySet()) {
                double[] s = e.getValue();
                double high = s[1];
                double low = s[2];
                if (previousSecond != null && s[3] == 0) {
                    double r = Math.log(s[0] / previous);
                    rv += r * r;
                    ewma = Double.isNaN(ewma) ? r * r : 0.94 * ewma + 0.06 * r * r;
                    covered += e.getKey() - previousSecond;
                    rangeSeconds += e.getKey() - previousSecond - 1;
                    high = Math.max(high, previous);
                    low = Math.min(low, previous);
                    garmanKlass += 0.5 * Math.pow(Math.log(high / low), 2)
                            - (2 * Math.log(2) - 1) * Math.pow(Math.log(s[0] / previous), 2);
                    rogersSatchell += Math.log(high / s[0]) * Math.log(high / previous)
                            + Math.log(low / s[0]) * Math.log(low / previous);
                } else if (previousSecond != null) {
                    gaps++;
                }
                ranges += Math.pow(Math.log(high / low), 2);
                rangeSeconds++;
                previous = s[0];
                previousSecond = e.getKey();
            }
            String at = key + " window " + Instant.ofEpochMilli(start);
            double parkinson = Math.sqrt(ranges / (4 * rangeSeconds * Math.log(2)) * 365 * 86400);
            double annualized = covered == 0 ? 0 : Math.sqrt(rv * 365 * 86400 / covered);
            List<String> differences = new ArrayList<>();
            differs(differences, "Parkinson", (Double) w.getField("parkinson_vol_annualized"), parkinson);
            if (!Double.isNaN(ewma)) {
                differs(differences, "EWMA", (Double) w.getField("ewma_vol_annualized"), Math.sqrt(ewma * 365 * 86400));
            }
            differs(differences, "samples", ((Integer) w.getField("samples")).doubleValue(), seconds.size());
            differs(differences, "RV", (Double) w.getField("realized_variance"), rv);
            differs(differences, "annualized", (Double) w.getField("realized_vol_annualized"), annualized);
            if (covered > 0) {
                differs(differences, "Garman-Klass", (Double) w.getField("garman_klass_vol_annualized"),
                        Math.sqrt(Math.max(0, garmanKlass / covered) * 365 * 86400));
                differs(differences, "Rogers-Satchell", (Double) w.getField("rogers_satchell_vol_annualized"),
                        Math.sqrt(rogersSatchell / covered * 365 * 86400));
            }
            differs(differences, "coverage", (Double) w.getField("coverage"),
                    Math.min(1, covered / ((end - start) / 1000.0)));
            if (differences.isEmpty()) {
                checked++;
            } else if (saidLate.contains(key + "@" + start)) {
                flagged++;
            } else {
                wrong.add(at + ": " + differences);
            }
        }
        // and no window is missing: every instrument's window with a quote in bbo has a row, or one says why not
        Set<String> written = new HashSet<>();
        long windowMs = 0;
        for (Row w : windows) {
            written.add(w.getField("venue") + ":" + w.getField("symbol") + "@"
                    + ((Instant) w.getField("event_time")).toEpochMilli());
            windowMs = ((Instant) w.getField("window_end")).toEpochMilli()
                    - ((Instant) w.getField("event_time")).toEpochMilli();
        }
        for (Map.Entry<String, List<Row>> e : bbo.entrySet()) {
            Set<String> quoted = new HashSet<>();
            for (Row b : e.getValue()) {
                quoted.add(e.getKey() + "@" + Math.floorDiv((Long) b.getField("exchange_time_ms"), windowMs) * windowMs);
            }
            for (String window : quoted) {
                if (!written.contains(window) && !saidLate.contains(window)) {
                    wrong.add(window + ": quotes in bbo, no volatility row");
                } else if (!written.contains(window)) {
                    flagged++;
                }
            }
        }
        assertThat(wrong).as("volatility windows that differ from the recomputation or are missing, and no "
                + "LATE_EVENT says so").isEmpty();
        System.out.printf("volatility windows equal to the recomputation: %d, differing with a LATE_EVENT row: %d, "
                + "seconds after a gap: %d%n", checked, flagged, gaps);
        return new Checked(checked, flagged, gaps);
    }

    /** A null {@code seen} (a column the row left empty, e.g. EWMA without a return) differs from any value. */
    private static void differs(List<String> differences, String what, Double seen, double expected) {
        if (seen == null) {
            differences.add(what + " missing, recomputed " + expected);
        } else if (Math.abs(seen - expected) > 1e-9 * Math.max(1e-12, Math.abs(expected))
                && !(seen == 0 && expected == 0)) {
            differences.add(what + " " + seen + " != " + expected);
        }
    }
}
