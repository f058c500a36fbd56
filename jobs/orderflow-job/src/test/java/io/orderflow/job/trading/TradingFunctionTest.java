package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.risk.KillSwitch;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.strategy.ImbalanceMomentumStrategy;
import io.orderflow.execution.strategy.ClientOrderIds;
import io.orderflow.job.JobSettings;
import io.orderflow.job.StrategyRoster;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The paper trading operator with every single-instrument strategy in it: the imbalance triggers reach the momentum
 * strategy with the book that completes them, the strategies decide as each would alone, and nothing waits in
 * state or timers.
 */
class TradingFunctionTest {
    private static final String VENUE = "okx";

    @Test
    void aSustainedImbalanceEntersOnTheBookThatCompletesIt() throws Exception {
        try (var h = harness(desks(StrategyRoster.of(JobSettings.defaults())))) {
            h.open();
            // five samples (one per 200 ms slot) leaning to the bids; the books between them are not samples
            for (int i = 0; i < 4; i++) {
                long t = 1_000 + 200L * i;
                h.processElement(new StreamRecord<>(book("BTC-USDT", t, 2 * i, 10, 1), t));
                h.processElement(new StreamRecord<>(book("BTC-USDT", t + 100, 2 * i + 1, 10, 1), t + 100));
            }
            assertThat(momentumOrders(h.extractOutputValues())).as("before the fifth sample").isEmpty();
            h.processElement(new StreamRecord<>(book("BTC-USDT", 1_800, 8, 10, 1), 1_800));
            List<OrderUpdate> momentum = momentumOrders(h.extractOutputValues());
            assertThat(momentum).isNotEmpty();
            OrderUpdate entry = momentum.get(0);
            assertThat(entry.side()).isEqualTo(Side.BUY);
            assertThat(entry.price()).as("an IOC at the ask").isEqualTo(Decimals.parse("60010"));
            assertThat(entry.clientOrderId()).as("decided on the fifth sample's book, sequence 8")
                    .isEqualTo(ClientOrderIds.of(ImbalanceMomentumStrategy.NAME, VENUE, "BTC-USDT", 8, Side.BUY));
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void strategiesInOneOperatorDecideAsEachDoesAlone() throws Exception {
        List<TradingFunction.Desk> all = desks(StrategyRoster.of(JobSettings.defaults()));
        List<BookTop> books = market(new Random(7), 3_000);
        List<OrderUpdate> together = run(all, books);
        List<OrderUpdate> alone = new ArrayList<>();
        for (TradingFunction.Desk desk : all) {
            alone.addAll(run(List.of(desk), books));
        }
        assertThat(together).extracting(OrderUpdate::strategy).contains("imbalance", "imbalance-momentum");
        for (TradingFunction.Desk desk : all) {
            String name = desk.strategy().name();
            assertThat(together.stream().filter(u -> u.strategy().equals(name)).toList()).as(name)
                    .isEqualTo(alone.stream().filter(u -> u.strategy().equals(name)).toList());
        }
    }

    private static List<OrderUpdate> run(List<TradingFunction.Desk> desks, List<BookTop> books) throws Exception {
        try (var h = harness(desks)) {
            h.open();
            for (BookTop b : books) {
                h.processElement(new StreamRecord<>(b, b.exchangeTimeMs()));
            }
            return h.extractOutputValues();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, BookTop, OrderUpdate> harness(
            List<TradingFunction.Desk> desks) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new TradingFunction(desks, ScriptedTrading.TRIGGERS, 60_000)), BookTop::instrumentKey, Types.STRING);
    }

    private static List<TradingFunction.Desk> desks(List<StrategyRoster.Entry> roster) {
        return roster.stream().map(e -> new TradingFunction.Desk(e.uid(), e.strategy(),
                new RiskGate(e.limits(), KillSwitch.NEVER),
                new PaperExchange(e.makerFeeBps(), e.takerFeeBps(), e.restingTtlMs()))).toList();
    }

    private static List<OrderUpdate> momentumOrders(List<OrderUpdate> updates) {
        return updates.stream().filter(u -> u.strategy().equals(ImbalanceMomentumStrategy.NAME)).toList();
    }

    /** Two instruments, a book every 100 ms each, the mid walking and the book leaning one way for a while. */
    private static List<BookTop> market(Random random, int count) {
        List<BookTop> books = new ArrayList<>();
        long mid = 60_000;
        double lean = 0;
        for (int i = 0; i < count; i++) {
            if (random.nextInt(20) == 0) {
                lean = random.nextInt(3) - 1;
            }
            mid += random.nextInt(3) - 1;
            String symbol = i % 2 == 0 ? "BTC-USDT" : "ETH-USDT";
            int bid = 1 + random.nextInt(4) + (lean > 0 ? 12 : 0);
            int ask = 1 + random.nextInt(4) + (lean < 0 ? 12 : 0);
            books.add(book(symbol, 1_000 + 50L * i, i, bid, ask, mid));
        }
        return books;
    }

    private static BookTop book(String symbol, long timeMs, long sequence, int bidSize, int askSize) {
        return book(symbol, timeMs, sequence, bidSize, askSize, 60_000);
    }

    /** Five levels a side, 10 apart around {@code mid} ± 10, every level of a side the same size. */
    private static BookTop book(String symbol, long timeMs, long sequence, int bidSize, int askSize, long mid) {
        long[] bidPrices = new long[5];
        long[] askPrices = new long[5];
        long[] bidSizes = new long[5];
        long[] askSizes = new long[5];
        for (int i = 0; i < 5; i++) {
            bidPrices[i] = (mid - 10 - 10L * i) * Decimals.UNIT;
            askPrices[i] = (mid + 10 + 10L * i) * Decimals.UNIT;
            bidSizes[i] = bidSize * Decimals.UNIT / 100;
            askSizes[i] = askSize * Decimals.UNIT / 100;
        }
        return new BookTop(VENUE, symbol, timeMs, timeMs * 1_000_000, sequence, PriceLevels.wrap(bidPrices, bidSizes),
                PriceLevels.wrap(askPrices, askSizes), true);
    }
}
