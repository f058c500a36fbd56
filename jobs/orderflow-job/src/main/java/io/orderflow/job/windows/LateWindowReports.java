package io.orderflow.job.windows;

import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.InstrumentKey;
import java.io.Serializable;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Records that reached a windowed operator after their window was written (Flink's late data, which a window
 * otherwise drops without a trace), as data: a {@code LATE_EVENT} row naming the operator, the instrument and the
 * window whose row lacks them, so nobody trusts that row blindly. Keyed by instrument; one row per window (the
 * first late record of a window says so; the rest of that window's are the same news), with the last window
 * reported kept in state so a restore does not repeat it.
 *
 * @param <T> the late record
 */
public final class LateWindowReports<T> extends KeyedProcessFunction<String, T, DataQualityEvent> {
    private static final long serialVersionUID = 1L;

    /** The event time of a record. */
    public interface TimeOf<T> extends Serializable {
        long timeMs(T record);
    }

    private final String operator;
    private final long windowMs;
    private final TimeOf<T> time;
    private transient ValueState<Long> lastReported;

    /**
     * @param operator what wrote the windows, for the row's detail (e.g. "realized volatility")
     * @param windowMs the tumbling windows' length
     */
    public LateWindowReports(String operator, long windowMs, TimeOf<T> time) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("window length must be positive, got " + windowMs + " ms");
        }
        this.operator = operator;
        this.windowMs = windowMs;
        this.time = time;
    }

    @Override
    public void open(OpenContext openContext) {
        lastReported = getRuntimeContext().getState(new ValueStateDescriptor<>("last-late-window", Types.LONG));
    }

    @Override
    public void processElement(T record, Context ctx, Collector<DataQualityEvent> out) throws Exception {
        long t = time.timeMs(record);
        long start = Math.floorDiv(t, windowMs) * windowMs;
        Long last = lastReported.value();
        if (last != null && last == start) {
            return;
        }
        lastReported.update(start);
        String key = ctx.getCurrentKey();
        long watermark = ctx.timerService().currentWatermark();
        out.collect(new DataQualityEvent(InstrumentKey.venueOf(key), InstrumentKey.symbolOf(key), t,
                System.currentTimeMillis() * 1_000_000L, DataQualityEvent.Kind.LATE_EVENT,
                operator + " window " + start + ".." + (start + windowMs) + " ms (" + Instant.ofEpochMilli(start)
                        + ") was written without data at " + t + " ms, late by " + Math.max(0, watermark - t)
                        + " ms: its row does not include it",
                ""));
    }
}
