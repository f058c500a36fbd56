package io.orderflow.job.windows;

import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.job.crosssection.CrossSection;
import io.orderflow.job.crosssection.PairSettings;
import io.orderflow.job.crosssection.Tick;
import io.orderflow.job.records.MarketRank;
import io.orderflow.job.records.PairSignal;
import io.orderflow.model.codec.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** The Flink side of {@link CrossSection}: the window aggregate, its output, and explicit serializers. */
public final class CrossSectionFunctions {
    private CrossSectionFunctions() {}

    public static final OutputTag<MarketRank> RANKING =
            new OutputTag<>("market-ranking", ImmutableRecordTypeInfo.forRecord(MarketRank.class));

    public static final class Aggregate implements AggregateFunction<Tick, CrossSection, CrossSection> {
        private static final long serialVersionUID = 1L;

        @Override
        public CrossSection createAccumulator() {
            return new CrossSection();
        }

        @Override
        public CrossSection add(Tick t, CrossSection acc) {
            if (t.trade()) {
                acc.addTrade(t.key(), t.timeMs(), t.value());
            } else {
                acc.addMid(t.key(), t.timeMs(), t.value(), t.depth());
            }
            return acc;
        }

        @Override
        public CrossSection getResult(CrossSection acc) {
            return acc;
        }

        @Override
        public CrossSection merge(CrossSection a, CrossSection b) {
            a.merge(b);
            return a;
        }
    }

    /** Each pair's signals on the main output, each instrument's rank on {@link #RANKING}. */
    public static final class ToSignals extends ProcessAllWindowFunction<CrossSection, PairSignal, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final PairSettings settings;

        public ToSignals(PairSettings settings) {
            this.settings = settings;
        }

        @Override
        public void process(Context ctx, Iterable<CrossSection> values, Collector<PairSignal> out) {
            TimeWindow w = ctx.window();
            for (CrossSection c : values) {
                CrossSection.Result r = c.compute(w.getStart(), w.getEnd(), settings);
                for (CrossSection.PairResult p : r.pairs()) {
                    out.collect(new PairSignal(w.getStart(), w.getEnd(), p));
                }
                for (CrossSection.Ranking k : r.ranking()) {
                    ctx.output(RANKING, new MarketRank(w.getStart(), w.getEnd(), k));
                }
            }
        }
    }

    public static final class TickSerializer extends CodecSerializer<Tick> {
        private static final long serialVersionUID = 1L;
        public static final TickSerializer INSTANCE = new TickSerializer();
        public static final TypeInformation<Tick> TYPE_INFO = new CodecTypeInfo<>(Tick.class, () -> INSTANCE);
        private static final BinaryCodec<Tick> CODEC = new BinaryCodec<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public void write(Tick t, DataOutput out) throws IOException {
                out.writeUTF(t.key());
                out.writeLong(t.timeMs());
                out.writeBoolean(t.trade());
                out.writeDouble(t.value());
                out.writeDouble(t.depth());
            }

            @Override
            public Tick read(DataInput in) throws IOException {
                return new Tick(in.readUTF(), in.readLong(), in.readBoolean(), in.readDouble(), in.readDouble());
            }
        };

        @Override
        protected BinaryCodec<Tick> codec() {
            return CODEC;
        }

        @Override
        public TypeSerializerSnapshot<Tick> snapshotConfiguration() {
            return new TickSnapshot();
        }
    }

    public static final class TickSnapshot extends SimpleTypeSerializerSnapshot<Tick> {
        public TickSnapshot() {
            super(() -> TickSerializer.INSTANCE);
        }
    }

    public static final class AccumulatorSerializer extends CodecSerializer<CrossSection> {
        private static final long serialVersionUID = 1L;
        public static final AccumulatorSerializer INSTANCE = new AccumulatorSerializer();
        public static final TypeInformation<CrossSection> TYPE_INFO =
                new CodecTypeInfo<>(CrossSection.class, () -> INSTANCE);
        private static final BinaryCodec<CrossSection> CODEC = new BinaryCodec<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public void write(CrossSection c, DataOutput out) throws IOException {
                c.write(out);
            }

            @Override
            public CrossSection read(DataInput in) throws IOException {
                return CrossSection.read(in);
            }
        };

        @Override
        protected BinaryCodec<CrossSection> codec() {
            return CODEC;
        }

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public TypeSerializerSnapshot<CrossSection> snapshotConfiguration() {
            return new AccumulatorSnapshot();
        }
    }

    public static final class AccumulatorSnapshot extends SimpleTypeSerializerSnapshot<CrossSection> {
        public AccumulatorSnapshot() {
            super(() -> AccumulatorSerializer.INSTANCE);
        }
    }
}
