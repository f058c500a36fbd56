package io.orderflow.job.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.job.TestClusters;
import io.orderflow.job.crosssection.CrossSection;
import io.orderflow.job.crosssection.PairSettings;
import io.orderflow.job.crosssection.Tick;
import io.orderflow.job.records.MarketRank;
import io.orderflow.job.records.PairSignal;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cross-section as the job runs it, at parallelism 2 (instrument windows keyed by instrument, pairs keyed by
 * shard, the ranking's second phase alone): on simulated markets with planted truth (on each of four venues ETH
 * follows BTC by 500 ms with beta 0.8; four more instruments are unrelated), it names BTC the leader on every venue,
 * and it gives exactly what one task computing the whole window at once gives, pair for pair and rank for rank.
 */
class CrossSectionITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    private static final long START = 1_700_000_000_000L;
    private static final Duration WINDOW = Duration.ofSeconds(20);
    private static final int WINDOWS = 3;

    @Test
    void everyPairOnceAWindowTheSameAsOneTaskAndThePlantedLeaderFound() throws Exception {
        List<Tick> ticks = simulatedTicks();
        Outcome run = run(ticks, PairSettings.defaults());
        Outcome whole = wholeWindows(ticks, PairSettings.defaults());

        int instruments = 12;
        assertThat(run.pairs()).hasSize(WINDOWS * instruments * (instruments - 1) / 2);
        assertThat(run.pairs()).containsExactlyInAnyOrderElementsOf(whole.pairs());
        assertThat(run.ranking()).hasSize(WINDOWS * instruments).containsExactlyElementsOf(whole.ranking());
        for (int v = 0; v < 4; v++) {
            String btc = "v" + v + ":BTC";
            String eth = "v" + v + ":ETH";
            assertThat(run.pairs()).filteredOn(p -> p.startsWith(btc + "~" + eth + " "))
                    .hasSize(WINDOWS).allSatisfy(p -> assertThat(p).contains(" leader=" + btc + " lag=500 "));
        }
    }

    @Test
    void configuredPairsAreTheOnlyOnesComputedAndGiveTheSameAsOneTask() throws Exception {
        List<Tick> ticks = simulatedTicks();
        PairSettings chosen = PairSettings.defaults().withPairs(List.of("v0:BTC~v0:ETH", "v1:BTC~v1:ETH",
                "v2:ETH~u0:SOL", "v3:BTC~v0:BTC", "u1:SOL~u2:SOL"));
        Outcome run = run(ticks, chosen);
        assertThat(run.pairs()).hasSize(WINDOWS * 5)
                .containsExactlyInAnyOrderElementsOf(wholeWindows(ticks, chosen).pairs());
        assertThat(run.ranking()).hasSize(WINDOWS * 12);
    }

    /** Four venues of BTC and ETH with the planted lead, and four unrelated instruments; a mid per 100 ms step. */
    private static List<Tick> simulatedTicks() {
        List<SimulatedMarket> markets = new ArrayList<>();
        List<String> venues = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            markets.add(new SimulatedMarket(SimulatedMarket.btcLeadsEth("BTC", "ETH", 0.8, 5), START, 100, 0, 0.0003,
                    100 + v));
            venues.add("v" + v);
        }
        for (int u = 0; u < 4; u++) {
            markets.add(new SimulatedMarket(List.of(new SimulatedMarket.Instrument("SOL", "150", "0.01", "0.01")),
                    START, 100, 0, 0.0003, 200 + u));
            venues.add("u" + u);
        }
        List<Tick> ticks = new ArrayList<>();
        long end = START + WINDOW.toMillis() * WINDOWS;
        while (markets.get(0).clockMs() + 100 < end) {
            for (int m = 0; m < markets.size(); m++) {
                SimulatedMarket market = markets.get(m);
                market.step();
                for (String symbol : market.symbols()) {
                    String key = venues.get(m) + ":" + symbol;
                    ticks.add(Tick.mid(key, market.clockMs(), mid(market.book(symbol)), 1_000 + m, false));
                    if (symbol.equals("BTC")) {
                        ticks.add(Tick.trade(key, market.clockMs(), 10 + m));
                    }
                }
            }
        }
        return ticks;
    }

    /** Pairs and ranks rendered with every figure (arrays included), so equal rows are equal results. */
    private record Outcome(List<String> pairs, List<String> ranking) {}

    private static Outcome run(List<Tick> ticks, PairSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Tick> input = env.fromData(ticks, CrossSectionFunctions.TickSerializer.TYPE_INFO)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tick>forMonotonousTimestamps()
                        .withTimestampAssigner((t, ts) -> t.timeMs()));
        CrossSectionFunctions.Outputs out = CrossSectionFunctions.wire(input, WINDOW, settings);
        List<String> pairs = new ArrayList<>();
        List<String> ranking = new ArrayList<>();
        DataStream<String> rendered = out.pairs().map(CrossSectionITCase::render)
                .union(out.ranking().map(CrossSectionITCase::render));
        try (CloseableIterator<String> it = rendered.executeAndCollect()) {
            it.forEachRemaining(s -> (s.startsWith("rank ") ? ranking : pairs).add(s));
        }
        ranking.sort(null); // by window, then overall rank: the order the one-task reference lists them in
        return new Outcome(pairs, ranking);
    }

    /** The reference: each window's ticks in one {@link CrossSection}, computed at once in this thread. */
    private static Outcome wholeWindows(List<Tick> ticks, PairSettings settings) {
        Map<Long, List<Tick>> byWindow = ticks.stream().collect(Collectors.groupingBy(
                t -> Math.floorDiv(t.timeMs(), WINDOW.toMillis()) * WINDOW.toMillis(), TreeMap::new,
                Collectors.toList()));
        List<String> pairs = new ArrayList<>();
        List<String> ranking = new ArrayList<>();
        byWindow.forEach((start, windowTicks) -> {
            CrossSection c = new CrossSection();
            for (Tick t : windowTicks) {
                if (t.trade()) {
                    c.addTrade(t.key(), t.timeMs(), t.value());
                } else {
                    c.addMid(t.key(), t.timeMs(), t.value(), t.depth());
                }
            }
            long end = start + WINDOW.toMillis();
            CrossSection.Result r = c.compute(start, end, settings);
            r.pairs().forEach(p -> pairs.add(render(new PairSignal(start, end, p))));
            r.ranking().forEach(k -> ranking.add(render(new MarketRank(start, end, k))));
        });
        ranking.sort(null);
        return new Outcome(pairs, ranking);
    }

    private static String render(PairSignal s) {
        CrossSection.PairResult p = s.pair();
        return p.x() + "~" + p.y() + " [" + s.startMs() + "," + s.endMs() + ") leader=" + p.leader() + " lag="
                + p.leadMs() + " best=" + p.bestLagMs() + " " + p.bestCorrelation() + " n=" + p.xObservations() + ","
                + p.yObservations() + " lags=" + Arrays.toString(p.lagsMs()) + " corr="
                + Arrays.toString(p.correlations()) + " grid=" + p.gridReturns() + " rho=" + p.correlation()
                + " beta=" + p.beta() + "±" + p.betaStandardError() + " z=" + p.spreadZScore();
    }

    private static String render(MarketRank m) {
        return String.format(java.util.Locale.ROOT, "rank %d %03d %s", m.startMs(), m.ranking().overallRank(),
                m.ranking());
    }

    private static double mid(OrderBook b) {
        return (Decimals.toDouble(b.price(Side.BUY, 0)) + Decimals.toDouble(b.price(Side.SELL, 0))) / 2;
    }
}
