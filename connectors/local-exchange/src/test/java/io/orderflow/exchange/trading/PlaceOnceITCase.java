package io.orderflow.exchange.trading;

import static io.orderflow.model.Decimals.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.binance.BinanceFuturesTrading;
import io.orderflow.venue.kraken.KrakenFuturesTrading;
import io.orderflow.venue.trading.OrderEvent;
import io.orderflow.venue.trading.OrderEventFeed;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Settling an order whose answer never came, against the venues' documented rules (held by the strict mocks):
 * Binance takes a repeated client id once the first order is final, Kraken Futures' {@code orders/status} forgets
 * an order 5 s after it ends, and its {@code open_orders} feed reports a cancel without the order.
 */
class PlaceOnceITCase {
    private static final String KRAKEN_SECRET =
            "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";

    private static OrderIntent intent(String venue, String symbol, String id, OrderType type, String price) {
        return new OrderIntent(id, "test", venue, symbol, Side.BUY, type, TimeInForce.GTC,
                type == OrderType.LIMIT ? parse(price) : 0, parse("0.002"), 0, 0, parse("60000"), "test");
    }


    @Test
    void binanceTakesAFilledOrdersIdAgainSoALostAnswerIsLookedUpAndALostRequestIsNeverPlacedTwice()
            throws Exception {
        try (MockBinanceFutures venue = new MockBinanceFutures("k", "s", 100);
                BinanceFuturesTrading t = new BinanceFuturesTrading(venue.restBase(), new ApiCredentials("k",
                        "s".toCharArray(), null), System::currentTimeMillis, Duration.ofMillis(500), 1_000, 0)) {
            // the venue's duplicate check covers open orders only: a filled MARKET order's id is free again
            assertThat(t.place(intent("binance-usdm", "BTCUSDT", "m1", OrderType.MARKET, null)).status())
                    .isEqualTo(OrderStatus.FILLED);
            assertThat(t.place(intent("binance-usdm", "BTCUSDT", "m1", OrderType.MARKET, null)).status())
                    .as("a resend would be a second order").isEqualTo(OrderStatus.FILLED);
            assertThat(venue.orders()).filteredOn(o -> o.clientOrderId().equals("m1")).hasSize(2);

            // the answer is lost but the order is in: found, as it stands
            venue.holdAnswerOf("m2", Duration.ofMillis(1_000));
            VenueOrder held = t.place(intent("binance-usdm", "BTCUSDT", "m2", OrderType.MARKET, null));
            assertThat(held.status()).isEqualTo(OrderStatus.FILLED);
            assertThat(held.filledQuantity()).isEqualTo(parse("0.002"));

            // the request never reached the venue: not found, and once its 1 s recvWindow has passed, never placed
            venue.loseRequestOf("m3");
            long sent = System.currentTimeMillis();
            VenueOrder lost = t.place(intent("binance-usdm", "BTCUSDT", "m3", OrderType.LIMIT, "59000"));
            assertThat(lost.status()).isEqualTo(OrderStatus.REJECTED);
            assertThat(lost.reason()).contains("never placed");
            assertThat(System.currentTimeMillis() - sent).as("settled only after the window")
                    .isGreaterThanOrEqualTo(1_000 + 1_500);
            assertThat(venue.orders()).noneMatch(o -> o.clientOrderId().equals("m3"));
        }
    }

    @Test
    void krakenFindsAnOrderFinishedMoreThanFiveSecondsAgoInItsHistoryAndItsFillByTheVenuesOrderId()
            throws Exception {
        try (MockKrakenFutures venue = new MockKrakenFutures("k", KRAKEN_SECRET, 100);
                KrakenFuturesTrading t = new KrakenFuturesTrading(venue.restBase() + "/derivatives",
                        new ApiCredentials("k", KRAKEN_SECRET.toCharArray(), null), System::currentTimeMillis,
                        Duration.ofMillis(500), 0)) {
            t.loadInstruments(List.of("PF_XBTUSD"));
            long sent = System.currentTimeMillis();
            VenueOrder placed = t.place(intent("kraken-futures", "PF_XBTUSD", "k1", OrderType.MARKET, null));
            assertThat(placed.status()).as("sendorder answers 'placed'").isEqualTo(OrderStatus.ACKED);
            venue.skewClock(Duration.ofSeconds(10)); // the venue's clock is now 10 s past the order's end
            assertThat(t.query("PF_XBTUSD", "k1").status()).as("orders/status forgot it")
                    .isEqualTo(OrderStatus.REJECTED);
            VenueOrder found = t.lookup("PF_XBTUSD", "k1", sent);
            assertThat(found.status()).isEqualTo(OrderStatus.FILLED);
            assertThat(found.venueOrderId()).isEqualTo(placed.venueOrderId());
            assertThat(found.filledQuantity()).isEqualTo(parse("0.002"));
            // the venue's fills name the order by its own id only
            assertThat(t.fills("PF_XBTUSD", sent - 1_000)).singleElement().satisfies(f -> {
                assertThat(f.clientOrderId()).isNull();
                assertThat(f.venueOrderId()).isEqualTo(placed.venueOrderId());
                assertThat(f.quantity()).isEqualTo(parse("0.002"));
            });
            assertThat(t.lookup("PF_XBTUSD", "never-sent", sent).status())
                    .as("not in the history either, but its window (10 s of ours) has not passed")
                    .isEqualTo(OrderStatus.UNKNOWN);
            // a cancel that comes after status forgot the order (late, on a busy machine): reported as the order
            // stands in the history, filled, never as refused
            VenueOrder cancelled = t.cancel("PF_XBTUSD", "k1");
            assertThat(cancelled.status()).isEqualTo(OrderStatus.FILLED);
            assertThat(cancelled.venueOrderId()).isEqualTo(placed.venueOrderId());
        }
    }

    @Test
    void krakensCancelWithoutTheOrderIsLookedUpAndReportedWithWhatFilled() throws Exception {
        try (MockKrakenFutures venue = new MockKrakenFutures("k", KRAKEN_SECRET, 100);
                KrakenFuturesTrading t = new KrakenFuturesTrading(venue.restBase() + "/derivatives",
                        new ApiCredentials("k", KRAKEN_SECRET.toCharArray(), null), System::currentTimeMillis,
                        Duration.ofSeconds(2), 0)) {
            t.loadInstruments(List.of("PF_XBTUSD"));
            List<OrderEvent> events = new CopyOnWriteArrayList<>();
            try (OrderEventFeed feed = new OrderEventFeed(t, t.privateStream(venue.webSocketBase()),
                    Duration.ofSeconds(30), System.currentTimeMillis() - 1, events::add)) {
                feed.start();
                Await.until("the private stream", feed::streaming);
                assertThat(t.place(intent("kraken-futures", "PF_XBTUSD", "c1", OrderType.LIMIT, "59000")).status())
                        .isEqualTo(OrderStatus.ACKED);
                feed.track("PF_XBTUSD", "c1");
                venue.fill("c1", "59000", "0.0005", true);
                assertThat(t.cancel("PF_XBTUSD", "c1").status()).isEqualTo(OrderStatus.CANCELLED);
                // the feed sends {"order_id","cli_ord_id","is_cancel":true} with no order: looked up, not dropped
                Await.until("the cancel, with its filled quantity", () -> events.stream().anyMatch(e -> e.order() != null
                        && e.order().status() == OrderStatus.CANCELLED
                        && e.order().filledQuantity() == parse("0.0005")));
                assertThat(events).noneMatch(e -> e.order() != null && e.order().filledUnknown());
                assertThat(events).filteredOn(e -> e.fill() != null).extracting(OrderEvent::fill)
                        .extracting(VenueFill::quantity).containsExactly(parse("0.0005"));
            }
        }
    }
}
