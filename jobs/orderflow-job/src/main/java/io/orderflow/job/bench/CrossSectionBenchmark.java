package io.orderflow.job.bench;

import io.orderflow.job.crosssection.PairSettings;
import io.orderflow.job.crosssection.Tick;
import io.orderflow.job.records.PairSignal;
import io.orderflow.job.windows.CrossSectionFunctions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * The cross-section alone, at scale: a market of many instruments in groups of ten, each group a leader and nine
 * followers planted to follow it by 100 to 500 ms (beta 0.8, own noise), a mid every 100 ms per instrument and a
 * trade a second, run through the job's own three cross-section steps in MiniCluster mode. A run reports how many
 * market seconds it computes per wall-clock second: at 1 or more the cross-section keeps up with the market. The
 * baseline in the same process is the same ticks with no pair to compute (the instruments' windows and the
 * ranking only), so the difference is the pairs' own cost.
 */
public final class CrossSectionBenchmark {
    static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long STEP_MS = 100;
    private static final int GROUP = 10;

    /** Which pairs a run computes. */
    public enum Pairs {
        /** Each follower with its group's leader, and each leader with the next: about one pair per instrument. */
        GROUPS,
        /** Every pair of instruments: n(n-1)/2. */
        ALL,
        /** None (one pair of instruments that do not exist): the baseline. */
        NONE;

        PairSettings settings(int instruments) {
            PairSettings defaults = PairSettings.defaults();
            return switch (this) {
                case ALL -> defaults;
                case NONE -> defaults.withPairs(List.of("none:A~none:B"));
                case GROUPS -> {
                    List<String> pairs = new ArrayList<>();
                    for (int i = 0; i < instruments; i++) {
                        int leader = leaderOf(i);
                        if (i != leader) {
                            pairs.add(key(leader) + "~" + key(i));
                        } else if (i + GROUP < instruments) {
                            pairs.add(key(i) + "~" + key(i + GROUP));
                        }
                    }
                    yield defaults.withPairs(pairs);
                }
            };
        }

        public long count(int instruments) {
            return switch (this) {
                case ALL -> (long) instruments * (instruments - 1) / 2;
                case NONE -> 0;
                case GROUPS -> settings(instruments).pairs().size();
            };
        }
    }

    /**
     * One run. {@code plantedLeadersFound}: the follower pairs whose planted leader was named, of {@code
     * followerPairs} such pair-windows computed.
     */
    public record Result(int instruments, Pairs pairs, int parallelism, int windows, Duration window, long ticks,
            long pairRows, long rankRows, long followerPairs, long plantedLeadersFound, double wallSeconds,
            double cpuSeconds) {
        public double marketSeconds() {
            return windows * window.toSeconds();
        }

        /** Market seconds computed per wall-clock second: 1 or more keeps up with the market. */
        public double speed() {
            return marketSeconds() / wallSeconds;
        }
    }

    private CrossSectionBenchmark() {}

    static String key(int instrument) {
        return "sim:I" + instrument;
    }

    static int leaderOf(int instrument) {
        return instrument - instrument % GROUP;
    }

    /** The planted lead of a follower, in steps of 100 ms (1 to 5). */
    static int lagSteps(int instrument) {
        return 1 + instrument % 5;
    }

    public static Result run(int instruments, Pairs pairs, int parallelism, int windows, Duration window)
            throws Exception {
        if (instruments < 2 || windows < 1 || parallelism < 1 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("a cross-section run needs 2+ instruments, 1+ windows, a "
                    + "parallelism and a window of whole seconds; got " + instruments + ", " + windows + ", "
                    + parallelism + ", " + window);
        }
        long steps = windows * window.toMillis() / STEP_MS;
        Configuration conf = io.orderflow.job.local.LocalCluster.configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        // one ordered generator, so its watermark is exact; each tick costs it far less than the windows do
        DataStream<Tick> ticks = env.fromSequence(0, steps * instruments - 1).setParallelism(1)
                .flatMap(new Market(instruments, steps), CrossSectionFunctions.TickSerializer.TYPE_INFO)
                .setParallelism(1).name("simulated market")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tick>forMonotonousTimestamps()
                        .withTimestampAssigner((t, ts) -> t.timeMs()))
                .setParallelism(1);
        CrossSectionFunctions.Outputs out = CrossSectionFunctions.wire(ticks, window, pairs.settings(instruments));
        DataStream<String> rows = out.pairs().map(CrossSectionBenchmark::summary, Types.STRING)
                .union(out.ranking().map(r -> "R", Types.STRING));
        long pairRows = 0;
        long rankRows = 0;
        long followerPairs = 0;
        long found = 0;
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        try (CloseableIterator<String> it = rows.executeAndCollect("cross-section benchmark")) {
            while (it.hasNext()) {
                String row = it.next();
                if (row.equals("R")) {
                    rankRows++;
                    continue;
                }
                pairRows++;
                if (!row.equals("-")) {
                    followerPairs++;
                    found += row.equals("found") ? 1 : 0;
                }
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        return new Result(instruments, pairs, parallelism, windows, window, instruments * (steps + (steps + 9) / 10),
                pairRows,
                rankRows, followerPairs, found, wall, cpu);
    }

    /** "found" or "missed" for a pair of a follower and its planted leader, "-" for any other pair. */
    private static String summary(PairSignal s) {
        int x = Integer.parseInt(s.pair().x().substring("sim:I".length()));
        int y = Integer.parseInt(s.pair().y().substring("sim:I".length()));
        int follower = Math.max(x, y);
        if (Math.min(x, y) != leaderOf(follower) || x == y || follower == leaderOf(follower)) {
            return "-";
        }
        return key(leaderOf(follower)).equals(s.pair().leader())
                && s.pair().leadMs() == lagSteps(follower) * STEP_MS ? "found" : "missed";
    }

    /** The market, computed once per subtask in open(): index = step * instruments + instrument. */
    static final class Market extends RichFlatMapFunction<Long, Tick> {
        private static final long serialVersionUID = 1L;
        private final int instruments;
        private final long steps;
        private transient double[][] mids;

        Market(int instruments, long steps) {
            this.instruments = instruments;
            this.steps = steps;
        }

        @Override
        public void open(OpenContext context) {
            mids = new double[instruments][(int) steps];
            double[][] returns = new double[instruments][(int) steps];
            SplittableRandom random = new SplittableRandom(17);
            for (int i = 0; i < instruments; i++) {
                int leader = leaderOf(i);
                double log = Math.log(100 + i);
                for (int t = 0; t < steps; t++) {
                    double own = random.nextGaussian() * (i == leader ? 0.0003 : 0.0001);
                    int from = t - lagSteps(i);
                    double r = i == leader ? own : 0.8 * (from >= 0 ? returns[leader][from] : 0) + own;
                    returns[i][t] = r;
                    log += r;
                    mids[i][t] = Math.exp(log);
                }
            }
        }

        @Override
        public void flatMap(Long index, Collector<Tick> out) {
            int step = (int) (index / instruments);
            int i = (int) (index % instruments);
            long time = START_MS + step * STEP_MS;
            String key = key(i);
            out.collect(Tick.mid(key, time, mids[i][step], 10_000 + i, false));
            if (step % 10 == 0) {
                out.collect(Tick.trade(key, time, mids[i][step] * 0.5));
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
