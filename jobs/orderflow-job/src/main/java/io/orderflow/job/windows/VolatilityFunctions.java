package io.orderflow.job.windows;

import io.orderflow.flink.types.CodecSerializer;
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

    /** Feeds each book top's mid into the window's estimator. */
    public static final class Aggregate implements AggregateFunction<BookTop, RealizedVolatility, RealizedVolatility> {
        private static final long serialVersionUID = 1L;

        @Override
        public RealizedVolatility createAccumulator() {
            return new RealizedVolatility();
        }

        @Override
        public RealizedVolatility add(BookTop top, RealizedVolatility acc) {
            acc.add(top.exchangeTimeMs(), top.mid());
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

    /** Codec for the window accumulator. */
    static final class Codec implements BinaryCodec<RealizedVolatility> {
        static final Codec INSTANCE = new Codec();

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(RealizedVolatility v, DataOutput out) throws IOException {
            out.writeInt(v.samples().size());
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
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                long second = in.readLong();
                v.restore(second, new long[] {in.readLong(), in.readLong(), in.readLong(), in.readLong()});
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
