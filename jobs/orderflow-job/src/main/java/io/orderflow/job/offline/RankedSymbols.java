package io.orderflow.job.offline;

import java.util.List;
import org.apache.flink.types.Row;

/**
 * Symbols chosen by the market ranking a previous run wrote: the venue's instruments in the latest window of
 * {@code market_ranking}, best overall rank first. Lets live mode follow the liquid, moving markets.
 */
public final class RankedSymbols {
    private RankedSymbols() {}

    public static List<String> top(SqlRunner sql, String venue, int n) throws Exception {
        if (n < 1) {
            throw new IllegalArgumentException("--top-ranked must be at least 1, got " + n);
        }
        String v = venue.replace("'", "''");
        List<Row> rows = sql.query("SELECT symbol, overall_rank FROM market_ranking WHERE venue = '" + v
                + "' AND event_time = (SELECT MAX(event_time) FROM market_ranking WHERE venue = '" + v + "')");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("market_ranking has no rows for " + venue + " in this warehouse: run "
                    + "the job on the venue first, or choose with --symbols or --top");
        }
        return rows.stream().sorted((a, b) -> Integer.compare((Integer) a.getField("overall_rank"),
                (Integer) b.getField("overall_rank"))).limit(n).map(r -> (String) r.getField("symbol")).toList();
    }
}
