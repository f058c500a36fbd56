package io.orderflow.job.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.signals.SignalSettings;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The book-signals operator on Flink's harness: a book message for a second it has already closed is reported, and
 * an instrument quiet for the idle period (event time) leaves no state and no timers behind.
 */
class BookSignalsFunctionTest {
    private static BookTop book(long timeMs, String bid) {
        long b = Decimals.parse(bid);
        return new BookTop("binance-spot", "BTCUSDT", timeMs, 0, timeMs,
                PriceLevels.wrap(new long[] {b}, new long[] {Decimals.parse("1")}),
                PriceLevels.wrap(new long[] {b + Decimals.parse("0.1")}, new long[] {Decimals.parse("1")}), true);
    }

    /** The operator on Flink's two-input harness, opened, with this idle period. */
    private static KeyedTwoInputStreamOperatorTestHarness<String, BookTop, SignalTick, FeatureSample> harness(
            Duration idleEviction) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<String, BookTop, SignalTick, FeatureSample>(
                new KeyedCoProcessOperator<>(new BookSignalsFunction(SignalSettings.defaults(), idleEviction)),
                BookTop::instrumentKey, SignalTick::key, Types.STRING);
        h.setup(FeatureSampleSerializer.TYPE_INFO.createSerializer(new org.apache.flink.api.common.serialization
                .SerializerConfigImpl()));
        h.open();
        return h;
    }

    @Test
    void aBookForAClosedSecondCountsInTheNextOpenOneAndSaysSo() throws Exception {
        try (var h = harness(Duration.ofHours(1))) {
            h.processElement1(new StreamRecord<>(book(14_500, "100"), 14_500));
            h.processElement1(new StreamRecord<>(book(15_100, "101"), 15_100));
            h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(16_000));
            h.processWatermark2(new org.apache.flink.streaming.api.watermark.Watermark(16_000));
            assertThat(late(h)).isEmpty();
            h.processElement1(new StreamRecord<>(book(15_900, "102"), 15_900)); // second 15 is closed
            assertThat(late(h)).singleElement().satisfies(detail -> assertThat(detail)
                    .contains("late by 100 ms").contains("seconds 15..15").contains("counted in 16"));
        }
    }

    @Test
    void anInstrumentQuietForTheIdlePeriodLeavesNoStateAndNoTimers() throws Exception {
        try (var h = harness(Duration.ofSeconds(30))) {
            for (long t = 10_000; t < 20_000; t += 250) {
                h.processElement1(new StreamRecord<>(book(t, t % 1000 == 0 ? "100" : "100.5"), t));
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(25_000));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // quiet for 5 s: kept
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // only its eviction, not one per quiet second
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(49_998));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // 29.999 s after its last second: kept
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(49_999));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            // it comes back: a new history from scratch
            h.processElement1(new StreamRecord<>(book(60_000, "101"), 60_000));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    private static List<String> late(KeyedTwoInputStreamOperatorTestHarness<String, BookTop, SignalTick,
            FeatureSample> h) {
        var rows = h.getSideOutput(BookSignalsFunction.QUALITY);
        return rows == null ? List.of() : rows.stream()
                .map(StreamRecord::getValue)
                .filter(q -> q.kind() == DataQualityEvent.Kind.LATE_EVENT)
                .map(DataQualityEvent::detail).toList();
    }
}
