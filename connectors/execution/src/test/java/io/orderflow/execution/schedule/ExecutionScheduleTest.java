package io.orderflow.execution.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.execution.state.ParentOrder;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live schedule's children against the Almgren–Chriss paper's closed-form holdings, x(t) = X·sinh(κ(T − t)) /
 * sinh(κT), recomputed here; and which entries it takes.
 */
class ExecutionScheduleTest {
    private static final long UNIT = Decimals.UNIT;
    private static final AcParameters BTC = new AcParameters(60_000, 66, 0.15, 0.038, 0);

    private static BookTop book(long sequence) {
        return new BookTop("okx", "BTC-USDT", 1_700_000_000_000L, 0, sequence,
                PriceLevels.wrap(new long[] {59_999 * UNIT}, new long[] {UNIT}),
                PriceLevels.wrap(new long[] {60_001 * UNIT}, new long[] {UNIT}), true);
    }

    private static OrderIntent entry(long quantity, boolean reduceOnly, String symbol) {
        return new OrderIntent("parent-1", "imbalance", "okx", symbol, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                60_001 * UNIT, quantity, 1_700_000_000_000L, 0, 60_000 * UNIT, "test", reduceOnly);
    }

    @Test
    void childrenFollowThePapersHoldingsAndAddUpExactly() {
        ExecutionSchedule schedule = new ExecutionSchedule(1_000, Duration.ofSeconds(10), 5, 1e-6,
                Map.of("okx:BTC-USDT", BTC));
        long quantity = Decimals.parse("1.23456789");
        ExecutionSchedule.Planned planned = schedule.plan(entry(quantity, false, "BTC-USDT"), book(7));
        ParentOrder p = planned.parent();
        double kappa = planned.plan().kappa();
        assertThat(kappa * 10).as("front-loaded at this risk aversion").isGreaterThan(1);
        double x = quantity / 1e8;
        for (int k = 0; k < 5; k++) {
            double before = x * Math.sinh(kappa * (10 - 2 * k)) / Math.sinh(kappa * 10);
            double after = x * Math.sinh(kappa * (10 - 2 * (k + 1))) / Math.sinh(kappa * 10);
            assertThat((double) p.children()[k]).as("child %d", k).isCloseTo((before - after) * 1e8, within(1.0));
            assertThat(p.dueAt(k)).isEqualTo(1_700_000_000_000L + 2_000L * k);
        }
        assertThat(Arrays.stream(p.children()).sum()).isEqualTo(quantity);
        assertThat(p.arrivalMid()).isEqualTo(60_000 * UNIT);
        assertThat(Arrays.stream(p.childIds()).distinct()).hasSize(5);
        // a replay decides the same children under the same ids (the venue's duplicate check holds)
        assertThat(schedule.plan(entry(quantity, false, "BTC-USDT"), book(7)).parent().childIds())
                .containsExactly(p.childIds());
        assertThat(schedule.plan(entry(quantity, false, "BTC-USDT"), book(8)).parent().childIds()[0])
                .isNotEqualTo(p.childIds()[0]);

        OrderIntent child = ExecutionSchedule.child(p, 2, book(9));
        assertThat(child.type()).isEqualTo(OrderType.MARKET);
        assertThat(child.timeInForce()).isEqualTo(TimeInForce.IOC);
        assertThat(child.quantity()).isEqualTo(p.children()[2]);
        assertThat(child.side()).isEqualTo(Side.SELL);
        assertThat(child.reduceOnly()).isFalse();
        assertThat(child.reason()).isEqualTo("ac slice 3/5 of parent parent-1");
    }

    @Test
    void smallEntriesExitsAndInstrumentsWithoutParametersGoAsDecided() {
        ExecutionSchedule schedule = new ExecutionSchedule(1_000, Duration.ofSeconds(10), 5, 1e-7,
                Map.of("okx:BTC-USDT", BTC));
        assertThat(schedule.plan(entry(Decimals.parse("0.01"), false, "BTC-USDT"), book(1))).as("600 quote").isNull();
        assertThat(schedule.plan(entry(UNIT, true, "BTC-USDT"), book(1))).as("reduce-only").isNull();
        assertThat(schedule.plan(entry(UNIT, false, "ETH-USDT"), book(1))).as("no parameters").isNull();
        assertThat(schedule.plan(entry(UNIT, false, "BTC-USDT"), book(1))).isNotNull();
        // the threshold compares the exact notional: 0.01666667 at a 60,000 mid is 1,000.0002, 0.01666666 is 999.9996
        assertThat(schedule.plan(entry(Decimals.parse("0.01666667"), false, "BTC-USDT"), book(1))).isNotNull();
        assertThat(schedule.plan(entry(Decimals.parse("0.01666666"), false, "BTC-USDT"), book(1))).isNull();
    }

    /** A quantity beyond a double's 53 bits of units still splits exactly: nothing of it passes through a double. */
    @Test
    void theEntrysQuantityStaysExactWhereADoubleWouldRoundIt() {
        ExecutionSchedule schedule = new ExecutionSchedule(1_000, Duration.ofSeconds(10), 5, 1e-9,
                Map.of("okx:BTC-USDT", BTC));
        long quantity = (1L << 53) + 1; // 90,071,992.54740993 units of BTC: (double) quantity loses the last unit
        assertThat((long) (double) quantity).isNotEqualTo(quantity);
        ParentOrder p = schedule.plan(entry(quantity, false, "BTC-USDT"), book(3)).parent();
        assertThat(Arrays.stream(p.children()).sum()).isEqualTo(quantity);
        assertThat(p.quantity()).isEqualTo(quantity);
    }

    @Test
    void parametersRoundTripThroughTheirFileAndBadOnesSayWhatToFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ac.params");
        AcParameters.save(file, "okx:BTC-USDT", BTC, "test");
        AcParameters eth = new AcParameters(3_000, 4.3, 0.03, 0.0037, 0.001);
        AcParameters.save(file, "binance-spot:ETHUSDT", eth, "test");
        assertThat(AcParameters.load(file)).containsExactlyInAnyOrderEntriesOf(Map.of("okx:BTC-USDT", BTC,
                "binance-spot:ETHUSDT", eth));

        assertThatThrownBy(() -> AcParameters.load(dir.resolve("missing.params")))
                .hasMessageContaining("missing.params").hasMessageContaining("--save-params");
        Files.writeString(file, Files.readString(file).replace("okx\\:BTC-USDT.sigma=66.0", "okx\\:BTC-USDT.sigma=fast"));
        assertThatThrownBy(() -> AcParameters.load(file)).hasMessageContaining("okx:BTC-USDT.sigma is not a number");
        assertThatThrownBy(() -> new ExecutionSchedule(1_000, Duration.ofSeconds(10), 1, 1e-7, Map.of("x", BTC)))
                .hasMessageContaining("at least 2 slices");
    }
}
