package io.orderflow.job.windows;

import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.model.DataQualityEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.job.records.VolatilityWindow;
import io.orderflow.estimators.RealizedVolatility;
import io.orderflow.model.BookTop;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.codec.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The Flink side of {@link RealizedVolatility}: a window aggregate, its accumulator serializer, the window output. */
public final class VolatilityFunctions {
    private VolatilityFunctions() {}

    private static final OutputTag<BookTop> LATE = new OutputTag<>("volatility-late", BookTopSerializer.TYPE_INFO);

    /** The windows, and a LATE_EVENT row for each window written before some of its quotes arrived. */
    public record Outputs(DataStream<VolatilityWindow> windows, DataStream<DataQualityEvent> late) {}

    /** Realized volatility per instrument (the quotes keyed by instrument) and tumbling event-time window. */
    public static Outputs wire(KeyedStream<BookTop, String> quotes, Duration window) {
        SingleOutputStreamOperator<VolatilityWindow> windows = quotes
                .window(TumblingEventTimeWindows.of(window))
                .sideOutputLateData(LATE)
                .aggregate(new Aggregate(), new ToWindow(), AccumulatorSerializer.TYPE_INFO,
                        AccumulatorSerializer.TYPE_INFO, ImmutableRecordTypeInfo.forRecord(VolatilityWindow.class))
                .uid("realized-volatility")
                .name("realized volatility");
        DataStream<DataQualityEvent> late = windows.getSideOutput(LATE)
                .keyBy(BookTop::instrumentKey, Types.STRING)
                .process(new LateWindowReports<BookTop>("realized volatility", window.toMillis(),
                        BookTop::exchangeTimeMs), ImmutableRecordTypeInfo.forRecord(DataQualityEvent.class))
                .uid("realized-volatility-late")
                .name("realized volatility: late quotes");
        return new Outputs(windows, late);
    }

    /** Feeds each book top's mid into the window's estimator. */
    public static final class Aggregate implements AggregateFunction<BookTop, RealizedVolatility, RealizedVolatility> {
        private static final long serialVersionUID = 1L;

        @Override
        public RealizedVolatility createAccumulator() {
            return new RealizedVolatility();
        }

        @Override
        public RealizedVolatility add(BookTop top, RealizedVolatility acc) {
            acc.add(top.exchangeTimeMs(), top.mid(), top.afterGap());
            return acc;
        }

        @Override
        public RealizedVolatility getResult(RealizedVolatility acc) {
            return acc;
        }

        @Override
        public RealizedVolatility merge(RealizedVolatility a, RealizedVolatility b) {
            a.merge(b);
            return a;
        }
    }

    /** Turns a window's estimator into the instrument's {@link VolatilityWindow}; nothing for an empty window. */
    public static final class ToWindow
            extends ProcessWindowFunction<RealizedVolatility, VolatilityWindow, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context ctx, Iterable<RealizedVolatility> values,
                Collector<VolatilityWindow> out) {
            TimeWindow w = ctx.window();
            int seconds = (int) ((w.getEnd() - w.getStart()) / 1000);
            for (RealizedVolatility v : values) {
                RealizedVolatility.Result r = v.result(seconds);
                if (r.samples() > 0) {
                    out.collect(new VolatilityWindow(InstrumentKey.venueOf(key), InstrumentKey.symbolOf(key),
                            w.getStart(), w.getEnd(), seconds, r));
                }
            }
        }
    }

    /**
     * Codec for the window accumulator. Version 2 wrote the count of seconds, then four fields a second; version 3
     * writes the count as −(count + 1), then every field of {@link RealizedVolatility#SAMPLE_FIELDS}, so a window
     * kept in state by version 2 still reads (its seconds have no gap marks).
     */
    static final class Codec implements BinaryCodec<RealizedVolatility> {
        static final Codec INSTANCE = new Codec();
        private static final int VERSION_2_FIELDS = 4;

        @Override
        public int version() {
            return 3;
        }

        @Override
        public void write(RealizedVolatility v, DataOutput out) throws IOException {
            out.writeInt(-(v.samples().size() + 1));
            for (Map.Entry<Long, long[]> e : v.samples().entrySet()) {
                out.writeLong(e.getKey());
                for (long field : e.getValue()) {
                    out.writeLong(field);
                }
            }
        }

        @Override
        public RealizedVolatility read(DataInput in) throws IOException {
            RealizedVolatility v = new RealizedVolatility();
            int header = in.readInt();
            int n = header < 0 ? -header - 1 : header;
            int fields = header < 0 ? RealizedVolatility.SAMPLE_FIELDS : VERSION_2_FIELDS;
            for (int i = 0; i < n; i++) {
                long second = in.readLong();
                long[] sample = new long[fields];
                for (int f = 0; f < fields; f++) {
                    sample[f] = in.readLong();
                }
                v.restore(second, sample);
            }
            return v;
        }
    }

    /** Explicit accumulator serializer (mutable: copied through the codec). */
    public static final class AccumulatorSerializer extends CodecSerializer<RealizedVolatility> {
        private static final long serialVersionUID = 1L;
        public static final AccumulatorSerializer INSTANCE = new AccumulatorSerializer();
        public static final TypeInformation<RealizedVolatility> TYPE_INFO =
                new CodecTypeInfo<>(RealizedVolatility.class, () -> INSTANCE);

        @Override
        protected BinaryCodec<RealizedVolatility> codec() {
            return Codec.INSTANCE;
        }

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public TypeSerializerSnapshot<RealizedVolatility> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends SimpleTypeSerializerSnapshot<RealizedVolatility> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
