package io.orderflow.job.trading;

import io.orderflow.execution.risk.KillSwitch;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.risk.RiskLimits;
import io.orderflow.execution.strategy.ImbalanceTriggers;
import io.orderflow.execution.strategy.Strategy;
import io.orderflow.execution.state.TradingState;
import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.job.JobSettings;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import io.orderflow.model.execution.OrderUpdate;

/**
 * A small venue-trading pipeline for the execution tests: books of one instrument at a steady pace, a strategy
 * that decides order {@code k} on the book with sequence {@code k}, and the job's {@link VenueTradingFunction}.
 */
final class ScriptedTrading {
    /** The job's imbalance triggers over its default feature sampling. */
    static final ImbalanceTriggers TRIGGERS = new ImbalanceTriggers(ImbalanceTriggers.Settings.defaults(
            JobSettings.defaults().signals().perInstrument().samplingMs(),
            JobSettings.defaults().signals().perInstrument().imbalanceLevels()));

    private ScriptedTrading() {}

    /** Set by a test once what it waits for happened: the remaining books go out without pauses. */
    static volatile boolean hurry;

    /** {@code count} books of binance-usdm BTCUSDT, one every {@code pauseMs} (so venue answers arrive meanwhile). */
    static DataStream<BookTop> books(StreamExecutionEnvironment env, int count, long pauseMs) {
        return books(env, "binance-usdm", "BTCUSDT", count, pauseMs);
    }

    /**
     * {@code count} books of one instrument (bid 59,990, ask 60,010), one every {@code pauseMs}, stamped with the
     * wall clock: decisions on them are as young as live ones.
     */
    static DataStream<BookTop> books(StreamExecutionEnvironment env, String venue, String symbol, int count,
            long pauseMs) {
        return env.fromSequence(0, count - 1).map(n -> {
            if (!hurry) {
                Thread.sleep(pauseMs); // pacing a test source: the job must still be running when answers come
            }
            return new BookTop(venue, symbol, System.currentTimeMillis(), System.nanoTime(), n,
                    PriceLevels.wrap(new long[] {Decimals.parse("59990")}, new long[] {Decimals.parse("2")}),
                    PriceLevels.wrap(new long[] {Decimals.parse("60010")}, new long[] {Decimals.parse("2")}), true);
        }, BookTopSerializer.TYPE_INFO).name("scripted books");
    }

    /** The job's venue trading operator over those books. */
    static SingleOutputStreamOperator<OrderUpdate> trade(DataStream<BookTop> books, Strategy strategy,
            VenueConnection connection) {
        return trade(books, strategy, connection, VenueTradingFunction.DEFAULT_MAX_RESEND_AGE);
    }

    static SingleOutputStreamOperator<OrderUpdate> trade(DataStream<BookTop> books, Strategy strategy,
            VenueConnection connection, Duration maxResendAge) {
        RiskGate risk = new RiskGate(new RiskLimits(Decimals.parse("100"), 1_000_000 * Decimals.UNIT, 100, 500,
                60_000, 1_000_000 * Decimals.UNIT), KillSwitch.file(Path.of("no-such-kill-switch-file")));
        return books.keyBy(BookTop::instrumentKey, Types.STRING)
                .process(new VenueTradingFunction(strategy, TRIGGERS, risk, connection,
                        Duration.ofMillis(200), Long.MAX_VALUE, 60_000, maxResendAge, false, null),
                        TradingFunction.ORDER_UPDATES)
                .uid("venue-trading");
    }

    /**
     * Sells 0.002 at 61,000 (resting: never fills; over Binance's 100 USDT minimum notional) on books 0 … count−1 as orders {@code <prefix><k>}; the one at
     * {@code reduceOnlyAt} is a reduce-only buy the venue refuses (there is no position to reduce).
     */
    record Decisions(String prefix, int count, int reduceOnlyAt) implements Strategy {
        /** The kind of order a decision sends: a resting limit, a market order, or an IOC that fills at once. */
        enum Kind { RESTING_LIMIT, MARKET, IOC }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public List<OrderIntent> onBook(BookTop book, TradingState state) {
            long k = book.sequence();
            if (k >= count || state.memory().get("decided-" + k, 0) == 1) {
                return List.of();
            }
            state.memory().put("decided-" + k, 1);
            boolean reduce = k == reduceOnlyAt;
            OrderIntent i = new OrderIntent(prefix + k, name(), book.venue(), book.symbol(),
                    reduce ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                    Decimals.parse(reduce ? "59000" : "61000"), Decimals.parse("0.002"), book.exchangeTimeMs(),
                    book.receivedAtNanos(), Decimals.parse("60000"), "scripted " + k);
            return List.of(reduce ? i.asReduceOnly() : i);
        }
    }

    /**
     * Buys 0.002 on books 0 … count−1 as orders {@code <prefix><k>}, each of one kind: a MARKET order, or an IOC
     * at the ask (both fill at once at the mock's market price, 60,000), or a limit resting at 59,000.
     */
    record KindOfDecisions(String prefix, int count, Decisions.Kind kind) implements Strategy {
        @Override
        public String name() {
            return "scripted";
        }

        /**
         * Once every decision was made and the venue acknowledged each (and, for orders that fill at once, every
         * fill came back and closed it), the rest of the books may go out at once: the job has what the test reads.
         */
        @Override
        public List<OrderIntent> onBook(BookTop book, TradingState state) {
            long k = book.sequence();
            if (k >= count) {
                boolean settled = kind == Decisions.Kind.RESTING_LIMIT
                        ? state.openOrders().size() == count && state.openOrders().stream()
                                .allMatch(o -> o.venueOrderId() != null)
                        : state.openOrders().isEmpty() && state.fillCount() == count;
                if (settled) {
                    hurry = true;
                }
                return List.of();
            }
            if (state.memory().get("decided-" + k, 0) == 1) {
                return List.of();
            }
            state.memory().put("decided-" + k, 1);
            return List.of(new OrderIntent(prefix + k, name(), book.venue(), book.symbol(), Side.BUY,
                    kind == Decisions.Kind.MARKET ? OrderType.MARKET : OrderType.LIMIT,
                    kind == Decisions.Kind.IOC ? TimeInForce.IOC : TimeInForce.GTC,
                    switch (kind) {
                        case MARKET -> 0;
                        case IOC -> book.bestAsk();
                        case RESTING_LIMIT -> Decimals.parse("59000");
                    }, Decimals.parse("0.002"), book.exchangeTimeMs(), book.receivedAtNanos(),
                    Decimals.parse("60000"), "scripted " + kind + " " + k));
        }
    }
}
