package io.orderflow.job.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.records.PatternMatch;
import io.orderflow.job.records.VolatilitySpike;
import io.orderflow.job.signals.InstrumentSignals;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The spike labeller on Flink's harness: a spike is labelled with the patterns that ended within the horizon before
 * it, in order of their end, once event time has passed it; and an instrument that goes quiet leaves no state and
 * no timers behind.
 */
class SpikeLabellerTest {
    private static PatternMatch pattern(String name, long endMs) {
        return new PatternMatch("okx", "BTC-USDT", endMs - 400, endMs, name, 3, 0.6, -0.7, 10, 20, 1.5, 100);
    }

    @Test
    void labelsASpikeWithThePatternsBeforeItAndThenForgetsTheInstrument() throws Exception {
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, PatternMatch, VolatilitySpike,
                VolatilitySpike>(new KeyedCoProcessOperator<>(new SpikeLabeller(Duration.ofSeconds(10))),
                p -> p.venue() + ":" + p.symbol(), s -> s.venue() + ":" + s.symbol(), Types.STRING)) {
            h.open();
            h.processElement1(new StreamRecord<>(pattern("too_early", 1_000), 1_000));
            h.processElement1(new StreamRecord<>(pattern("liquidity_withdrawal", 14_000), 14_000));
            h.processElement1(new StreamRecord<>(pattern("imbalance_flip", 12_000), 12_000));
            h.processElement1(new StreamRecord<>(pattern("after_it", 21_000), 21_000));
            // the spike of second 19 (ends 19,999): patterns that ended in [9,999, 19,999]
            VolatilitySpike spike = VolatilitySpike.unlabelled("okx", "BTC-USDT",
                    new InstrumentSignals.Spike(19, 2.0, 0.5));
            h.processElement2(new StreamRecord<>(spike, spike.timeMs()));
            h.processBothWatermarks(new Watermark(19_999));
            // a match that ended before the spike but comes once its second has passed still counts
            h.processElement1(new StreamRecord<>(pattern("spread_blowout", 19_600), 19_600));
            h.processBothWatermarks(new Watermark(19_999 + SpikeLabeller.SETTLE_MS - 1));
            assertThat(h.extractOutputValues()).isEmpty(); // event time has not passed it and its margin yet
            h.processBothWatermarks(new Watermark(19_999 + SpikeLabeller.SETTLE_MS));
            List<VolatilitySpike> out = h.extractOutputValues();
            assertThat(out).singleElement().satisfies(s -> {
                assertThat(s.horizonSeconds()).isEqualTo(10);
                assertThat(s.precursors()).containsExactly("imbalance_flip", "liquidity_withdrawal",
                        "spread_blowout");
            });
            assertThat(h.numKeyedStateEntries()).isPositive(); // the last pattern may precede a later spike

            h.processBothWatermarks(new Watermark(Long.MAX_VALUE)); // the input ends: every timer fires
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
