package io.orderflow.job.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.execution.strategy.ImbalanceTriggers;
import io.orderflow.execution.strategy.Signal;
import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.job.JobSettings;
import io.orderflow.job.TestClusters;
import io.orderflow.job.features.BookSignalsFunction;
import io.orderflow.job.features.SignalTick;
import io.orderflow.job.features.FeatureSample;
import io.orderflow.job.features.FeatureSampleSerializer;
import io.orderflow.job.records.PatternMatch;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.PriceLevels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The strategies' imbalance triggers against the reference they replace: Flink CEP, running the {@code patterns}
 * table's {@code sustained_imbalance} and {@code imbalance_flip} in event time on the job's own feature samples of
 * the same books. Random books on three instruments: imbalance regimes on both sides, values near the thresholds,
 * sample times on and off the slots' edges and skipped slots, so matches land on and around the windows' edges.
 * Every match must be the same: pattern, instrument, last sample's time and imbalance.
 */
class ImbalanceTriggersITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    private static final String VENUE = "okx";

    /** A match as both sides can state it: the pattern, the instrument, and its last sample. */
    record Match(String pattern, String symbol, long endMs, double imbalance) {}

    @Test
    void theTriggersMatchWhatFlinkCepMatchesOnTheSameSamples() throws Exception {
        List<BookTop> books = market(new Random(11), 24_000);
        JobSettings settings = JobSettings.defaults();
        var perInstrument = settings.signals().perInstrument();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<BookTop> tops = env.fromData(BookTopSerializer.TYPE_INFO, books.toArray(BookTop[]::new))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<BookTop>forMonotonousTimestamps()
                        .withTimestampAssigner((b, ts) -> b.exchangeTimeMs()));
        DataStream<SignalTick> noTrades = tops.flatMap((BookTop b, Collector<SignalTick> out) -> { },
                SignalTick.TYPE_INFO);
        DataStream<FeatureSample> samples = tops.keyBy(BookTop::instrumentKey, Types.STRING)
                .connect(noTrades.keyBy(SignalTick::key, Types.STRING))
                .process(new BookSignalsFunction(perInstrument, settings.book().idleEviction()),
                        FeatureSampleSerializer.TYPE_INFO);
        List<Patterns.Definition> imbalancePatterns = Patterns.defaults().stream()
                .filter(d -> d.name().equals(Patterns.SUSTAINED_IMBALANCE) || d.name().equals(Patterns.IMBALANCE_FLIP))
                .toList();
        assertThat(imbalancePatterns).hasSize(2);
        List<Match> cep = new ArrayList<>();
        try (var matches = Patterns.detect(DataStreamUtils.reinterpretAsKeyedStream(samples,
                s -> InstrumentKey.of(s.venue(), s.symbol()), Types.STRING), imbalancePatterns).executeAndCollect()) {
            matches.forEachRemaining((PatternMatch m) -> cep.add(
                    new Match(m.pattern(), m.symbol(), m.endMs(), m.imbalanceEnd())));
        }

        ImbalanceTriggers triggers = new ImbalanceTriggers(ImbalanceTriggers.Settings.defaults(
                perInstrument.samplingMs(), perInstrument.imbalanceLevels()));
        Map<String, ImbalanceTriggers.State> states = new HashMap<>();
        List<Match> ours = new ArrayList<>();
        for (BookTop b : books) {
            for (Signal s : triggers.onBook(b, states.computeIfAbsent(b.symbol(), k -> new ImbalanceTriggers.State()))) {
                ours.add(new Match(s.name(), s.symbol(), s.timeMs(), s.value()));
            }
        }

        Comparator<Match> order = Comparator.comparing(Match::symbol).thenComparingLong(Match::endMs)
                .thenComparing(Match::pattern);
        cep.sort(order);
        ours.sort(order);
        assertThat(cep.stream().filter(m -> m.pattern().equals(Patterns.SUSTAINED_IMBALANCE)).count())
                .as("sustained imbalances in the reference").isGreaterThan(50);
        assertThat(cep.stream().filter(m -> m.pattern().equals(Patterns.IMBALANCE_FLIP)).count())
                .as("flips in the reference").isGreaterThan(50);
        assertThat(ours).isEqualTo(cep);
    }

    /**
     * Books of three instruments interleaved in time order, each instrument's times on a 50 ms grid with random
     * pauses (so whole sampling slots go empty); the top five levels lean to one side, the other or neither, for
     * a random number of books, some close to the thresholds.
     */
    private static List<BookTop> market(Random random, int count) {
        String[] symbols = {"BTC-USDT", "ETH-USDT", "SOL-USDT"};
        long[] next = {1_000, 1_000, 1_000};
        double[] lean = new double[3];
        List<BookTop> books = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = 0;
            for (int j = 1; j < 3; j++) {
                if (next[j] < next[k]) {
                    k = j;
                }
            }
            if (random.nextInt(12) == 0) {
                double[] regimes = {0, 0.3, 0.52, 0.62, 0.8, 0.95};
                lean[k] = regimes[random.nextInt(regimes.length)] * (random.nextBoolean() ? 1 : -1);
            }
            double imbalance = Math.max(-0.99, Math.min(0.99, lean[k] + (random.nextDouble() - 0.5) * 0.1));
            long bid = Math.round(1_000 * (1 + imbalance));
            long ask = Math.round(1_000 * (1 - imbalance));
            books.add(book(symbols[k], next[k], i, bid, ask));
            next[k] += random.nextInt(10) == 0 ? 50L * (1 + random.nextInt(12)) : 50;
        }
        return books;
    }

    /** Five levels a side, each side's levels all of the given size (in thousandths). */
    private static BookTop book(String symbol, long timeMs, long sequence, long bidMillis, long askMillis) {
        long[] bidPrices = new long[5];
        long[] askPrices = new long[5];
        long[] bidSizes = new long[5];
        long[] askSizes = new long[5];
        for (int i = 0; i < 5; i++) {
            bidPrices[i] = (59_990 - 10L * i) * Decimals.UNIT;
            askPrices[i] = (60_010 + 10L * i) * Decimals.UNIT;
            bidSizes[i] = bidMillis * Decimals.UNIT / 1_000;
            askSizes[i] = askMillis * Decimals.UNIT / 1_000;
        }
        return new BookTop(VENUE, symbol, timeMs, timeMs * 1_000_000, sequence, PriceLevels.wrap(bidPrices, bidSizes),
                PriceLevels.wrap(askPrices, askSizes), true);
    }
}
