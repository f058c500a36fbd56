package io.orderflow.job.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.crosssection.Tick;
import io.orderflow.model.InstrumentKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The reference fan-out on Flink's harness: the last BTC mid of each half second goes to the venue's other
 * instruments that have quoted within the idle period (learned from their own ticks, restored from a snapshot), at
 * the mid's own time, once the half second is over; never to the BTC itself, another venue's instruments, or a venue
 * without a reference.
 */
class ReferenceMidsFunctionTest {
    private static final String BTC = InstrumentKey.of("okx", "BTC-USDT");
    private static final String ETH = InstrumentKey.of("okx", "ETH-USDT");
    private static final String SOL = InstrumentKey.of("okx", "SOL-USDT");
    private static final String OTHER_VENUE_ETH = InstrumentKey.of("gemini", "ETHUSD");

    private static KeyedOneInputStreamOperatorTestHarness<String, Tick, SignalTick> harness() throws Exception {
        var h = unopened();
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Tick, SignalTick> unopened() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ReferenceMidsFunction(Map.of("okx", BTC), Duration.ofSeconds(60))),
                t -> InstrumentKey.venueOf(t.key()), Types.STRING);
    }

    private static void mid(KeyedOneInputStreamOperatorTestHarness<String, Tick, SignalTick> h, String key, long t,
            double mid) throws Exception {
        mid(h, key, t, mid, false);
    }

    private static void mid(KeyedOneInputStreamOperatorTestHarness<String, Tick, SignalTick> h, String key, long t,
            double mid, boolean afterGap) throws Exception {
        h.processElement(new StreamRecord<>(Tick.mid(key, t, mid, 0, afterGap), t));
    }

    private static List<SignalTick> sent(KeyedOneInputStreamOperatorTestHarness<String, Tick, SignalTick> h) {
        List<SignalTick> out = h.extractOutputValues();
        h.getOutput().clear();
        return out;
    }

    private static void watermark(KeyedOneInputStreamOperatorTestHarness<String, Tick, SignalTick> h, long t)
            throws Exception {
        h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(t));
    }

    @Test
    void eachHalfSecondsLastBtcMidGoesToTheVenuesOtherInstrumentsSeenWithinTheIdlePeriod() throws Exception {
        try (var h = harness()) {
            mid(h, BTC, 1_000, 60_000);
            mid(h, ETH, 1_100, 3_000);
            mid(h, SOL, 1_200, 150);
            mid(h, OTHER_VENUE_ETH, 1_300, 3_001); // a venue without a reference here
            h.processElement(new StreamRecord<>(Tick.trade(BTC, 1_350, 600), 1_350)); // trades are not mids
            mid(h, BTC, 1_400, 60_010);
            assertThat(sent(h)).as("the half second is still open").isEmpty();
            watermark(h, 1_499);
            assertThat(sent(h)).as("its last mid, once its end has passed").containsExactlyInAnyOrder(
                    SignalTick.referenceMid(ETH, 1_400, 60_010, false),
                    SignalTick.referenceMid(SOL, 1_400, 60_010, false));

            mid(h, BTC, 1_600, 60_020);
            mid(h, BTC, 2_100, 60_030); // a later half second: the one before is complete
            assertThat(sent(h)).extracting(SignalTick::timeMs).containsOnly(1_600L);
            mid(h, BTC, 2_150, 60_035, true);
            mid(h, BTC, 2_200, 60_040);
            watermark(h, 2_499);
            assertThat(sent(h)).as("the slot's last mid, and the book rebuilt after a gap in it said").allSatisfy(
                    t -> assertThat(t).extracting(SignalTick::timeMs, SignalTick::value, SignalTick::afterGap)
                            .containsExactly(2_200L, 60_040.0, true));

            for (long t = 3_000; t <= 63_000; t += 1_000) {
                mid(h, ETH, t, 3_000); // SOL falls quiet
            }
            mid(h, BTC, 62_500, 60_050);
            watermark(h, 62_999);
            assertThat(sent(h)).as("SOL quiet for more than the idle period").containsExactly(
                    SignalTick.referenceMid(ETH, 62_500, 60_050, false));

            mid(h, BTC, 63_100, 60_060); // open when the snapshot is taken
            var snapshot = h.snapshot(1, 1);
            try (var restored = unopened()) {
                restored.initializeState(snapshot);
                restored.open();
                watermark(restored, 63_499);
                assertThat(sent(restored)).as("the followers and the open half second come back with the state")
                        .containsExactly(SignalTick.referenceMid(ETH, 63_100, 60_060, false));
            }
        }
    }

    @Test
    void beforeTheShuffleOnlyReferenceMidsAndOneTickASecondOfTheOthersPass() throws Exception {
        var needed = ReferenceMidsFunction.needed(Map.of("okx", BTC));
        assertThat(needed.filter(Tick.mid(BTC, 1_000, 1, 0, false))).isTrue();
        assertThat(needed.filter(Tick.mid(BTC, 1_001, 1, 0, false))).isTrue();
        assertThat(needed.filter(Tick.mid(ETH, 1_000, 1, 0, false))).isTrue();
        assertThat(needed.filter(Tick.mid(ETH, 1_999, 1, 0, false))).isFalse();
        assertThat(needed.filter(Tick.mid(SOL, 1_999, 1, 0, false))).isTrue();
        assertThat(needed.filter(Tick.mid(ETH, 2_000, 1, 0, false))).isTrue();
        assertThat(needed.filter(Tick.trade(BTC, 2_000, 100))).isFalse();
    }

    @Test
    void everyVenueOrderflowSpeaksHasItsBtcAsTheReference() {
        Map<String, String> references = io.orderflow.venue.Venues.btcInstrumentKeys();
        assertThat(references).containsEntry("okx", BTC).containsEntry("binance-spot", "binance-spot:BTCUSDT")
                .containsEntry("kraken-futures", "kraken-futures:PI_XBTUSD");
    }
}
