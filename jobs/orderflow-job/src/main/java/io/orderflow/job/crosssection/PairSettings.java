package io.orderflow.job.crosssection;

import java.io.Serializable;
import io.orderflow.model.InstrumentKey;
import io.orderflow.venue.TimeQuality;
import io.orderflow.venue.Venues;
import java.util.List;
import java.util.Set;

/**
 * Which pairs the cross-section compares and on which lag grid.
 *
 * @param minLagMs first lag of the Hayashi–Yoshida grid (default −2,000 ms)
 * @param maxLagMs last lag (default +2,000 ms)
 * @param stepMs grid step (default 100 ms)
 * @param pairs pairs as {@code venue:SYMBOL~venue:SYMBOL} (x first); empty means every pair of instruments seen,
 *     x before y by key, except that a venue's BTC ({@link io.orderflow.venue.Venue#majors()}) is x against any
 *     other instrument, so β reads "ETH on BTC" on every venue (Kraken Futures' PI_XBTUSD sorts after PI_ETHUSD)
 * @param gridMs interval of the previous-tick grid that correlation, β and the spread are estimated on; 0 (the
 *     default) picks it from the window: {@link #gridFor}
 * @param inferredTimeVenues venues whose book messages carry no time of their own ({@link TimeQuality#INFERRED}):
 *     a pair with one of them names no leader and has no β (its times cannot place a move to the sub-second);
 *     by default every such venue orderflow speaks
 */
public record PairSettings(long minLagMs, long maxLagMs, long stepMs, List<String> pairs, long gridMs,
        Set<String> inferredTimeVenues) implements Serializable {
    /** The automatic grid gives a window at least this many returns, where its interval can be 1 s or less. */
    public static final int GRID_RETURNS = 100;

    public PairSettings(long minLagMs, long maxLagMs, long stepMs, List<String> pairs) {
        this(minLagMs, maxLagMs, stepMs, pairs, 0, inferredTimeVenuesKnown());
    }

    /** Every venue's BTC as an instrument key: x of any automatic pair it is in. */
    private static final Set<String> BTC_FIRST = Set.copyOf(Venues.btcInstrumentKeys().values());

    /** The venues orderflow speaks whose book messages carry no time of their own. */
    static Set<String> inferredTimeVenuesKnown() {
        return Venues.ids().stream().filter(id -> Venues.byId(id).bookTimeQuality() == TimeQuality.INFERRED)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The time quality of a pair: inferred if either side's venue dates its books by inference. */
    public TimeQuality timeQuality(String x, String y) {
        return inferredTimeVenues.contains(InstrumentKey.venueOf(x)) || inferredTimeVenues.contains(
                InstrumentKey.venueOf(y)) ? TimeQuality.INFERRED : TimeQuality.EXCHANGE;
    }

    public PairSettings {
        if (gridMs < 0 || (gridMs > 0 && gridMs % stepMs != 0)) {
            throw new IllegalArgumentException("the β grid must be 0 (automatic) or a multiple of the lag step ("
                    + stepMs + " ms), got " + gridMs + " ms");
        }
        if (stepMs <= 0 || maxLagMs < minLagMs || (maxLagMs - minLagMs) / stepMs > 1_000) {
            throw new IllegalArgumentException("lag grid needs step > 0, max >= min and at most 1,000 steps; got "
                    + minLagMs + ".." + maxLagMs + " step " + stepMs + " ms");
        }
        pairs = List.copyOf(pairs);
        inferredTimeVenues = Set.copyOf(inferredTimeVenues);
        for (String p : pairs) {
            String[] xy = p.split("~");
            if (xy.length != 2 || !xy[0].contains(":") || !xy[1].contains(":") || xy[0].equals(xy[1])) {
                throw new IllegalArgumentException("pair '" + p + "' must read venue:SYMBOL~venue:SYMBOL with two "
                        + "different instruments, e.g. binance-spot:BTCUSDT~okx:BTC-USDT");
            }
        }
    }

    public static PairSettings defaults() {
        return new PairSettings(-2_000, 2_000, 100, List.of());
    }

    public PairSettings withStep(long step) {
        return new PairSettings(minLagMs, maxLagMs, step, pairs, gridMs, inferredTimeVenues);
    }

    public PairSettings withPairs(List<String> chosen) {
        return new PairSettings(minLagMs, maxLagMs, stepMs, chosen, gridMs, inferredTimeVenues);
    }

    public PairSettings withGrid(long intervalMs) {
        return new PairSettings(minLagMs, maxLagMs, stepMs, pairs, intervalMs, inferredTimeVenues);
    }

    /**
     * The β grid's interval for a window: the configured one, or automatically 1 s where a window holds at least
     * {@link #GRID_RETURNS} seconds (a 1 s grid is coarse enough that asynchronous updates hardly bias β, the Epps
     * effect), and in shorter windows the largest multiple of the lag step that still gives that many returns:
     * a 10 s window on a 1 s grid has nine returns, too few for β or its standard error to mean much.
     */
    public long gridFor(long windowMs) {
        if (gridMs > 0) {
            return gridMs;
        }
        long interval = Math.min(1_000, windowMs / GRID_RETURNS) / stepMs * stepMs;
        return Math.max(stepMs, interval);
    }

    /**
     * Which of {@code shards} computes the pair: fixed by the pair's keys alone (String's hash is specified, so
     * every JVM agrees), so each pair has one home however the instruments' windows arrive.
     */
    public static int shardOf(String x, String y, int shards) {
        return Math.floorMod((x + "~" + y).hashCode(), shards);
    }

    /**
     * For configured pairs, the shards that need each instrument's window: those of the pairs it is in, so a shard
     * receives only its pairs' instruments and the copies made grow with the pairs watched, not with the square of
     * the instruments. Empty when every pair is compared: then every shard needs every instrument.
     */
    public java.util.Map<String, java.util.BitSet> shardsByInstrument(int shards) {
        java.util.Map<String, java.util.BitSet> out = new java.util.HashMap<>();
        for (String p : pairs) {
            String[] xy = p.split("~");
            int shard = shardOf(xy[0], xy[1], shards);
            out.computeIfAbsent(xy[0], k -> new java.util.BitSet(shards)).set(shard);
            out.computeIfAbsent(xy[1], k -> new java.util.BitSet(shards)).set(shard);
        }
        return out;
    }

    /** The pairs to compare among the instruments seen (sorted keys): the configured ones present, or all. */
    List<String[]> pairsAmong(List<String> instruments) {
        java.util.ArrayList<String[]> out = new java.util.ArrayList<>();
        if (pairs.isEmpty()) {
            for (int i = 0; i < instruments.size(); i++) {
                for (int j = i + 1; j < instruments.size(); j++) {
                    String a = instruments.get(i);
                    String b = instruments.get(j);
                    out.add(BTC_FIRST.contains(b) && !BTC_FIRST.contains(a) ? new String[] {b, a}
                            : new String[] {a, b});
                }
            }
            return out;
        }
        java.util.Set<String> seen = new java.util.HashSet<>(instruments);
        for (String p : pairs) {
            String[] xy = p.split("~");
            if (seen.contains(xy[0]) && seen.contains(xy[1])) { // pairs are written as instrument keys
                out.add(xy);
            }
        }
        return out;
    }
}
