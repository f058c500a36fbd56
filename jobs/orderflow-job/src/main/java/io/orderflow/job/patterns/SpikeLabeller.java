package io.orderflow.job.patterns;

import io.orderflow.job.iceberg.OrderflowTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;

/**
 * Joins each volatility spike with the book patterns of the same instrument that ended within the horizon before
 * it. A spike is held until event time passes it (a timer), so every pattern that ended before it has arrived:
 * the CEP operators emit a match when the watermark passes its last event, ahead of that watermark.
 * Input 1: {@code patterns} rows; input 2: {@code volatility_spikes} rows without precursors.
 */
public final class SpikeLabeller extends KeyedCoProcessFunction<String, RowData, RowData, RowData> {
    private static final long serialVersionUID = 1L;
    private static final int PATTERN_END = 2; // event_time of a patterns row
    private static final int PATTERN_NAME = 4;
    private static final int SPIKE_TIME = 2;

    private final long horizonMs;
    private transient ListState<RowData> patterns;
    private transient ListState<RowData> spikes;

    public SpikeLabeller(Duration horizon) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("precursor horizon must be positive, got " + horizon);
        }
        this.horizonMs = horizon.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        patterns = getRuntimeContext().getListState(new ListStateDescriptor<>("recent-patterns",
                InternalTypeInfo.of(OrderflowTables.PATTERNS.rowType())));
        spikes = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-spikes",
                InternalTypeInfo.of(OrderflowTables.VOLATILITY_SPIKES.rowType())));
    }

    @Override
    public void processElement1(RowData pattern, Context ctx, Collector<RowData> out) throws Exception {
        patterns.add(pattern);
        // forget it once no spike can still claim it
        ctx.timerService().registerEventTimeTimer(time(pattern, PATTERN_END) + horizonMs);
    }

    @Override
    public void processElement2(RowData spike, Context ctx, Collector<RowData> out) throws Exception {
        spikes.add(spike);
        ctx.timerService().registerEventTimeTimer(time(spike, SPIKE_TIME));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
        List<RowData> recent = new ArrayList<>();
        patterns.get().forEach(recent::add);
        // in order of their end, then name: the CEP operators' matches reach this one in no particular order
        recent.sort(java.util.Comparator.<RowData>comparingLong(p -> time(p, PATTERN_END))
                .thenComparing(p -> p.getString(PATTERN_NAME).toString()));
        List<RowData> waiting = new ArrayList<>();
        for (RowData spike : spikes.get()) {
            long at = time(spike, SPIKE_TIME);
            if (at > timestamp) {
                waiting.add(spike);
                continue;
            }
            List<StringData> precursors = new ArrayList<>();
            for (RowData p : recent) {
                long end = time(p, PATTERN_END);
                if (end <= at && end >= at - horizonMs) {
                    precursors.add(p.getString(PATTERN_NAME));
                }
            }
            GenericRowData row = GenericRowData.of(spike.getString(0), spike.getString(1), spike.getTimestamp(2, 6),
                    spike.getDouble(3), spike.getDouble(4), spike.getDouble(5), (int) (horizonMs / 1000),
                    new GenericArrayData(precursors.toArray()), precursors.size());
            out.collect(row);
        }
        spikes.update(waiting);
        long oldestNeeded = waiting.stream().mapToLong(s -> time(s, SPIKE_TIME)).min().orElse(timestamp) - horizonMs;
        List<RowData> kept = new ArrayList<>();
        for (RowData p : recent) {
            if (time(p, PATTERN_END) >= Math.min(oldestNeeded, timestamp - horizonMs)) {
                kept.add(p);
            }
        }
        patterns.update(kept);
    }

    private static long time(RowData row, int field) {
        return row.getTimestamp(field, 6).getMillisecond();
    }
}
