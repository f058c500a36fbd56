package io.orderflow.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.model.execution.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperExchangeTest {
    private final PaperExchange exchange = new PaperExchange(2.0, 5.0, 10_000);
    private final List<OrderUpdate> updates = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    private final ExecutionListener listener = new ExecutionListener() {
        @Override
        public void onOrderUpdate(OrderUpdate update) {
            updates.add(update);
        }

        @Override
        public void onFill(Fill fill) {
            fills.add(fill);
        }
    };

    private static long d(String s) {
        return Decimals.parse(s);
    }

    private static BookTop book(String bid, String ask) {
        return new BookTop("v", "S", 0, 0, 1,
                PriceLevels.wrap(new long[] {d(bid)}, new long[] {d("1")}),
                PriceLevels.wrap(new long[] {d(ask), d(ask) + d("1")}, new long[] {d("0.5"), d("2")}), true);
    }

    private static OrderIntent order(Side side, OrderType type, String price, String qty) {
        return new OrderIntent("id1", "s", "v", "S", side, type, TimeInForce.GTC, type == OrderType.MARKET ? 0 : d(price),
                d(qty), 0, 0, d("100.5"), "test");
    }

    @Test
    void aMarketableOrderWalksTheBookLevelByLevelAndPaysTheTakerFee() {
        TradingState state = new TradingState();
        exchange.submit(order(Side.BUY, OrderType.MARKET, null, "1.5"), book("100", "101"), state, 5, listener);
        assertThat(fills).extracting(Fill::price).containsExactly(d("101"), d("102"));
        assertThat(fills).extracting(Fill::quantity).containsExactly(d("0.5"), d("1"));
        assertThat(fills.get(0).fee()).isEqualTo(d("0.02525")); // 101 * 0.5 * 5 bps
        assertThat(fills).noneMatch(Fill::maker);
        assertThat(updates).extracting(OrderUpdate::status).containsExactly(OrderStatus.ACKED, OrderStatus.FILLED);
        assertThat(state.position()).isEqualTo(d("1.5"));
    }

    @Test
    void aRestingLimitFillsAsMakerWhenTheBookTradesThroughIt() {
        TradingState state = new TradingState();
        exchange.submit(order(Side.BUY, OrderType.LIMIT, "100", "0.2"), book("100", "101"), state, 0, listener);
        assertThat(fills).isEmpty();
        assertThat(state.openOrders()).hasSize(1);
        exchange.onBook(book("99", "100.5"), state, 1_000, listener); // ask still above our bid
        assertThat(fills).isEmpty();
        exchange.onBook(book("98", "99.9"), state, 2_000, listener); // ask moved through 100
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.price()).isEqualTo(d("100")); // at our limit, not the better ask
            assertThat(f.maker()).isTrue();
        });
        assertThat(state.openOrders()).isEmpty();
        assertThat(updates).extracting(OrderUpdate::status).containsExactly(OrderStatus.ACKED, OrderStatus.FILLED);
    }

    @Test
    void aRestingOrderIsCancelledAfterItsTimeToLive() {
        TradingState state = new TradingState();
        exchange.submit(order(Side.SELL, OrderType.LIMIT, "103", "0.2"), book("100", "101"), state, 0, listener);
        exchange.onBook(book("100", "101"), state, 10_000, listener);
        assertThat(updates).extracting(OrderUpdate::status).containsExactly(OrderStatus.ACKED, OrderStatus.CANCELLED);
        assertThat(state.openOrders()).isEmpty();
        assertThat(state.position()).isZero();
    }
}
