package io.orderflow.execution.paper;

import io.orderflow.execution.state.TradingState;

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

    private static BookTop bids(String... priceSize) {
        long[] prices = new long[priceSize.length / 2];
        long[] sizes = new long[priceSize.length / 2];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = d(priceSize[2 * i]);
            sizes[i] = d(priceSize[2 * i + 1]);
        }
        return new BookTop("v", "S", 0, 0, 1, PriceLevels.wrap(prices, sizes),
                PriceLevels.wrap(new long[] {d("101")}, new long[] {d("5")}), true);
    }

    @Test
    void aRestingBidWaitsBehindTheQueueAheadAndFillsOnlyWhenTheTouchLosesMoreThanThat() {
        TradingState state = new TradingState();
        exchange.submit(order(Side.BUY, OrderType.LIMIT, "100", "0.2"), bids("100", "1.0"), state, 0, listener);
        assertThat(state.openOrders()).singleElement().satisfies(r -> assertThat(r.queueAhead()).isEqualTo(d("1.0")));
        exchange.onBook(bids("100", "3.0"), state, 100, listener); // 2.0 joins behind us
        assertThat(state.openOrders().get(0).queueAhead()).isEqualTo(d("1.0"));
        exchange.onBook(bids("100", "2.4"), state, 200, listener); // 0.6 traded off the front
        assertThat(fills).isEmpty();
        assertThat(state.openOrders().get(0).queueAhead()).isEqualTo(d("0.4"));
        exchange.onBook(bids("100", "2.3"), state, 300, listener); // 0.1 more: still ahead of us
        assertThat(fills).isEmpty();
        exchange.onBook(bids("100", "2.0"), state, 400, listener); // 0.3 gone: 0.3 ahead used up, nothing left for us
        assertThat(fills).isEmpty();
        assertThat(state.openOrders().get(0).queueAhead()).isZero();
        exchange.onBook(bids("100", "1.85"), state, 500, listener); // we are at the front: 0.15 of our 0.2
        assertThat(fills).singleElement().satisfies(f -> {
            assertThat(f.quantity()).isEqualTo(d("0.15"));
            assertThat(f.price()).isEqualTo(d("100"));
            assertThat(f.maker()).isTrue();
        });
        exchange.onBook(bids("100", "1.0"), state, 600, listener);
        assertThat(fills).extracting(Fill::quantity).containsExactly(d("0.15"), d("0.05"));
        assertThat(updates).extracting(OrderUpdate::status).containsExactly(OrderStatus.ACKED,
                OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED);
        assertThat(state.openOrders()).isEmpty();
        assertThat(state.makerShare().samples()).isEqualTo(1);
    }

    @Test
    void cancelsBehindTheTouchShrinkTheQueueAheadProRata() {
        TradingState state = new TradingState();
        exchange.submit(order(Side.BUY, OrderType.LIMIT, "99", "0.5"), bids("100", "1", "99", "2.0"), state, 0,
                listener);
        exchange.onBook(bids("100", "1", "99", "4.0"), state, 100, listener); // 2.0 joins behind us
        exchange.onBook(bids("100", "1", "99", "2.0"), state, 150, listener); // half the level cancelled
        assertThat(fills).isEmpty(); // behind the touch: cancels, never fills
        assertThat(state.openOrders().get(0).queueAhead()).isEqualTo(d("1.0")); // half of what was ahead
        exchange.onBook(bids("99", "2.0"), state, 200, listener); // 100 gone: we are at the touch
        exchange.onBook(bids("99", "0.5"), state, 300, listener); // 1.5 traded: 1.0 ahead, then 0.5 of ours
        assertThat(fills).extracting(Fill::quantity).containsExactly(d("0.5"));
        assertThat(state.openOrders()).isEmpty();
    }

    @Test
    void aBidBelowTheVisibleLevelsTakesTheWholeLevelAsAheadWhenItShows() {
        TradingState state = new TradingState();
        exchange.submit(order(Side.BUY, OrderType.LIMIT, "97", "0.5"), bids("100", "1", "99", "1"), state, 0,
                listener);
        assertThat(state.openOrders().get(0).queueAhead()).isEqualTo(Long.MAX_VALUE);
        exchange.onBook(bids("99", "1", "97", "4"), state, 100, listener);
        assertThat(state.openOrders().get(0).queueAhead()).isEqualTo(d("4"));
        assertThat(fills).isEmpty();
    }

    @Test
    void theMakerShareModelLearnsThatCrossingOrdersTakeAndSmallRestingOrdersMake() {
        TradingState state = new TradingState();
        OrderIntent crossing = order(Side.BUY, OrderType.LIMIT, "101", "0.1");
        OrderIntent resting = order(Side.BUY, OrderType.LIMIT, "100", "0.1");
        BookTop book = book("100", "101");
        double crossingBefore = exchange.predictMakerShare(crossing, book, state);
        double restingBefore = exchange.predictMakerShare(resting, book, state);
        assertThat(crossingBefore).isCloseTo(0.12, org.assertj.core.api.Assertions.within(0.01)); // the prior
        assertThat(restingBefore).isCloseTo(0.88, org.assertj.core.api.Assertions.within(0.01));
        for (int i = 0; i < 200; i++) {
            exchange.submit(crossing, book, state, i * 10L, listener); // fills at 101 as taker
            exchange.submit(resting, book, state, i * 10L, listener); // rests at the touch behind 1.0
            exchange.onBook(book("99", "99.5"), state, i * 10L + 5, listener); // ask trades through: maker fill
        }
        assertThat(state.makerShare().samples()).isEqualTo(400);
        assertThat(exchange.predictMakerShare(crossing, book, state)).isLessThan(crossingBefore / 2);
        assertThat(exchange.predictMakerShare(resting, book, state)).isGreaterThan(restingBefore);
    }

    @Test
    void aReduceOnlyOrderNeverOpensOrGrowsAPosition() {
        TradingState state = new TradingState();
        exchange.submit(order(Side.SELL, OrderType.MARKET, null, "0.3").asReduceOnly(), book("100", "101"), state, 0,
                listener);
        assertThat(updates).extracting(OrderUpdate::status).containsExactly(OrderStatus.REJECTED);
        exchange.submit(order(Side.BUY, OrderType.MARKET, null, "0.4"), book("100", "101"), state, 1, listener);
        // two exits resting for the same long 0.4: a take-profit and a stop
        exchange.submit(new OrderIntent("tp", "s", "v", "S", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, d("102"),
                d("0.4"), 2, 0, d("100.5"), "tp", true), book("100", "101"), state, 2, listener);
        exchange.submit(new OrderIntent("sl", "s", "v", "S", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, d("103"),
                d("0.4"), 2, 0, d("100.5"), "sl", true), book("100", "101"), state, 2, listener);
        exchange.onBook(book("104", "105"), state, 3, listener); // bids trade through both
        assertThat(state.position()).isZero(); // not short: the second exit is cancelled, not filled
        assertThat(updates).filteredOn(u -> u.status() == OrderStatus.CANCELLED).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("reduce-only"));
    }
}
