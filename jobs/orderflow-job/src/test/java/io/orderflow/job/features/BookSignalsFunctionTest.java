package io.orderflow.job.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.job.book.SignalInput;
import io.orderflow.job.book.SignalInputSerializer;
import io.orderflow.job.signals.SignalSettings;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
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

    private static StreamRecord<SignalInput> at(BookTop book) {
        return new StreamRecord<>(SignalInput.of(book), book.exchangeTimeMs());
    }

    /** The operator on Flink's keyed harness, opened, with this idle period. */
    private static KeyedOneInputStreamOperatorTestHarness<String, SignalInput, FeatureSample> harness(
            Duration idleEviction) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, SignalInput, FeatureSample>(
                new KeyedProcessOperator<>(new BookSignalsFunction(SignalSettings.defaults(), idleEviction)),
                SignalInput::instrumentKey, Types.STRING);
        h.setup(FeatureSampleSerializer.TYPE_INFO.createSerializer(new org.apache.flink.api.common.serialization
                .SerializerConfigImpl()));
        h.open();
        return h;
    }

    @Test
    void aBookForAClosedSecondCountsInTheNextOpenOneAndSaysSo() throws Exception {
        try (var h = harness(Duration.ofHours(1))) {
            h.processElement(at(book(14_500, "100")));
            h.processElement(at(book(15_100, "101")));
            h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(16_000));
            assertThat(late(h)).isEmpty();
            h.processElement(at(book(15_900, "102"))); // second 15 is closed
            assertThat(late(h)).singleElement().satisfies(detail -> assertThat(detail)
                    .contains("late by 100 ms").contains("seconds 15..15").contains("counted in 16"));
        }
    }

    @Test
    void anInstrumentQuietForTheIdlePeriodLeavesNoStateAndNoTimers() throws Exception {
        try (var h = harness(Duration.ofSeconds(30))) {
            for (long t = 10_000; t < 20_000; t += 250) {
                h.processElement(at(book(t, t % 1000 == 0 ? "100" : "100.5")));
            }
            h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(25_000));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // quiet for 5 s: kept
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // only its eviction, not one per quiet second
            h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(49_998));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // 29.999 s after its last second: kept
            h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(49_999));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            // it comes back: a new history from scratch
            h.processElement(at(book(60_000, "101")));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void aBookOrATradeComesBackFromItsSerializedFormAndNothingElseIsASignalInput() throws Exception {
        Trade trade = new Trade("binance-spot", "BTCUSDT", 15_000, 7, "t-1", Decimals.parse("100.05"),
                Decimals.parse("0.5"), Side.SELL);
        for (SignalInput in : List.of(SignalInput.of(book(14_500, "100")), SignalInput.of(trade))) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            SignalInputSerializer.INSTANCE.serialize(in, out);
            assertThat(SignalInputSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                    .isEqualTo(in);
            assertThat(in.instrumentKey()).isEqualTo("binance-spot:BTCUSDT");
        }
        assertThatThrownBy(() -> new SignalInput(null, null)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new SignalInput(book(1, "1"), trade)).hasMessageContaining("exactly one");
    }

    private static List<String> late(KeyedOneInputStreamOperatorTestHarness<String, SignalInput, FeatureSample> h) {
        var rows = h.getSideOutput(BookSignalsFunction.QUALITY);
        return rows == null ? List.of() : rows.stream()
                .map(StreamRecord::getValue)
                .filter(q -> q.kind() == DataQualityEvent.Kind.LATE_EVENT)
                .map(DataQualityEvent::detail).toList();
    }
}
