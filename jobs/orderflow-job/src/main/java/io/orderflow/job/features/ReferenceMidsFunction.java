package io.orderflow.job.features;

import io.orderflow.job.crosssection.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per venue, over its instruments' mid ticks: sends its reference instrument's (its BTC's) mid path to each other
 * instrument of the venue that has quoted within the idle period, keyed by that follower, for the next-second
 * forecast's cross-asset features ({@link io.orderflow.job.signals.ReferenceReturns}). It learns the followers from
 * their own ticks, so a newly listed symbol gets the reference without configuration, and one quiet for the idle
 * period stops receiving it.
 *
 * <p>The features read the reference's last mid before each half second, so only that mid of each half-second slot
 * is sent (with whether a book rebuilt after a gap came in the slot): when the watermark passes the slot's end, or
 * earlier when a later slot's mid arrives. Two records a second per follower, not one per BTC quote.
 */
public final class ReferenceMidsFunction extends KeyedProcessFunction<String, Tick, SignalTick> {
    private static final long serialVersionUID = 1L;
    static final long SLOT_MS = io.orderflow.job.signals.ReferenceReturns.HALF_MS;
    /** A follower's last-seen time is rewritten at most this often (a state write per tick would buy nothing). */
    private static final long SEEN_RESOLUTION_MS = 1_000;

    private final Map<String, String> referenceByVenue;
    private final long idleMs;
    private transient MapState<String, Long> followersSeen;
    /** The reference's slot not sent yet: {time, mid, 1 if after a gap}, the slot being the time's. */
    private transient ValueState<double[]> pending;

    /**
     * @param referenceByVenue per venue id, the instrument key of its reference; a venue not in it has none
     * @param idleEviction a follower not seen for this long (event time) no longer receives the reference
     */
    public ReferenceMidsFunction(Map<String, String> referenceByVenue, Duration idleEviction) {
        this.referenceByVenue = Map.copyOf(referenceByVenue);
        this.idleMs = idleEviction.toMillis();
    }

    /**
     * What the fan-out needs of the mid ticks, to put in front of its shuffle: every reference mid, and of each
     * other instrument one tick a second (enough to know it is quoting). Its memory is the subtask's own, not
     * state: after a restore it only lets one more tick through.
     */
    public static FilterFunction<Tick> needed(Map<String, String> referenceByVenue) {
        java.util.Set<String> references = java.util.Set.copyOf(referenceByVenue.values());
        return new FilterFunction<>() {
            private static final long serialVersionUID = 1L;
            private transient Map<String, Long> lastSecond;

            @Override
            public boolean filter(Tick t) {
                if (t.trade()) {
                    return false;
                }
                if (references.contains(t.key())) {
                    return true;
                }
                if (lastSecond == null) {
                    lastSecond = new HashMap<>();
                }
                Long second = Math.floorDiv(t.timeMs(), SEEN_RESOLUTION_MS);
                return !second.equals(lastSecond.put(t.key(), second));
            }
        };
    }

    @Override
    public void open(OpenContext context) {
        followersSeen = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("reference-followers", Types.STRING, Types.LONG));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("reference-slot",
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Tick tick, Context ctx, Collector<SignalTick> out) throws Exception {
        String reference = referenceByVenue.get(ctx.getCurrentKey());
        if (tick.trade() || reference == null) {
            return;
        }
        if (!tick.key().equals(reference)) {
            Long seen = followersSeen.get(tick.key());
            if (seen == null || tick.timeMs() >= seen + SEEN_RESOLUTION_MS) {
                followersSeen.put(tick.key(), tick.timeMs());
            }
            return;
        }
        long slot = Math.floorDiv(tick.timeMs(), SLOT_MS);
        double[] p = pending.value();
        long pendingSlot = p == null ? Long.MIN_VALUE : Math.floorDiv((long) p[0], SLOT_MS);
        if (p != null && slot == pendingSlot) {
            if (tick.timeMs() >= p[0]) {
                p[0] = tick.timeMs();
                p[1] = tick.value();
            }
            p[2] = tick.afterGap() || p[2] > 0 ? 1 : 0;
            pending.update(p);
        } else if (p != null && slot < pendingSlot) {
            // an older slot's mid after a newer one (out of order): its slot was sent, this goes on its own
            send(tick.timeMs(), tick.value(), tick.afterGap(), out);
        } else {
            if (p != null) { // a later slot began before the watermark closed this one: it is complete
                ctx.timerService().deleteEventTimeTimer(endOf(pendingSlot));
                send((long) p[0], p[1], p[2] > 0, out);
            }
            pending.update(new double[] {tick.timeMs(), tick.value(), tick.afterGap() ? 1 : 0});
            ctx.timerService().registerEventTimeTimer(endOf(slot));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignalTick> out) throws Exception {
        double[] p = pending.value();
        if (p != null) {
            send((long) p[0], p[1], p[2] > 0, out);
            pending.clear();
        }
    }

    private static long endOf(long slot) {
        return (slot + 1) * SLOT_MS - 1;
    }

    /** The reference's mid to every follower seen within the idle period; the others are forgotten. */
    private void send(long timeMs, double mid, boolean afterGap, Collector<SignalTick> out) throws Exception {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, Long> f : followersSeen.entries()) {
            if (timeMs - f.getValue() > idleMs) {
                gone.add(f.getKey());
            } else {
                out.collect(SignalTick.referenceMid(f.getKey(), timeMs, mid, afterGap));
            }
        }
        for (String g : gone) {
            followersSeen.remove(g);
        }
    }
}
