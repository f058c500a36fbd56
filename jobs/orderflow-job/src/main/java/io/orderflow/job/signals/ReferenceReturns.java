package io.orderflow.job.signals;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reference instrument's mid path on a half-second grid, for the next-second forecast's cross-asset features:
 * the reference's log return over the last half second of the closing second, and over the half second before.
 *
 * <p>Why: a follower's next second is partly priced already elsewhere. BTC leads the other coins by a fraction of a
 * second (the job's own Hayashi–Yoshida pairs find it; on the simulated market ETH follows BTC 500 ms later), so the
 * reference's newest moves are news the follower's own book has not yet shown. Two half seconds rather than one
 * second, so the regression can tell a lead of half a second from one of a whole second.
 *
 * <p>The mid at an instant is the last one before it (previous tick), as the book stood. A return whose span holds
 * a book rebuilt after a gap is no return (0): how the mid moved across the gap is unknown.
 */
public final class ReferenceReturns {
    public static final long HALF_MS = 500;
    /** Returns larger than this (bps in half a second) are clipped: one bad quote must not steer the regression. */
    static final double CLIP_BPS = 50;

    /** Per half-second slot: {time of its latest mid, that mid, 1 if a book rebuilt after a gap came in it}. */
    private final TreeMap<Long, double[]> slots = new TreeMap<>();

    /** A reference mid at {@code timeMs}; a later-arriving one of an earlier time does not replace a newer one. */
    public void onMid(long timeMs, double mid, boolean afterGap) {
        long slot = Math.floorDiv(timeMs, HALF_MS);
        double[] s = slots.get(slot);
        if (s == null) {
            slots.put(slot, new double[] {timeMs, mid, afterGap ? 1 : 0});
            return;
        }
        if (timeMs >= s[0]) {
            s[0] = timeMs;
            s[1] = mid;
        }
        if (afterGap) {
            s[2] = 1;
        }
    }

    /**
     * The features for the forecast made at the end of {@code second}, in bps: the reference's return over its last
     * half second, and over the half second before. 0 where the reference had no mid at the start of the span or a
     * gap fell in it. Forgets what no later second needs.
     */
    public double[] features(long second) {
        long end = (second + 1) * 1000 / HALF_MS; // slots before this one are in the past at the end of the second
        double last = returnBps(end - 1, end);
        double prior = returnBps(end - 2, end - 1);
        // keep the slot that gives the mid at the start of the next second's earliest span, and all after it
        Long keep = slots.lowerKey(end);
        if (keep != null) {
            slots.headMap(keep, false).clear();
        }
        return new double[] {last, prior};
    }

    /** The log return from the start of slot {@code from} to the start of slot {@code to}, in bps. */
    private double returnBps(long from, long to) {
        Map.Entry<Long, double[]> start = slots.lowerEntry(from);
        Map.Entry<Long, double[]> finish = slots.lowerEntry(to);
        if (start == null || finish == null) {
            return 0;
        }
        for (double[] s : slots.subMap(from, true, to, false).values()) {
            if (s[2] > 0) {
                return 0;
            }
        }
        double r = Math.log(finish.getValue()[1] / start.getValue()[1]) * 1e4;
        return Math.max(-CLIP_BPS, Math.min(CLIP_BPS, r));
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(slots.size());
        for (Map.Entry<Long, double[]> e : slots.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong((long) e.getValue()[0]);
            out.writeDouble(e.getValue()[1]);
            out.writeBoolean(e.getValue()[2] > 0);
        }
    }

    public static ReferenceReturns read(DataInput in) throws IOException {
        ReferenceReturns r = new ReferenceReturns();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            r.slots.put(in.readLong(), new double[] {in.readLong(), in.readDouble(), in.readBoolean() ? 1 : 0});
        }
        return r;
    }
}
