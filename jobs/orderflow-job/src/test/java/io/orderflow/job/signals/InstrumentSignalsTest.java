package io.orderflow.job.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.estimators.Slippage;
import io.orderflow.model.BookDepth;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-instrument signal logic, fed synthetic books whose answers are known by construction. */
class InstrumentSignalsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final SignalSettings SETTINGS = SignalSettings.defaults();

    @Test
    void everyUpdateCarriesTheOfiEventAgainstThePreviousTouch() {
        InstrumentSignals s = new InstrumentSignals();
        SplittableRandom r = new SplittableRandom(5);
        long bid = 100_00;
        long ask = 100_02;
        long qb = 5;
        long qa = 5;
        long prevBid = 0;
        long prevAsk = 0;
        long prevQb = 0;
        long prevQa = 0;
        for (int i = 0; i < 500; i++) {
            bid += r.nextInt(3) - 1;
            ask = Math.max(bid + 1, ask + r.nextInt(3) - 1);
            qb = 1 + r.nextInt(9);
            qa = 1 + r.nextInt(9);
            InstrumentSignals.Features f = s.onBook(top(T0 + i * 10L, bid, qb, ask, qa), SETTINGS).features();
            // the CKS cases written out one by one
            double expected = 0;
            if (i > 0) {
                if (bid > prevBid) {
                    expected += qb;
                } else if (bid == prevBid) {
                    expected += qb - prevQb;
                } else {
                    expected -= prevQb;
                }
                if (ask < prevAsk) {
                    expected -= qa;
                } else if (ask == prevAsk) {
                    expected -= qa - prevQa;
                } else {
                    expected += prevQa;
                }
            }
            assertThat(f.ofi()).as("update " + i).isEqualTo(expected);
            double midExpected = (bid + ask) / 2.0 / 100; // prices below are cents
            assertThat(f.mid()).isCloseTo(midExpected, within(1e-9));
            assertThat(f.weightedMid()).isCloseTo((qb * ask + qa * bid) / 100.0 / (qb + qa), within(1e-9));
            prevBid = bid;
            prevAsk = ask;
            prevQb = qb;
            prevQa = qa;
        }
    }

    @Test
    void forecastsAreScoredAgainstTheNextSecondAndLearnAPlantedRelation() {
        InstrumentSignals s = new InstrumentSignals();
        SplittableRandom r = new SplittableRandom(9);
        long mid = 100_000;
        List<InstrumentSignals.Prediction> predictions = new ArrayList<>();
        double previousMid = Double.NaN;
        List<Double> realized = new ArrayList<>();
        for (int second = 0; second < 400; second++) {
            // the touch leans to the side the next second moves to
            boolean up = r.nextBoolean();
            long qb = up ? 9 : 1;
            long qa = up ? 1 : 9;
            s.onBook(top(T0 + second * 1000L + 500, mid - 1, qb, mid + 1, qa), SETTINGS);
            InstrumentSignals.SecondResult res = s.closeSecond(Math.floorDiv(T0, 1000) + second, SETTINGS);
            if (res.prediction() != null) {
                predictions.add(res.prediction());
            }
            double m = mid / 100.0;
            realized.add(Double.isNaN(previousMid) ? Double.NaN : Math.log(m / previousMid) * 1e4);
            previousMid = m;
            mid += up ? 3 : -3;
        }
        assertThat(predictions).hasSize(399);
        for (int i = 0; i < predictions.size(); i++) {
            InstrumentSignals.Prediction p = predictions.get(i);
            assertThat(p.second()).isEqualTo(Math.floorDiv(T0, 1000) + i + 1);
            assertThat(p.realizedBps()).isCloseTo(realized.get(i + 1), within(1e-9));
        }
        InstrumentSignals.Prediction last = predictions.get(predictions.size() - 1);
        long hits = predictions.stream().filter(p -> Boolean.TRUE.equals(p.hit())).count();
        long scored = predictions.stream().filter(p -> p.hit() != null).count();
        assertThat(last.hits()).isEqualTo(hits);
        assertThat(last.calls()).isEqualTo(scored);
        assertThat((double) hits / scored).as("hit rate on a planted relation").isGreaterThan(0.9);
    }

    @Test
    void aVolatilitySpikeIsLabelledOnceAtItsOnset() {
        InstrumentSignals s = new InstrumentSignals();
        SplittableRandom r = new SplittableRandom(2);
        double logMid = Math.log(100);
        List<Double> returns = new ArrayList<>();
        List<InstrumentSignals.Spike> spikes = new ArrayList<>();
        long firstSecond = Math.floorDiv(T0, 1000);
        for (int second = 0; second < 120; second++) {
            double sigma = second >= 90 && second < 100 ? 0.004 : 0.0004; // ten seconds at 10x
            if (second > 0) {
                double ret = sigma * r.nextGaussian();
                logMid += ret;
            }
            long midCents = Math.round(Math.exp(logMid) * 1e6); // fine ticks so rounding stays small
            s.onBook(top(T0 + second * 1000L, midCents - 1, 5, midCents + 1, 5), SETTINGS);
            InstrumentSignals.SecondResult res = s.closeSecond(firstSecond + second, SETTINGS);
            if (res.spike() != null) {
                spikes.add(res.spike());
            }
        }
        assertThat(spikes).hasSize(1);
        InstrumentSignals.Spike spike = spikes.get(0);
        assertThat(spike.second() - firstSecond).isBetween(90L, 94L);
        assertThat(spike.volatility()).isGreaterThan(SETTINGS.spikeFactor() * spike.rollingMedian());
    }

    @Test
    void aMoveAcrossAGapIsNoReturnSoItFiresNoSpikeAndNoOfiEvent() {
        // calm 1 s returns, then the connection drops for 20 s and the book comes back 3% higher: counted as a
        // return, that move would be a spike at 30 times the calm volatility; after a gap it is no return at all
        SplittableRandom r = new SplittableRandom(4);
        for (boolean marked : new boolean[] {true, false}) {
            InstrumentSignals s = new InstrumentSignals();
            double logMid = Math.log(100);
            long firstSecond = Math.floorDiv(T0, 1000);
            List<InstrumentSignals.Spike> spikes = new ArrayList<>();
            for (int second = 0; second < 140; second++) {
                if (second >= 80 && second < 100) {
                    continue; // unseen
                }
                boolean afterGap = second == 100;
                logMid += afterGap ? Math.log(1.03) : 0.0004 * r.nextGaussian();
                long midCents = Math.round(Math.exp(logMid) * 1e6);
                BookTop plain = top(T0 + second * 1000L, midCents - 1, 5, midCents + 1, 5);
                BookTop t = new BookTop(plain.venue(), plain.symbol(), plain.exchangeTimeMs(), 0, plain.sequence(),
                        plain.bids(), plain.asks(), true, afterGap && marked, null);
                InstrumentSignals.UpdateResult u = s.onBook(t, SETTINGS);
                if (afterGap && marked) {
                    assertThat(u.features().ofi()).as("no OFI event across the gap").isZero();
                }
                InstrumentSignals.SecondResult res = s.closeSecond(firstSecond + second, SETTINGS);
                if (res.spike() != null) {
                    spikes.add(res.spike());
                }
                if (afterGap) {
                    assertThat(s.recentVolatilityBps()).as(marked ? "the jump is not a return" : "the jump counted")
                            .matches(v -> marked ? v < 10 : v > 100);
                }
            }
            assertThat(spikes).as(marked ? "a gap marked: no spike" : "unmarked, the jump is a spike")
                    .hasSize(marked ? 0 : 1);
        }
    }

    @Test
    void baselinesAverageOverTimeSoAVenueSendingManyMessagesAStepHasTheSameOnes() {
        // the same spread path (1 tick for a minute, then 5 ticks for a second: a blowout), sent once per 100 ms
        // step, and sent as sixty messages a step whose intermediate spreads wander: Kraken Futures sends a
        // message per level. Time-weighted baselines are the same for both, and the blowout stays a blowout.
        InstrumentSignals once = new InstrumentSignals();
        InstrumentSignals sixty = new InstrumentSignals();
        SplittableRandom r = new SplittableRandom(6);
        double lastOnce = Double.NaN;
        double lastSixty = Double.NaN;
        for (int step = 0; step < 610; step++) {
            long t = T0 + step * 100L;
            long spreadCents = step >= 600 ? 5 : 1;
            for (int m = 0; m < 59; m++) {
                long wander = 1 + r.nextInt(9);
                sixty.onBook(top(t, 100_00, 5, 100_00 + wander, 5), SETTINGS);
            }
            lastSixty = sixty.onBook(top(t, 100_00, 5, 100_00 + spreadCents, 5), SETTINGS).features()
                    .spreadBaseline();
            InstrumentSignals.Features f = once.onBook(top(t, 100_00, 5, 100_00 + spreadCents, 5), SETTINGS)
                    .features();
            lastOnce = f.spreadBaseline();
            assertThat(lastSixty).as("step " + step).isCloseTo(lastOnce, within(1e-9 * lastOnce));
        }
        // a second into the blowout the baseline has moved by 1 - e^(-1/30) of the jump: still 3x below it
        double spreadBps = 5 / 100.025 * 1e2; // 5 cents on a 100.025 mid, in bps
        double calmBps = 1 / 100.005 * 1e2;
        assertThat(lastOnce).isCloseTo(calmBps + (spreadBps - calmBps) * (1 - Math.exp(-0.9 / 30)),
                within(0.02 * calmBps));
        assertThat(spreadBps).as("beyond the blowout pattern's 3x").isGreaterThan(3 * lastOnce);
    }

    @Test
    void aRestoredStateCarriesOnExactlyAndLateEventsCountInTheNextOpenSecond() throws Exception {
        InstrumentSignals a = new InstrumentSignals();
        SplittableRandom r = new SplittableRandom(4);
        long second = Math.floorDiv(T0, 1000);
        for (int i = 0; i < 30; i++) {
            feedSecond(a, r, second + i);
            a.closeSecond(second + i, SETTINGS);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.write(new DataOutputStream(bytes));
        InstrumentSignals b = InstrumentSignals.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = 30; i < 40; i++) {
            long seed = r.nextLong();
            feedSecond(a, new SplittableRandom(seed), second + i);
            feedSecond(b, new SplittableRandom(seed), second + i);
            assertThat(b.closeSecond(second + i, SETTINGS).toString().replaceAll("\\[D@[0-9a-f]+", ""))
                    .isEqualTo(a.closeSecond(second + i, SETTINGS).toString().replaceAll("\\[D@[0-9a-f]+", ""));
        }
        // second + 39 is closed: an event stamped in it counts in the next open second
        assertThat(a.secondOf((second + 20) * 1000)).isEqualTo(second + 40);
        Trade t = new Trade("v", "s", (second + 20) * 1000, 0, "t", 100, 1, Side.BUY);
        a.onFlow(t.exchangeTimeMs(), InstrumentSignals.signedQuantity(t));
        assertThat(a.firstOpenSecond()).isEqualTo(second + 40);
    }

    @Test
    void theSlippageVolatilityDependsOnTheBooksNotOnHowFarTheWatermarkHadClosedSeconds() {
        // one instrument seen twice: seconds closed as soon as they end, and never closed (a lagging watermark)
        InstrumentSignals prompt = new InstrumentSignals();
        InstrumentSignals lagging = new InstrumentSignals();
        long second = Math.floorDiv(T0, 1000);
        SplittableRandom r = new SplittableRandom(9);
        double lastVolatility = 0;
        for (int i = 0; i < 40; i++) {
            long mid = 100_000 + r.nextInt(200);
            BookTop book = top((second + i) * 1000 + 100, mid - 1, 5, mid + 1, 5);
            List<InstrumentSignals.SlippageSample> a = prompt.onBook(book, SETTINGS).slippage();
            List<InstrumentSignals.SlippageSample> b = lagging.onBook(book, SETTINGS).slippage();
            assertThat(b).extracting(InstrumentSignals.SlippageSample::volatilityBps)
                    .isEqualTo(a.stream().map(InstrumentSignals.SlippageSample::volatilityBps).toList());
            prompt.closeSecond(second + i, SETTINGS);
            lastVolatility = a.get(0).volatilityBps();
        }
        assertThat(lastVolatility).isPositive();
        assertThat(lagging.firstOpenSecond()).isEqualTo(second);
    }

    @Test
    void depthAndWalksUseTheWholeBookTheBookOperatorMeasuredAndOnlyWhenItSaysAWalkIsDue() {
        InstrumentSignals s = new InstrumentSignals();
        BookTop one = top(T0, 100_00, 1, 100_02, 1); // one level a side carried: 100 of quote a side
        PriceLevels deepAsks = PriceLevels.wrap(new long[] {Decimals.parse("100.02"), Decimals.parse("100.03")},
                new long[] {Decimals.parse("1"), Decimals.parse("10000")});
        BookTop measured = new BookTop("v", "s", T0, 0, 1, one.bids(), one.asks(), true, false,
                new BookDepth(SETTINGS.depthBps(), 5_000, 7_000, one.bids(), deepAsks));
        InstrumentSignals.UpdateResult r = s.onBook(measured, SETTINGS);
        assertThat(r.features().bidDepth()).isEqualTo(5_000);
        assertThat(r.features().askDepth()).isEqualTo(7_000);
        // a 10,000 buy fills on the carried walk levels (100 at 100.02, the rest at 100.03); the sell runs out
        Slippage.Walk buy = r.slippage().stream().filter(w -> w.side() == Side.BUY && w.walk().quoteNotional() == 10_000)
                .findFirst().orElseThrow().walk();
        assertThat(buy.partial()).isFalse();
        assertThat(buy.levelsUsed()).isEqualTo(2);
        assertThat(r.slippage()).filteredOn(w -> w.side() == Side.SELL).allMatch(w -> w.walk().partial());
        assertThat(r.slippage()).allMatch(w -> w.updateId() == 1);

        // a later second without walk levels: the operator did not say a walk is due, so none is made
        BookTop noWalk = new BookTop("v", "s", T0 + 1_500, 0, 2, one.bids(), one.asks(), true, false,
                new BookDepth(SETTINGS.depthBps(), 5_000, 7_000, null, null));
        assertThat(s.onBook(noWalk, SETTINGS).slippage()).isEmpty();

        // measured in another band than the signals': refused, not silently mixed
        BookTop otherBand = new BookTop("v", "s", T0 + 2_500, 0, 3, one.bids(), one.asks(), true, false,
                new BookDepth(25, 5_000, 7_000, null, null));
        assertThatThrownBy(() -> s.onBook(otherBand, SETTINGS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("25.0 bps");
    }

    @Test
    void theMicroPriceLearnsFromEarlierTouchesOnlyAndLeansTheWayThePlantedImbalancePoints() throws Exception {
        // a book whose touch imbalance announces the next move: up a cent with probability 0.4·I, down 0.4·(1 − I)
        InstrumentSignals s = new InstrumentSignals();
        SplittableRandom r = new SplittableRandom(12);
        long mid = 100_000;
        long t = T0;
        int updates = 0;
        double seenBeforeWarmup = 0;
        InstrumentSignals restored = null;
        for (; updates < 3_000; updates++) {
            long bidSize = 1 + r.nextInt(9), askSize = 1 + r.nextInt(9);
            double imbalance = bidSize / (double) (bidSize + askSize);
            BookTop book = top(t, mid - 1, bidSize, mid + 1, askSize);
            double stoikov = s.onBook(book, SETTINGS).stoikovMicroprice();
            if (updates < InstrumentSignals.MICROPRICE_WARMUP) {
                seenBeforeWarmup += Double.isNaN(stoikov) ? 0 : 1;
            }
            if (restored != null) {
                assertThat(restored.onBook(book, SETTINGS).stoikovMicroprice()).isEqualTo(stoikov);
            }
            if (updates == 2_000) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                s.write(new DataOutputStream(bytes));
                restored = InstrumentSignals.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            }
            double u = r.nextDouble();
            mid += u < 0.4 * imbalance ? 1 : u < 0.4 ? -1 : 0;
            t += 50;
        }
        assertThat(seenBeforeWarmup).as("priced before the model had learned").isZero();
        // a heavy bid leans the micro-price above the mid, a heavy offer below: by about 0.4·(2I − 1) cents
        double up = s.onBook(top(t, mid - 1, 9, mid + 1, 1), SETTINGS).stoikovMicroprice();
        double down = s.onBook(top(t + 50, mid - 1, 1, mid + 1, 9), SETTINGS).stoikovMicroprice();
        double cent = 0.01;
        assertThat(up - mid * cent).isBetween(0.2 * cent, 0.5 * cent);
        assertThat(down - mid * cent).isBetween(-0.5 * cent, -0.2 * cent);
    }

    private static void feedSecond(InstrumentSignals s, SplittableRandom r, long second) {
        long mid = 100_000 + r.nextInt(50);
        s.onBook(top(second * 1000 + 100, mid - 1, 1 + r.nextInt(9), mid + 1, 1 + r.nextInt(9)), SETTINGS);
        Trade t = new Trade("v", "s", second * 1000 + 200, 0, "t", Decimals.UNIT, Decimals.UNIT, Side.SELL);
        s.onFlow(t.exchangeTimeMs(), InstrumentSignals.signedQuantity(t));
    }

    /** A book with one level a side; prices in hundredths (cents), sizes in whole units. */
    private static BookTop top(long t, long bidCents, long bidSize, long askCents, long askSize) {
        long cent = Decimals.UNIT / 100;
        return new BookTop("v", "s", t, 0, t, PriceLevels.wrap(new long[] {bidCents * cent},
                new long[] {bidSize * Decimals.UNIT}), PriceLevels.wrap(new long[] {askCents * cent},
                new long[] {askSize * Decimals.UNIT}), true);
    }
}
