package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.execution.strategy.Strategy;
import io.orderflow.execution.state.TradingState;
import io.orderflow.job.TestClusters;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.trading.VenueTrading;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job started without a savepoint on an account that already holds 0.05 BTC, with {@code --adopt-account}: the
 * strategy's ledger starts from the venue's position, so a strategy that closes what it holds closes exactly that,
 * with one reduce-only order the venue accepts, and the venue's position is flat afterwards. Started flat (today's
 * behaviour before adoption), the strategy would have held nothing and sent nothing.
 */
class AdoptedPositionITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    /** Closes whatever position its ledger holds with one reduce-only MARKET order. */
    record CloseWhatIsHeld() implements Strategy {
        @Override
        public String name() {
            return "close-what-is-held";
        }

        @Override
        public List<OrderIntent> onBook(BookTop book, TradingState state) {
            if (state.memory().get("sent", 0) == 1) {
                if (state.position() == 0 && state.openOrders().isEmpty()) {
                    ScriptedTrading.hurry = true; // closed and booked: the rest of the books may go at once
                }
                return List.of();
            }
            if (state.position() == 0) {
                return List.of();
            }
            state.memory().put("sent", 1);
            long held = state.position();
            return List.of(new OrderIntent("adopted-close", name(), book.venue(), book.symbol(),
                    held > 0 ? Side.SELL : Side.BUY, OrderType.MARKET, TimeInForce.GTC, 0, Math.abs(held),
                    book.exchangeTimeMs(), book.receivedAtNanos(), (book.bestBid() + book.bestAsk()) / 2,
                    "close the adopted position")
                    .asReduceOnly());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance-usdm", "okx", "kraken-futures"})
    void theStrategyStartsFromTheAccountsPositionAndClosesExactlyIt(String venue, @TempDir Path dir)
            throws Exception {
        MockAccounts.Account v = MockAccounts.start(venue, dir);
        try {
            try (VenueTrading t = v.connection().open()) { // the position a user's earlier session left behind
                OrderIntent buy = new OrderIntent("before-the-job", "manual", venue, v.symbol(), Side.BUY,
                        OrderType.MARKET, TimeInForce.GTC, 0, Decimals.parse("0.05"), 0, 0, Decimals.parse("60000"),
                        "manual");
                assertThat(t.place(buy).status()).isNotEqualTo(OrderStatus.REJECTED);
            }
            AccountHoldings held = v.connection().heldOutsideTheJob(List.of(v.symbol()));
            assertThat(held.positions()).as("in base units (OKX holds it as 5 contracts of 0.01 BTC)")
                    .extracting(io.orderflow.venue.trading.VenuePosition::quantity)
                    .containsExactly(Decimals.parse("0.05"));
            VenueConnection adopting = v.connection()
                    .adoptingPositions(held.toAdopt(venue, true, List.of("close-what-is-held")));

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            ScriptedTrading.hurry = false;
            DataStream<BookTop> books = ScriptedTrading.books(env, venue, v.symbol(), 300, 50);
            var orders = ScriptedTrading.trade(books, new CloseWhatIsHeld(), adopting);
            DataStream<String> outcomes = orders.map(r -> "order " + r.clientOrderId() + "=" + r.status()
                    + " " + r.reason(), Types.STRING)
                    .union(orders.getSideOutput(DecisionStep.FILLS).map(f -> "fill " + f.fillId(),
                            Types.STRING));
            List<String> seen = new ArrayList<>();
            try (CloseableIterator<String> it = outcomes.executeAndCollect("adopted position")) {
                it.forEachRemaining(seen::add);
            }
            assertThat(seen).as("the close was sent, accepted and filled").anyMatch(s -> s.startsWith(
                    "order adopted-close=FILLED")).anyMatch(s -> s.startsWith("fill "));
            assertThat(v.mock().positions()).as("the venue's position after the job; the job saw %s", seen)
                    .allSatisfy(p -> assertThat(p.quantity()).isZero());
            assertThat(v.mock().trades()).as("the manual buy and the job's one close").hasSize(2);
        } finally {
            ScriptedTrading.hurry = false;
            v.mock().close();
        }
    }
}
