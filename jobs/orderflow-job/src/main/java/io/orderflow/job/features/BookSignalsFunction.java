package io.orderflow.job.features;

import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.job.records.InstrumentFeatures;
import io.orderflow.job.records.MidForecast;
import io.orderflow.job.records.SlippageEstimate;
import io.orderflow.job.records.VolatilitySpike;
import io.orderflow.job.signals.InstrumentSignals;
import io.orderflow.job.signals.SignalSettings;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.InstrumentKey;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per instrument, over its book tops, its trades and its reference's mids ({@link SignalTick}): book features on
 * every update (side output), a feature sample every {@code samplingMs} for the pattern detector (main output),
 * slippage walks once a second, and at the end of each second (an event-time timer, so every update, trade and
 * reference mid of that second has arrived) the next-second forecast and the spike label. The logic is {@link
 * InstrumentSignals}; this is its Flink shell.
 */
public final class BookSignalsFunction extends KeyedCoProcessFunction<String, BookTop, SignalTick, FeatureSample> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<InstrumentFeatures> BOOK_FEATURES =
            new OutputTag<>("book-features", ImmutableRecordTypeInfo.forRecord(InstrumentFeatures.class));
    public static final OutputTag<SlippageEstimate> SLIPPAGE =
            new OutputTag<>("slippage", ImmutableRecordTypeInfo.forRecord(SlippageEstimate.class));
    /**
     * Book messages that came after this operator had closed their second (the watermark passed them): they count
     * in the first open second instead, and the predictions and spikes of the seconds they missed lack them.
     */
    public static final OutputTag<DataQualityEvent> QUALITY =
            new OutputTag<>("signals-quality", ImmutableRecordTypeInfo.forRecord(DataQualityEvent.class));
    public static final OutputTag<MidForecast> PREDICTIONS =
            new OutputTag<>("predictions", ImmutableRecordTypeInfo.forRecord(MidForecast.class));
    /** Spikes without precursors, for the labeller. */
    public static final OutputTag<VolatilitySpike> SPIKES =
            new OutputTag<>("spikes", ImmutableRecordTypeInfo.forRecord(VolatilitySpike.class));

    private final SignalSettings settings;
    private final long idleMs;
    private transient ValueState<InstrumentSignals> state;

    public BookSignalsFunction(SignalSettings settings, Duration idleEviction) {
        this.settings = settings;
        this.idleMs = idleEviction.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<InstrumentSignals> descriptor =
                new ValueStateDescriptor<>("instrument-signals", InstrumentSignalsSerializer.INSTANCE);
        // an instrument that stops trading takes its models with it after the idle period: in event time (onTimer),
        // and in processing time as well, for a feed whose event time stops altogether
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(idleMs)).build());
        state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement1(BookTop top, Context ctx, Collector<FeatureSample> out) throws Exception {
        if (!top.twoSided()) {
            return;
        }
        InstrumentSignals s = signals();
        long own = Math.floorDiv(top.exchangeTimeMs(), 1000);
        long counted = s.secondOf(top.exchangeTimeMs());
        if (counted != own) {
            long watermark = ctx.timerService().currentWatermark();
            ctx.output(QUALITY, new DataQualityEvent(top.venue(), top.symbol(),
                    top.exchangeTimeMs(), top.receivedAtNanos(), DataQualityEvent.Kind.LATE_EVENT,
                    "book signals: " + io.orderflow.job.book.OrderBookFunction.lateness(watermark, top.exchangeTimeMs())
                            + "; seconds " + own
                            + ".." + (counted - 1) + " closed without it, counted in " + counted, ""));
        }
        InstrumentSignals.UpdateResult r = s.onBook(top, settings);
        ctx.output(BOOK_FEATURES, new InstrumentFeatures(top.venue(), top.symbol(), r.features(), r.stoikovMicroprice()));
        if (r.sampled()) {
            out.collect(new FeatureSample(top.venue(), top.symbol(), r.features()));
        }
        for (InstrumentSignals.SlippageSample w : r.slippage()) {
            ctx.output(SLIPPAGE, new SlippageEstimate(top.venue(), top.symbol(), w));
        }
        state.update(s);
        ctx.timerService().registerEventTimeTimer(endOfSecond(s.secondOf(top.exchangeTimeMs())));
    }

    @Override
    public void processElement2(SignalTick tick, Context ctx, Collector<FeatureSample> out) throws Exception {
        if (tick.reference()) {
            // the reference alone opens no second of this instrument's, nor brings back one evicted as idle
            InstrumentSignals s = state.value();
            if (s != null) {
                s.onReferenceMid(tick.timeMs(), tick.value(), tick.afterGap());
                state.update(s);
            }
            return;
        }
        InstrumentSignals s = signals();
        s.onFlow(tick.timeMs(), tick.value());
        state.update(s);
        ctx.timerService().registerEventTimeTimer(endOfSecond(s.secondOf(tick.timeMs())));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureSample> out) throws Exception {
        InstrumentSignals s = state.value();
        if (s == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        String venue = InstrumentKey.venueOf(key);
        String symbol = InstrumentKey.symbolOf(key);
        long closing = Math.floorDiv(timestamp + 1, 1000) - 1;
        long closedBefore = s.lastClosedSecond();
        for (Long second = s.firstOpenSecond(); second != null && second <= closing; second = s.firstOpenSecond()) {
            InstrumentSignals.SecondResult r = s.closeSecond(second, settings);
            if (r.prediction() != null) {
                ctx.output(PREDICTIONS, new MidForecast(venue, symbol, r.prediction()));
            }
            if (r.spike() != null) {
                ctx.output(SPIKES, VolatilitySpike.unlabelled(venue, symbol, r.spike()));
            }
        }
        if (s.firstOpenSecond() == null && s.lastClosedSecond() != Long.MIN_VALUE) {
            // quiet: nothing open. An instrument with nothing for the idle period (event time) is removed with its
            // models; one eviction timer at a time, on the seconds' grid (deleting a timer that is not there is
            // a no-op)
            if (endOfSecond(s.lastClosedSecond()) + idleMs <= timestamp) {
                state.clear();
                return;
            }
            if (closedBefore != s.lastClosedSecond() && closedBefore != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(evictionTime(closedBefore));
            }
            ctx.timerService().registerEventTimeTimer(evictionTime(s.lastClosedSecond()));
        }
        state.update(s);
    }

    /** On the seconds' grid, the idle period after the end of {@code lastSecond}. */
    private long evictionTime(long lastSecond) {
        return endOfSecond(lastSecond + Math.max(1, Math.floorDiv(idleMs + 999, 1000)));
    }

    private InstrumentSignals signals() throws java.io.IOException {
        InstrumentSignals s = state.value();
        return s != null ? s : new InstrumentSignals();
    }

    private static long endOfSecond(long second) {
        return second * 1000 + 999;
    }
}
