package io.orderflow.job.windows;

import io.orderflow.model.DataQualityEvent;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink side of {@link CrossSection}, in three steps so that no step holds every pair of every instrument:
 *
 * <ol>
 *   <li>each instrument's window, keyed by instrument and parallel: its mids, depth and trades, and its own
 *       ranking figures (the ranking's first phase);
 *   <li>the pairs, keyed by shard and parallel: each instrument's window is sent to the shards whose pairs it is in
 *       ({@link PairSettings#shardOf}), each shard computes its pairs and their lead scores;
 *   <li>the ranking's second phase, one task: adds up a row per instrument and the shards' lead scores, and sorts
 *       (O(n log n) in the instruments, no pair work).
 * </ol>
 *
 * <p>Each step's output is stamped with its window's last millisecond, so the next step's window of the same size
 * takes it on the same watermark: the three steps cost no extra window of delay.
 */
public final class CrossSectionFunctions {
    private CrossSectionFunctions() {}

    static final TypeInformation<CrossSection.Ranking> RANKING_PART_TYPE =
            ImmutableRecordTypeInfo.forRecord(CrossSection.Ranking.class);
    static final OutputTag<CrossSection.Ranking> RANKING_PARTS =
            new OutputTag<>("market-ranking-parts", RANKING_PART_TYPE);

    /** The cross-section's outputs: a row per pair and window, a row per instrument and window. */
    public record Outputs(DataStream<PairSignal> pairs, DataStream<MarketRank> ranking,
            DataStream<DataQualityEvent> late) {}

    private static final OutputTag<Tick> LATE = new OutputTag<>("cross-section-late", TickSerializer.TYPE_INFO);

    /**
     * Wires the three steps on the ticks of every instrument. The pair step runs at the environment's parallelism,
     * one shard per subtask ({@link ShardKeys}).
     */
    public static Outputs wire(DataStream<Tick> ticks, Duration window, PairSettings settings) {
        StreamExecutionEnvironment env = ticks.getExecutionEnvironment();
        int shards = Math.max(1, env.getParallelism());
        int maxParallelism = env.getMaxParallelism() > 0 ? env.getMaxParallelism()
                : KeyGroupRangeAssignment.computeDefaultMaxParallelism(shards);
        SingleOutputStreamOperator<ShardPart> parts = ticks
                .keyBy(Tick::key, Types.STRING)
                .window(TumblingEventTimeWindows.of(window))
                .sideOutputLateData(LATE)
                .aggregate(new Aggregate(), new ToShards(settings, ShardKeys.of(shards, maxParallelism)),
                        AccumulatorSerializer.TYPE_INFO, AccumulatorSerializer.TYPE_INFO, ShardPartSerializer.TYPE_INFO)
                .uid("cross-section-instruments")
                .name("cross-section: each instrument's window");
        SingleOutputStreamOperator<PairSignal> pairs = parts
                .keyBy(ShardPart::shard, Types.STRING)
                .window(TumblingEventTimeWindows.of(window))
                .aggregate(new MergeParts(), new ToPairSignals(settings), AccumulatorSerializer.TYPE_INFO,
                        AccumulatorSerializer.TYPE_INFO, ImmutableRecordTypeInfo.forRecord(PairSignal.class))
                .setParallelism(shards)
                .setMaxParallelism(maxParallelism)
                .uid("cross-section-pairs")
                .name("lead-lag, beta: the pairs of one shard");
        DataStream<MarketRank> ranking = parts.getSideOutput(RANKING_PARTS)
                .union(pairs.getSideOutput(RANKING_PARTS))
                .windowAll(TumblingEventTimeWindows.of(window))
                .process(new ToRanking(), ImmutableRecordTypeInfo.forRecord(MarketRank.class))
                .uid("cross-section-ranking")
                .name("market ranking");
        // a tick after its instrument's window was handed on is in no pair or ranking row of that window
        DataStream<DataQualityEvent> late = parts.getSideOutput(LATE)
                .keyBy(Tick::key, Types.STRING)
                .process(new LateWindowReports<Tick>("cross-section (pairs, ranking)", window.toMillis(),
                        Tick::timeMs), ImmutableRecordTypeInfo.forRecord(DataQualityEvent.class))
                .uid("cross-section-late")
                .name("cross-section: late ticks");
        return new Outputs(pairs, ranking, late);
    }

    /** One instrument's window bound for one shard of the pair step. */
    public record ShardPart(String shard, CrossSection part) {}

    /**
     * One key per shard, each landing on its own subtask of the pair step (Flink spreads keys by hash, so 0..n-1
     * would share subtasks). A key names its shard and the shard count ("1/2#5"), so a window restored into a job
     * of another parallelism still computes the pairs it was collected for.
     */
    static final class ShardKeys {
        private ShardKeys() {}

        static String[] of(int shards, int maxParallelism) {
            if (shards > maxParallelism) {
                throw new IllegalArgumentException("the cross-section's " + shards + " shards need a max parallelism "
                        + "of at least " + shards + ", not " + maxParallelism);
            }
            String[] keys = new String[shards];
            for (int s = 0; s < shards; s++) {
                for (int salt = 0; keys[s] == null; salt++) {
                    String key = s + "/" + shards + "#" + salt;
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, shards) == s) {
                        keys[s] = key;
                    }
                }
            }
            return keys;
        }

        static int shard(String key) {
            return Integer.parseInt(key.substring(0, key.indexOf('/')));
        }

        static int shards(String key) {
            return Integer.parseInt(key.substring(key.indexOf('/') + 1, key.indexOf('#')));
        }
    }

    /** Step 1's output: the instrument's window to each shard that needs it, its ranking figures aside. */
    static final class ToShards extends ProcessWindowFunction<CrossSection, ShardPart, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final PairSettings settings;
        private final String[] shardKeys;
        private transient Map<String, BitSet> shardsByInstrument;

        ToShards(PairSettings settings, String[] shardKeys) {
            this.settings = settings;
            this.shardKeys = shardKeys;
        }

        @Override
        public void process(String key, Context ctx, Iterable<CrossSection> values, Collector<ShardPart> out) {
            if (shardsByInstrument == null) {
                shardsByInstrument = settings.shardsByInstrument(shardKeys.length);
            }
            TimeWindow w = ctx.window();
            for (CrossSection part : values) {
                part.instrumentStats(w.getStart(), w.getEnd()).forEach(r -> ctx.output(RANKING_PARTS, r));
                if (settings.pairs().isEmpty()) {
                    for (String shard : shardKeys) {
                        out.collect(new ShardPart(shard, part));
                    }
                } else {
                    BitSet needed = shardsByInstrument.getOrDefault(key, new BitSet());
                    needed.stream().forEach(s -> out.collect(new ShardPart(shardKeys[s], part)));
                }
            }
        }
    }

    /** Step 2's accumulator: the shard's instruments, one window each. */
    static final class MergeParts implements AggregateFunction<ShardPart, CrossSection, CrossSection> {
        private static final long serialVersionUID = 1L;

        @Override
        public CrossSection createAccumulator() {
            return new CrossSection();
        }

        @Override
        public CrossSection add(ShardPart p, CrossSection acc) {
            acc.merge(p.part());
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

    /** Step 2's output: the shard's pairs, and the lead scores they give aside. */
    static final class ToPairSignals extends ProcessWindowFunction<CrossSection, PairSignal, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final PairSettings settings;

        ToPairSignals(PairSettings settings) {
            this.settings = settings;
        }

        @Override
        public void process(String shard, Context ctx, Iterable<CrossSection> values, Collector<PairSignal> out) {
            TimeWindow w = ctx.window();
            for (CrossSection c : values) {
                CrossSection.PairsResult r = c.pairs(w.getStart(), w.getEnd(), settings, ShardKeys.shard(shard),
                        ShardKeys.shards(shard));
                for (CrossSection.PairResult p : r.pairs()) {
                    out.collect(new PairSignal(w.getStart(), w.getEnd(), p));
                }
                r.leadScores().forEach((k, score) -> ctx.output(RANKING_PARTS, CrossSection.leadScorePart(k, score)));
            }
        }
    }

    /** Step 3: a row per instrument, ranked. */
    static final class ToRanking extends ProcessAllWindowFunction<CrossSection.Ranking, MarketRank, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(Context ctx, Iterable<CrossSection.Ranking> parts, Collector<MarketRank> out) {
            List<CrossSection.Ranking> all = new ArrayList<>();
            parts.forEach(all::add);
            TimeWindow w = ctx.window();
            for (CrossSection.Ranking r : CrossSection.rank(all)) {
                out.collect(new MarketRank(w.getStart(), w.getEnd(), r));
            }
        }
    }

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
                acc.addMid(t.key(), t.timeMs(), t.value(), t.depth(), t.afterGap());
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

    public static final class TickSerializer extends CodecSerializer<Tick> {
        private static final long serialVersionUID = 1L;
        public static final TickSerializer INSTANCE = new TickSerializer();
        public static final TypeInformation<Tick> TYPE_INFO = new CodecTypeInfo<>(Tick.class, () -> INSTANCE);
        private static final BinaryCodec<Tick> CODEC = new BinaryCodec<>() {
            // version 2: the byte after the time holds flags (bit 0 a trade, bit 1 after a gap) where version 1
            // wrote the trade as a boolean, so version 1's bytes read the same
            private static final int TRADE = 1;
            private static final int AFTER_GAP = 2;

            @Override
            public int version() {
                return 2;
            }

            @Override
            public void write(Tick t, DataOutput out) throws IOException {
                out.writeUTF(t.key());
                out.writeLong(t.timeMs());
                out.writeByte((t.trade() ? TRADE : 0) | (t.afterGap() ? AFTER_GAP : 0));
                out.writeDouble(t.value());
                out.writeDouble(t.depth());
            }

            @Override
            public Tick read(DataInput in) throws IOException {
                String key = in.readUTF();
                long time = in.readLong();
                int flags = in.readUnsignedByte();
                return new Tick(key, time, (flags & TRADE) != 0, in.readDouble(), in.readDouble(),
                        (flags & AFTER_GAP) != 0);
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

    public static final class ShardPartSerializer extends CodecSerializer<ShardPart> {
        private static final long serialVersionUID = 1L;
        public static final ShardPartSerializer INSTANCE = new ShardPartSerializer();
        public static final TypeInformation<ShardPart> TYPE_INFO =
                new CodecTypeInfo<>(ShardPart.class, () -> INSTANCE);
        private static final BinaryCodec<ShardPart> CODEC = new BinaryCodec<>() {
            @Override
            public int version() {
                return 1;
            }

            @Override
            public void write(ShardPart p, DataOutput out) throws IOException {
                out.writeUTF(p.shard());
                p.part().write(out);
            }

            @Override
            public ShardPart read(DataInput in) throws IOException {
                return new ShardPart(in.readUTF(), CrossSection.read(in));
            }
        };

        @Override
        protected BinaryCodec<ShardPart> codec() {
            return CODEC;
        }

        @Override
        public boolean isImmutableType() {
            return false; // the part is merged into the shard's accumulator, never changed; but it is mutable
        }

        @Override
        public TypeSerializerSnapshot<ShardPart> snapshotConfiguration() {
            return new ShardPartSnapshot();
        }
    }

    public static final class ShardPartSnapshot extends SimpleTypeSerializerSnapshot<ShardPart> {
        public ShardPartSnapshot() {
            super(() -> ShardPartSerializer.INSTANCE);
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
