package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.risk.KillSwitch;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.strategy.Signal;
import io.orderflow.job.JobSettings;
import io.orderflow.job.StrategyRoster;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.execution.OrderUpdate;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The paper trading operator in event-time order: what it holds for ordering (books, signals, one timer per held
 * time) is gone once the watermark has passed it, so a quiet instrument keeps only its trading state (positions,
 * working orders: kept on purpose, a position outlives a quiet market) and no timer.
 */
class TradingFunctionTest {
    private static final String VENUE = "okx";
    private static final String SYMBOL = "BTC-USDT";

    @Test
    void heldInputsAndTheirTimersAreGoneOnceTheWatermarkPassesThem() throws Exception {
        StrategyRoster.Entry entry = StrategyRoster.of(JobSettings.defaults()).get(0);
        TradingFunction function = new TradingFunction(entry.strategy(), new RiskGate(entry.limits(),
                KillSwitch.NEVER), new PaperExchange(entry.makerFeeBps(), entry.takerFeeBps(),
                        entry.restingTtlMs()), 1_000, true);
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, BookTop, Signal, OrderUpdate>(
                new KeyedCoProcessOperator<>(function), b -> InstrumentKey.of(b.venue(), b.symbol()),
                s -> InstrumentKey.of(s.venue(), s.symbol()), Types.STRING)) {
            h.open();
            h.processBothWatermarks(new Watermark(999));
            for (long t = 1_000; t <= 1_300; t += 100) {
                h.processElement1(new StreamRecord<>(book(t, t / 100), t));
            }
            h.processElement2(new StreamRecord<>(new Signal("pattern", VENUE, SYMBOL, 1_150, 1.0), 1_150));
            assertThat(h.numEventTimeTimers()).isEqualTo(5); // one per held time
            assertThat(h.numKeyedStateEntries()).as("held books and signals").isEqualTo(2);

            h.processBothWatermarks(new Watermark(1_200));
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // the 1,300 book still waits
            h.processBothWatermarks(new Watermark(2_000));
            assertThat(h.numEventTimeTimers()).isZero();
            // what is left is the instrument's trading state alone: strategy memory, positions, working orders
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            assertThat(h.getOutput()).as("the books were decided on").isNotNull();
        }
    }

    private static BookTop book(long timeMs, long sequence) {
        return new BookTop(VENUE, SYMBOL, timeMs, timeMs * 1_000_000, sequence,
                PriceLevels.wrap(new long[] {Decimals.parse("59990")}, new long[] {Decimals.parse("2")}),
                PriceLevels.wrap(new long[] {Decimals.parse("60010")}, new long[] {Decimals.parse("2")}), true);
    }
}
