package io.orderflow.job.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.signals.SignalSettings;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The book-signals operator on Flink's harness: a book message for a second it has already closed is reported. */
class BookSignalsFunctionTest {
    private static BookTop book(long timeMs, String bid) {
        long b = Decimals.parse(bid);
        return new BookTop("binance-spot", "BTCUSDT", timeMs, 0, timeMs,
                PriceLevels.wrap(new long[] {b}, new long[] {Decimals.parse("1")}),
                PriceLevels.wrap(new long[] {b + Decimals.parse("0.1")}, new long[] {Decimals.parse("1")}), true);
    }

    @Test
    void aBookForAClosedSecondCountsInTheNextOpenOneAndSaysSo() throws Exception {
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, BookTop, MarketEvent, FeatureSample>(
                new KeyedCoProcessOperator<>(new BookSignalsFunction(SignalSettings.defaults(), Duration.ofHours(1))),
                BookTop::instrumentKey, MarketEvent::instrumentKey, Types.STRING)) {
            h.setup(FeatureSampleSerializer.TYPE_INFO.createSerializer(new org.apache.flink.api.common.serialization
                    .SerializerConfigImpl()));
            h.open();
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

    private static List<String> late(KeyedTwoInputStreamOperatorTestHarness<String, BookTop, MarketEvent,
            FeatureSample> h) {
        var rows = h.getSideOutput(BookSignalsFunction.QUALITY);
        return rows == null ? List.of() : rows.stream()
                .map(StreamRecord::getValue)
                .filter(q -> q.kind() == DataQualityEvent.Kind.LATE_EVENT)
                .map(DataQualityEvent::detail).toList();
    }
}
