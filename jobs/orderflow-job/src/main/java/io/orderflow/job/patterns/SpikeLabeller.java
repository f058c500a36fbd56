package io.orderflow.job.patterns;

import io.orderflow.job.records.PatternMatch;
import io.orderflow.job.records.VolatilitySpike;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins each volatility spike with the book patterns of the same instrument that ended within the horizon before
 * it. A spike is held until event time is {@link #SETTLE_MS} past it (a timer), so every pattern that ended before
 * it has arrived: the CEP operators emit a match when the watermark passes its last event, ahead of that watermark,
 * but a spike now comes at the onset of a burst, a few hundred milliseconds after the withdrawal that precedes it,
 * and a match that close was once seen to reach this operator after the spike's own second had passed (in a CI
 * run; not reproduced). The second of margin costs the spikes table a second of delay.
 * Input 1: pattern matches; input 2: spikes without precursors.
 */
public final class SpikeLabeller
        extends KeyedCoProcessFunction<String, PatternMatch, VolatilitySpike, VolatilitySpike> {
    private static final long serialVersionUID = 1L;
    /** How far past a spike event time must be before its precursors are read. */
    static final long SETTLE_MS = 1_000;

    private final long horizonMs;
    private transient ListState<PatternMatch> patterns;
    private transient ListState<VolatilitySpike> spikes;

    public SpikeLabeller(Duration horizon) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("precursor horizon must be positive, got " + horizon);
        }
        this.horizonMs = horizon.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        // typed state under new names: the rows of the version before typed records are not read back (a restore
        // from it forgets at most the last horizon's patterns and the spikes not yet labelled)
        patterns = getRuntimeContext().getListState(new ListStateDescriptor<>("recent-pattern-matches",
                TypeInformation.of(PatternMatch.class)));
        spikes = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-volatility-spikes",
                TypeInformation.of(VolatilitySpike.class)));
    }

    @Override
    public void processElement1(PatternMatch pattern, Context ctx, Collector<VolatilitySpike> out) throws Exception {
        patterns.add(pattern);
        // forget it once no spike can still claim it
        ctx.timerService().registerEventTimeTimer(pattern.endMs() + horizonMs + SETTLE_MS);
    }

    @Override
    public void processElement2(VolatilitySpike spike, Context ctx, Collector<VolatilitySpike> out)
            throws Exception {
        spikes.add(spike);
        ctx.timerService().registerEventTimeTimer(spike.timeMs() + SETTLE_MS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VolatilitySpike> out) throws Exception {
        List<PatternMatch> recent = new ArrayList<>();
        patterns.get().forEach(recent::add);
        // in order of their end, then name: the CEP operators' matches reach this one in no particular order
        recent.sort(Comparator.comparingLong(PatternMatch::endMs).thenComparing(PatternMatch::pattern));
        List<VolatilitySpike> waiting = new ArrayList<>();
        for (VolatilitySpike spike : spikes.get()) {
            long at = spike.timeMs();
            if (at + SETTLE_MS > timestamp) {
                waiting.add(spike);
                continue;
            }
            List<String> precursors = new ArrayList<>();
            for (PatternMatch p : recent) {
                if (p.endMs() <= at && p.endMs() >= at - horizonMs) {
                    precursors.add(p.pattern());
                }
            }
            out.collect(spike.labelled((int) (horizonMs / 1000), precursors.toArray(String[]::new)));
        }
        spikes.update(waiting);
        // a pattern stays while a spike not yet labelled could still claim it (its own timer, at end + horizon +
        // the margin, drops it); the spikes up to now less the margin have been labelled above. An empty list
        // clears the instrument's state.
        List<PatternMatch> kept = new ArrayList<>();
        for (PatternMatch p : recent) {
            if (p.endMs() > timestamp - SETTLE_MS - horizonMs) {
                kept.add(p);
            }
        }
        patterns.update(kept);
    }
}
