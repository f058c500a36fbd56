package io.orderflow.job.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.estimators.RealizedVolatility;
import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.job.TestClusters;
import io.orderflow.job.crosssection.PairSettings;
import io.orderflow.job.crosssection.Tick;
import io.orderflow.job.records.VolatilityWindow;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records that come after their window was written are data, not lost: the window's row stands without them, and
 * a LATE_EVENT row names the operator, the instrument and the window (once per window). Every other window equals a
 * recomputation on all the data.
 */
class LateWindowsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    private static final Duration WINDOW = Duration.ofSeconds(10);

    /** A watermark right behind every record, so a record older than its window's end is late at once. */
    private static <T> WatermarkStrategy<T> everyRecord(LateWindowReports.TimeOf<T> time) {
        return WatermarkStrategy.<T>forGenerator(c -> new WatermarkGenerator<>() {
            private long max = Long.MIN_VALUE;

            @Override
            public void onEvent(T event, long timestamp, WatermarkOutput out) {
                max = Math.max(max, timestamp);
                out.emitWatermark(new Watermark(max - 1));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput out) {}
        }).withTimestampAssigner((e, ts) -> time.timeMs(e));
    }

    private static BookTop quote(long t, double mid) {
        long bid = Decimals.fromBigDecimal(java.math.BigDecimal.valueOf(mid - 0.01).setScale(2,
                java.math.RoundingMode.HALF_EVEN));
        long ask = bid + Decimals.parse("0.02");
        return new BookTop("v", "A", t, 0, t, PriceLevels.wrap(new long[] {bid}, new long[] {Decimals.UNIT}),
                PriceLevels.wrap(new long[] {ask}, new long[] {Decimals.UNIT}), true);
    }

    @Test
    void aLateQuoteLeavesItsWindowAsItWasAndARowSaysSo() throws Exception {
        List<BookTop> quotes = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        double mid = 100;
        for (long t = 0; t <= 25_000; t += 500) {
            mid *= Math.exp(0.001 * r.nextGaussian());
            quotes.add(quote(t, mid));
        }
        quotes.add(quote(3_200, 140)); // window [0, 10 s) was written at 10 s: late, far off the path
        quotes.add(quote(7_700, 60)); // late in the same window: the same news, no second row
        for (long t = 25_500; t < 30_000; t += 500) {
            mid *= Math.exp(0.001 * r.nextGaussian());
            quotes.add(quote(t, mid));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<BookTop> input = env.fromData(quotes, BookTopSerializer.TYPE_INFO)
                .assignTimestampsAndWatermarks(everyRecord(BookTop::exchangeTimeMs));
        VolatilityFunctions.Outputs out = VolatilityFunctions.wire(input.keyBy(BookTop::instrumentKey, Types.STRING),
                WINDOW);
        List<VolatilityWindow> windows = new ArrayList<>();
        List<DataQualityEvent> late = new ArrayList<>();
        try (CloseableIterator<VolatilityWindow> it = out.windows().executeAndCollect()) {
            it.forEachRemaining(windows::add);
        }
        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        input = env.fromData(quotes, BookTopSerializer.TYPE_INFO)
                .assignTimestampsAndWatermarks(everyRecord(BookTop::exchangeTimeMs));
        try (CloseableIterator<DataQualityEvent> it = VolatilityFunctions.wire(
                input.keyBy(BookTop::instrumentKey, Types.STRING), WINDOW).late().executeAndCollect()) {
            it.forEachRemaining(late::add);
        }

        // every window against a recomputation on all the data, late quotes included
        Map<Long, RealizedVolatility> all = new TreeMap<>();
        for (BookTop q : quotes) {
            all.computeIfAbsent(Math.floorDiv(q.exchangeTimeMs(), 10_000) * 10_000, k -> new RealizedVolatility())
                    .add(q.exchangeTimeMs(), q.mid());
        }
        assertThat(windows).hasSize(3);
        List<Long> differing = new ArrayList<>();
        for (VolatilityWindow w : windows) {
            if (!w.result().equals(all.get(w.startMs()).result(10))) {
                differing.add(w.startMs());
            }
        }
        assertThat(differing).as("windows that differ from a recomputation on all the data").containsExactly(0L);
        assertThat(late).as("one row for the window the late quotes missed").hasSize(1);
        DataQualityEvent row = late.get(0);
        assertThat(row.kind()).isEqualTo(DataQualityEvent.Kind.LATE_EVENT);
        assertThat(row.venue() + ":" + row.symbol()).isEqualTo("v:A");
        assertThat(row.detail()).startsWith("realized volatility window 0..10000 ms").contains("at 3200 ms");
    }

    @Test
    void aLateTickIsSaidToMissItsCrossSectionWindow() throws Exception {
        List<Tick> ticks = new ArrayList<>();
        for (long t = 0; t <= 25_000; t += 100) {
            ticks.add(Tick.mid("v:A", t, 100 + Math.sin(t / 700.0), 1, false));
            ticks.add(Tick.mid("v:B", t, 50 + Math.sin((t - 300) / 700.0), 1, false));
        }
        ticks.add(Tick.trade("v:A", 12_345, 1_000_000)); // window [10 s, 20 s) is gone: its volume misses this
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Tick> input = env.fromData(ticks, CrossSectionFunctions.TickSerializer.TYPE_INFO)
                .assignTimestampsAndWatermarks(everyRecord(Tick::timeMs));
        List<DataQualityEvent> late = new ArrayList<>();
        try (CloseableIterator<DataQualityEvent> it =
                CrossSectionFunctions.wire(input, WINDOW, PairSettings.defaults()).late().executeAndCollect()) {
            it.forEachRemaining(late::add);
        }
        assertThat(late).hasSize(1);
        assertThat(late.get(0).symbol()).isEqualTo("A");
        assertThat(late.get(0).detail()).startsWith("cross-section (pairs, ranking) window 10000..20000 ms");
    }

    @Test
    void aLateMidLeavesItsPairWindowAsItWasAndEveryOtherWindowEqualsARecomputationOnAllTheData() throws Exception {
        List<Tick> ticks = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(21);
        double a = 100, b = 50;
        for (long t = 0; t <= 35_000; t += 100) {
            double shock = 0.0005 * r.nextGaussian();
            a *= Math.exp(shock);
            b *= Math.exp(0.8 * shock + 0.0003 * r.nextGaussian());
            ticks.add(Tick.mid("v:A", t, a, 1, false));
            ticks.add(Tick.mid("v:B", t + 37, b, 1, false));
            if (t == 24_000) {
                ticks.add(Tick.mid("v:A", 12_345, a * 1.05, 1, false)); // window [10 s, 20 s) was written: late
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Tick> input = env.fromData(ticks, CrossSectionFunctions.TickSerializer.TYPE_INFO)
                .assignTimestampsAndWatermarks(everyRecord(Tick::timeMs));
        List<io.orderflow.job.records.PairSignal> pairs = new ArrayList<>();
        try (CloseableIterator<io.orderflow.job.records.PairSignal> it =
                CrossSectionFunctions.wire(input, WINDOW, PairSettings.defaults()).pairs().executeAndCollect()) {
            it.forEachRemaining(pairs::add);
        }
        // every window recomputed on all its ticks, the late one included
        Map<Long, io.orderflow.job.crosssection.CrossSection> all = new TreeMap<>();
        for (Tick t : ticks) {
            all.computeIfAbsent(Math.floorDiv(t.timeMs(), 10_000) * 10_000,
                    k -> new io.orderflow.job.crosssection.CrossSection()).addMid(t.key(), t.timeMs(), t.value(), t.depth(),
                    t.afterGap());
        }
        assertThat(pairs).extracting(io.orderflow.job.records.PairSignal::startMs)
                .containsExactly(0L, 10_000L, 20_000L, 30_000L); // the last one closed by the end of the input
        List<Long> differing = new ArrayList<>();
        for (io.orderflow.job.records.PairSignal p : pairs) {
            var recomputed = all.get(p.startMs()).compute(p.startMs(), p.endMs(), PairSettings.defaults()).pairs();
            assertThat(recomputed).hasSize(1);
            if (!describe(p.pair()).equals(describe(recomputed.get(0)))) {
                differing.add(p.startMs());
            }
        }
        // only the window a LATE_EVENT row names differs
        assertThat(differing).containsExactly(10_000L);
        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        input = env.fromData(ticks, CrossSectionFunctions.TickSerializer.TYPE_INFO)
                .assignTimestampsAndWatermarks(everyRecord(Tick::timeMs));
        List<DataQualityEvent> late = new ArrayList<>();
        try (CloseableIterator<DataQualityEvent> it =
                CrossSectionFunctions.wire(input, WINDOW, PairSettings.defaults()).late().executeAndCollect()) {
            it.forEachRemaining(late::add);
        }
        assertThat(late).singleElement().satisfies(row -> assertThat(row.detail())
                .startsWith("cross-section (pairs, ranking) window 10000..20000 ms"));
    }

    private static String describe(io.orderflow.job.crosssection.CrossSection.PairResult p) {
        return p.toString().replaceAll("\\[[JD]@[0-9a-f]+", "") + java.util.Arrays.toString(p.lagsMs())
                + java.util.Arrays.toString(p.correlations());
    }
}
