package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.offline.SqlRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;

/**
 * The cross-section's pair windows held to all the data, read from another table: every `pair_signals` row's
 * observation counts equal its instruments' mids in `bbo` within the window (the cross-section keeps one mid a
 * millisecond, the last), or a LATE_EVENT row of the cross-section names the instrument and that window (its mids
 * came after the window was written). The statistics of a window are then over the data a recomputation would use,
 * or a row says they are not: what the issue found missing when a venue fell 170 s behind (92 of 330 observations,
 * silently).
 */
final class CrossSectionCoverage {
    private CrossSectionCoverage() {}

    /** Instrument windows compared: equal to the `bbo` table's, and short with a LATE_EVENT row saying so. */
    record Checked(int complete, int flaggedLate) {}

    static Checked check(SqlRunner sql) throws Exception {
        Map<String, TreeSet<Long>> midTimes = new HashMap<>();
        for (Row b : sql.query("SELECT venue, symbol, exchange_time_ms FROM bbo")) {
            midTimes.computeIfAbsent(b.getField("venue") + ":" + b.getField("symbol"), k -> new TreeSet<>())
                    .add((Long) b.getField("exchange_time_ms"));
        }
        Set<String> saidLate = new HashSet<>();
        Pattern named = Pattern.compile("^cross-section \\(pairs, ranking\\) window (-?\\d+)\\.\\.");
        for (Row r : sql.query("SELECT venue, symbol, detail FROM data_quality WHERE kind = 'LATE_EVENT'")) {
            Matcher m = named.matcher((String) r.getField("detail"));
            if (m.find()) {
                saidLate.add(r.getField("venue") + ":" + r.getField("symbol") + "@" + m.group(1));
            }
        }
        Map<String, Integer> seen = new HashMap<>(); // instrument@window -> observations, the same in every pair
        for (Row p : sql.query("SELECT event_time, window_end, x_venue, x_symbol, y_venue, y_symbol, x_observations, "
                + "y_observations FROM pair_signals")) {
            long start = ((Instant) p.getField("event_time")).toEpochMilli();
            seen.put(p.getField("x_venue") + ":" + p.getField("x_symbol") + "@" + start,
                    (Integer) p.getField("x_observations"));
            seen.put(p.getField("y_venue") + ":" + p.getField("y_symbol") + "@" + start,
                    (Integer) p.getField("y_observations"));
        }
        assertThat(seen).isNotEmpty();
        long windowMs = windowMs(sql);
        List<String> wrong = new ArrayList<>();
        int complete = 0;
        int flagged = 0;
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
            String key = e.getKey().substring(0, e.getKey().lastIndexOf('@'));
            long start = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('@') + 1));
            int all = midTimes.getOrDefault(key, new TreeSet<>()).subSet(start, start + windowMs).size();
            if (e.getValue() == all) {
                complete++;
            } else if (saidLate.contains(e.getKey())) {
                flagged++;
            } else {
                wrong.add(key + " window " + Instant.ofEpochMilli(start) + ": " + e.getValue() + " observations of "
                        + all + " mids in bbo");
            }
        }
        assertThat(wrong).as("pair windows over fewer mids than the bbo table holds, and no LATE_EVENT says so")
                .isEmpty();
        System.out.printf("cross-section instrument windows over all the bbo table's mids: %d, short with a "
                + "LATE_EVENT row: %d%n", complete, flagged);
        return new Checked(complete, flagged);
    }

    /** The windows' length, from the rows themselves (every window of the run has the same). */
    private static long windowMs(SqlRunner sql) throws Exception {
        Set<Long> lengths = new HashSet<>();
        for (Row r : sql.query("SELECT event_time, window_end FROM pair_signals")) {
            lengths.add(((Instant) r.getField("window_end")).toEpochMilli()
                    - ((Instant) r.getField("event_time")).toEpochMilli());
        }
        assertThat(lengths).singleElement();
        return lengths.iterator().next();
    }
}
