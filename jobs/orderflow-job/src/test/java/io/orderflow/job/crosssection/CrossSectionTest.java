package io.orderflow.job.crosssection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.venue.TimeQuality;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The cross-section on the simulated market with planted truth (ETH follows BTC with beta 0.8 after 500 ms), fed
 * the way the job feeds it: one mid per step and instrument, plus a third, unrelated instrument.
 */
class CrossSectionTest {
    private static final long START = 1_700_000_000_000L;

    @Test
    void findsThePlantedLeaderLagAndBetaAndRanksEveryInstrument() throws Exception {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth("BTC", "ETH", 0.8, 5), START, 100,
                0, 0.0003, 11);
        SimulatedMarket other = new SimulatedMarket(List.of(new SimulatedMarket.Instrument("SOL", "150", "0.01",
                "0.01")), START, 100, 0, 0.0003, 12);
        long windowEnd = START + 600_000; // ten minutes of market
        CrossSection first = new CrossSection();
        CrossSection second = new CrossSection();
        TreeMap<Long, Double> btcLastPerSecond = new TreeMap<>();
        while (market.clockMs() + 100 < windowEnd) {
            market.step();
            other.step();
            long t = market.clockMs();
            CrossSection target = t < START + 300_000 ? first : second; // two partial aggregates, merged below
            double btc = mid(market.book("BTC"));
            target.addMid("v:BTC", t, btc, 1_000);
            target.addMid("v:ETH", t, mid(market.book("ETH")), 2_000);
            target.addMid("w:SOL", t, mid(other.book("SOL")), 500);
            target.addTrade("v:BTC", t, 10);
            btcLastPerSecond.put(Math.floorDiv(t, 1000), btc);
        }
        first.merge(second);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.write(new DataOutputStream(bytes)); // and through the state codec
        CrossSection restored = CrossSection.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        CrossSection.Result r = restored.compute(START, windowEnd, PairSettings.defaults());
        assertThat(r.pairs()).hasSize(3);
        CrossSection.PairResult btcEth = r.pairs().stream()
                .filter(p -> p.x().equals("v:BTC") && p.y().equals("v:ETH")).findFirst().orElseThrow();
        assertThat(btcEth.leader()).isEqualTo("v:BTC");
        assertThat(btcEth.bestLagMs()).isBetween(400L, 600L);
        assertThat(btcEth.lagsMs()).hasSize(41).startsWith(-2_000L).endsWith(2_000L);
        assertThat(Math.abs(btcEth.beta() - 0.8)).as("beta %s s.e. %s", btcEth.beta(), btcEth.betaStandardError())
                .isLessThan(2 * btcEth.betaStandardError());
        for (CrossSection.PairResult p : r.pairs()) {
            if (p.x().equals("w:SOL") || p.y().equals("w:SOL")) {
                assertThat(p.leader()).as("an unrelated market leads nothing: " + p).isNull();
            }
        }

        assertThat(r.ranking()).extracting(CrossSection.Ranking::key).containsExactlyInAnyOrder("v:BTC", "v:ETH",
                "w:SOL");
        assertThat(r.ranking()).extracting(CrossSection.Ranking::overallRank).containsExactly(1, 2, 3);
        CrossSection.Ranking btc = r.ranking().stream().filter(k -> k.key().equals("v:BTC")).findFirst().orElseThrow();
        assertThat(btc.leadScore()).isEqualTo(1);
        assertThat(btc.leadRank()).isEqualTo(1);
        assertThat(btc.volumeRank()).isEqualTo(1);
        assertThat(btc.tradedNotional()).isCloseTo(10.0 * btcLastPerSecond.size() * 10, within(20.0));
        // realized volatility on the 1 s previous-tick grid, recomputed from the last mid of each second, per
        // second of the returns counted (the market's first step is after the window's start)
        double rv = 0;
        int returns = 0;
        Double previous = null;
        for (double m : btcLastPerSecond.values()) {
            if (previous != null) {
                rv += Math.pow(Math.log(m / previous), 2);
                returns++;
            }
            previous = m;
        }
        assertThat(btc.volatility()).isCloseTo(Math.sqrt(rv / returns * 365 * 86400), within(1e-9 * btc.volatility()));
    }

    @Test
    void noReturnSpansAGapInTheLeadLagOrTheBeta() {
        // a minute of the planted market with a 5 s gap, after which both books come back having moved apart (BTC
        // 3% up, ETH 3% down): counted as returns, that one move would decide beta; marked as a gap, it is no
        // return, and the planted beta is found again
        double[] betas = new double[2];
        double[] errors = new double[2];
        for (int marked = 0; marked < 2; marked++) {
            SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth("BTC", "ETH", 0.8, 5), START,
                    100, 0, 0.0003, 11);
            CrossSection c = new CrossSection();
            long gapStart = START + 30_000;
            long gapEnd = gapStart + 5_000;
            boolean first = true;
            while (market.clockMs() + 100 < START + 60_000) {
                market.step();
                long t = market.clockMs();
                if (t >= gapStart && t < gapEnd) {
                    continue;
                }
                boolean after = t >= gapEnd;
                boolean afterGap = after && first && marked == 1;
                first &= !after;
                c.addMid("v:BTC", t, mid(market.book("BTC")) * (after ? 1.03 : 1), 1, afterGap);
                c.addMid("v:ETH", t, mid(market.book("ETH")) * (after ? 0.97 : 1), 1, afterGap);
            }
            CrossSection.PairResult p = c.compute(START, START + 60_000, PairSettings.defaults()).pairs().get(0);
            assertThat(p.x()).isEqualTo("v:BTC");
            if (marked == 1) {
                assertThat(p.leader()).isEqualTo("v:BTC");
                assertThat(p.bestLagMs()).isBetween(400L, 600L);
            }
            betas[marked] = p.beta();
            errors[marked] = p.betaStandardError();
        }
        assertThat(betas[0]).as("the jump counted as a return drags beta below zero").isNegative();
        assertThat(Math.abs(betas[1] - 0.8)).as("beta %s s.e. %s", betas[1], errors[1]).isLessThan(2 * errors[1]);
    }

    @Test
    void aVenueWhoseBooksCarryNoTimeNamesNoLeaderAndHasNoBeta() {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth("BTC", "ETH", 0.8, 5), START, 100,
                0, 0.0003, 11);
        CrossSection c = new CrossSection();
        while (market.clockMs() + 100 < START + 60_000) {
            market.step();
            c.addMid("v:BTC", market.clockMs(), mid(market.book("BTC")), 1);
            c.addMid("v:ETH", market.clockMs(), mid(market.book("ETH")), 1);
        }
        PairSettings exchangeTimes = PairSettings.defaults();
        PairSettings inferredTimes = new PairSettings(exchangeTimes.minLagMs(), exchangeTimes.maxLagMs(),
                exchangeTimes.stepMs(), List.of(), 0, java.util.Set.of("v"));
        CrossSection.Result timed = c.compute(START, START + 60_000, exchangeTimes);
        CrossSection.Result inferred = c.compute(START, START + 60_000, inferredTimes);
        assertThat(timed.pairs().get(0).timeQuality()).isEqualTo(TimeQuality.EXCHANGE);
        assertThat(timed.pairs().get(0).leader()).isEqualTo("v:BTC");
        assertThat(timed.pairs().get(0).beta()).isBetween(0.6, 1.0);
        CrossSection.PairResult p = inferred.pairs().get(0);
        assertThat(p.timeQuality()).isEqualTo(TimeQuality.INFERRED);
        assertThat(p.leader()).isNull();
        assertThat(p.beta()).isNaN();
        assertThat(p.correlations()).as("the lead-lag curve is still data").hasSize(41);
        assertThat(inferred.ranking()).allMatch(r -> r.leadScore() == 0);
        // and the default knows which venues orderflow speaks date their books by inference
        assertThat(PairSettings.defaults().inferredTimeVenues()).containsExactlyInAnyOrder("gemini", "gemini-v1");
    }

    @Test
    void aVenuesBtcIsXOfEveryAutomaticPairItIsIn() {
        // Kraken Futures' BTC sorts after its ETH: by key alone the pair would read "BTC on ETH"
        List<String[]> pairs = PairSettings.defaults().pairsAmong(List.of("kraken-futures:PI_ETHUSD",
                "kraken-futures:PI_XBTUSD", "kraken-futures:PI_XRPUSD", "okx:BTC-USDT", "okx:ETH-USDT"));
        assertThat(pairs).extracting(p -> p[0] + "~" + p[1]).containsExactly(
                "kraken-futures:PI_XBTUSD~kraken-futures:PI_ETHUSD", "kraken-futures:PI_ETHUSD~kraken-futures:PI_XRPUSD",
                "okx:BTC-USDT~kraken-futures:PI_ETHUSD", "kraken-futures:PI_ETHUSD~okx:ETH-USDT",
                "kraken-futures:PI_XBTUSD~kraken-futures:PI_XRPUSD", "kraken-futures:PI_XBTUSD~okx:BTC-USDT",
                "kraken-futures:PI_XBTUSD~okx:ETH-USDT", "okx:BTC-USDT~kraken-futures:PI_XRPUSD",
                "kraken-futures:PI_XRPUSD~okx:ETH-USDT", "okx:BTC-USDT~okx:ETH-USDT");
    }

    @Test
    void configuredPairsAreValidatedAndOnlyThoseAreCompared() {
        assertThatThrownBy(() -> PairSettings.defaults().withPairs(List.of("binance-spot:BTCUSDT")))
                .hasMessageContaining("venue:SYMBOL~venue:SYMBOL");
        assertThatThrownBy(() -> PairSettings.defaults().withStep(0)).hasMessageContaining("step > 0");
        CrossSection c = new CrossSection();
        for (int i = 0; i < 50; i++) {
            c.addMid("a:X", START + i * 100, 100 + Math.sin(i), 1);
            c.addMid("b:X", START + i * 100 + 7, 100 + Math.sin(i), 1);
            c.addMid("c:X", START + i * 100 + 3, 100 + Math.cos(i), 1);
        }
        CrossSection.Result r = c.compute(START, START + 5_000, PairSettings.defaults().withPairs(List.of("b:X~a:X")));
        assertThat(r.pairs()).extracting(p -> p.x() + "~" + p.y()).containsExactly("b:X~a:X");
    }

    @Test
    void aPairBelongsToOneShardAndAConfiguredInstrumentGoesOnlyToItsPairsShards() {
        PairSettings chosen = PairSettings.defaults().withPairs(List.of("a:X~b:X", "a:X~c:X", "d:X~e:X"));
        for (int shards = 1; shards <= 8; shards++) {
            java.util.Map<String, java.util.BitSet> needs = chosen.shardsByInstrument(shards);
            assertThat(needs.keySet()).containsExactlyInAnyOrder("a:X", "b:X", "c:X", "d:X", "e:X");
            java.util.BitSet a = new java.util.BitSet();
            a.set(PairSettings.shardOf("a:X", "b:X", shards));
            a.set(PairSettings.shardOf("a:X", "c:X", shards));
            assertThat(needs.get("a:X")).isEqualTo(a);
            assertThat(needs.get("d:X").cardinality()).isEqualTo(1);
            assertThat(PairSettings.shardOf("d:X", "e:X", shards)).isBetween(0, shards - 1);
        }
        assertThat(PairSettings.defaults().shardsByInstrument(4)).as("every pair: every shard, every instrument")
                .isEmpty();
    }

    private static double mid(OrderBook b) {
        return (Decimals.toDouble(b.price(Side.BUY, 0)) + Decimals.toDouble(b.price(Side.SELL, 0))) / 2;
    }
}
