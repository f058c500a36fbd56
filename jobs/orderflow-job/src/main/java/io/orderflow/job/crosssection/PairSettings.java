package io.orderflow.job.crosssection;

import java.io.Serializable;
import java.util.List;

/**
 * Which pairs the cross-section compares and on which lag grid.
 *
 * @param minLagMs first lag of the Hayashi–Yoshida grid (default −2,000 ms)
 * @param maxLagMs last lag (default +2,000 ms)
 * @param stepMs grid step (default 100 ms)
 * @param pairs pairs as {@code venue:SYMBOL~venue:SYMBOL} (x first); empty means every pair of instruments seen
 */
public record PairSettings(long minLagMs, long maxLagMs, long stepMs, List<String> pairs) implements Serializable {
    public PairSettings {
        if (stepMs <= 0 || maxLagMs < minLagMs || (maxLagMs - minLagMs) / stepMs > 1_000) {
            throw new IllegalArgumentException("lag grid needs step > 0, max >= min and at most 1,000 steps; got "
                    + minLagMs + ".." + maxLagMs + " step " + stepMs + " ms");
        }
        pairs = List.copyOf(pairs);
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
        return new PairSettings(minLagMs, maxLagMs, step, pairs);
    }

    public PairSettings withPairs(List<String> chosen) {
        return new PairSettings(minLagMs, maxLagMs, stepMs, chosen);
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
                    out.add(new String[] {instruments.get(i), instruments.get(j)});
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
