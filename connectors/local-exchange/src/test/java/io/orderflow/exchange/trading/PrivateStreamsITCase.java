package io.orderflow.exchange.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.binance.BinanceFuturesTrading;
import io.orderflow.venue.kraken.KrakenFuturesTrading;
import io.orderflow.venue.okx.OkxTrading;
import io.orderflow.venue.trading.OrderEvent;
import io.orderflow.venue.trading.OrderEventFeed;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenuePosition;
import io.orderflow.venue.trading.VenueTrading;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each venue's private stream and account endpoints against its local mock (real WebSocket and HTTP servers on
 * loopback that verify the venue's login, listen key or signed challenge): order updates and fills arrive once
 * each, amend changes the working order, positions and trade history agree with the fills, reduce-only orders
 * cannot open a position; while the stream is down REST polling delivers the fills, and when it returns nothing
 * is delivered twice.
 */
class PrivateStreamsITCase {
    /** One venue under test: its mock, a signed client, the symbol, and how the mock executes a resting order. */
    record Venue(String name, MockVenue mock, VenueTrading trading, String symbol, Filler filler)
            implements AutoCloseable {
        Venue {
            trading.loadInstruments(List.of(symbol)); // from the mock's public instruments endpoint
        }

        @Override
        public void close() {
            trading.close();
            mock.close();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    interface Filler {
        void fill(String clientOrderId, String price, String quantity, boolean maker);
    }

    static Stream<String> venues() {
        return Stream.of("binance-usdm", "okx", "kraken-futures");
    }

    static Venue start(String name) throws Exception {
        switch (name) {
            case "binance-usdm" -> {
                MockBinanceFutures m = new MockBinanceFutures("bn-key", "bn-secret-0123456789", 50);
                return new Venue(name, m, new BinanceFuturesTrading(m.restBase(), new ApiCredentials("bn-key",
                        "bn-secret-0123456789".toCharArray(), null), System::currentTimeMillis, Duration.ofSeconds(2),
                        5_000, 3), "BTCUSDT", m::fill);
            }
            case "okx" -> {
                MockOkx m = new MockOkx("okx-key", "OKXSECRET0123456789", "okx-pass", 50);
                return new Venue(name, m, new OkxTrading(m.restBase(), new ApiCredentials("okx-key",
                        "OKXSECRET0123456789".toCharArray(), "okx-pass".toCharArray()), System::currentTimeMillis,
                        Duration.ofSeconds(2), true, "cross", 3), "BTC-USDT-SWAP",
                        // the test speaks base units; OKX fills swaps in contracts of 0.01 BTC
                        (id, price, quantity, maker) -> m.fill(id, price, new java.math.BigDecimal(quantity)
                                .divide(new java.math.BigDecimal("0.01")).toPlainString(), maker));
            }
            default -> {
                String secret = "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
                MockKrakenFutures m = new MockKrakenFutures("kf-key", secret, 50);
                return new Venue(name, m, new KrakenFuturesTrading(m.restBase() + "/derivatives", new ApiCredentials(
                        "kf-key", secret.toCharArray(), null), System::currentTimeMillis, Duration.ofSeconds(2), 3),
                        "PF_XBTUSD", m::fill);
            }
        }
    }

    private static OrderIntent limit(Venue v, String id, Side side, String price, String quantity) {
        return new OrderIntent(id, "test", v.name(), v.symbol(), side, OrderType.LIMIT, TimeInForce.GTC,
                Decimals.parse(price), Decimals.parse(quantity), 0, 0, Decimals.parse(price), "test");
    }


    private static boolean has(List<OrderEvent> events, String id, OrderStatus status) {
        return events.stream().anyMatch(e -> e.order() != null && id.equals(e.order().clientOrderId())
                && e.order().status() == status);
    }

    private static List<VenueFill> fills(List<OrderEvent> events) {
        return events.stream().filter(e -> e.fill() != null).map(OrderEvent::fill).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void streamsUpdatesAndFillsAndTheAccountEndpointsAgreeWithThem(String name) throws Exception {
        try (Venue v = start(name)) {
            List<OrderEvent> events = new CopyOnWriteArrayList<>();
            long start = System.currentTimeMillis() - 1;
            try (OrderEventFeed feed = new OrderEventFeed(v.trading(), v.trading().privateStream(v.mock().webSocketBase()),
                    Duration.ofMillis(200), start, events::add)) {
                feed.start();
                Await.until("the private stream to authenticate", feed::streaming);
                assertThat(v.mock().privateSubscribers()).isEqualTo(1);

                String id = "ofPs" + name.replace("-", "") + "1";
                assertThat(v.trading().place(limit(v, id, Side.BUY, "59000", "0.004")).status())
                        .isEqualTo(OrderStatus.ACKED);
                feed.track(v.symbol(), id);
                Await.until("the ACK on the stream", () -> has(events, id, OrderStatus.ACKED));

                VenueOrder amended = v.trading().amend(v.symbol(), id, Side.BUY, Decimals.parse("59100"),
                        Decimals.parse("0.006"));
                assertThat(amended.status()).isEqualTo(OrderStatus.ACKED);
                assertThat(amended.reason()).doesNotContain("not amended");

                v.filler().fill(id, "59100", "0.002", true);
                Await.until("a partial fill", () -> has(events, id, OrderStatus.PARTIALLY_FILLED) && fills(events).size() == 1);
                v.filler().fill(id, "59100", "0.004", false);
                Await.until("the fill", () -> has(events, id, OrderStatus.FILLED) && fills(events).size() == 2);

                List<VenueFill> streamed = fills(events);
                assertThat(streamed).extracting(VenueFill::quantity)
                        .containsExactly(Decimals.parse("0.002"), Decimals.parse("0.004"));
                assertThat(streamed).extracting(VenueFill::maker).containsExactly(true, false);
                assertThat(streamed).allSatisfy(f -> {
                    assertThat(f.clientOrderId()).isEqualTo(id);
                    assertThat(f.price()).isEqualTo(Decimals.parse("59100"));
                    assertThat(f.fee()).isPositive(); // 2 bps maker, 5 bps taker, paid
                });
                assertThat(streamed.get(0).fee()).isEqualTo(Decimals.parse("0.023640")); // 59100 × 0.002 × 2 bps
                assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("stream"));

                List<VenueFill> history = v.trading().fills(v.symbol(), start);
                assertThat(history).extracting(VenueFill::fillId)
                        .containsExactlyElementsOf(streamed.stream().map(VenueFill::fillId).toList());
                assertThat(v.trading().positions()).singleElement().satisfies(p -> {
                    assertThat(p.symbol()).isEqualTo(v.symbol());
                    assertThat(p.quantity()).isEqualTo(Decimals.parse("0.006"));
                    assertThat(p.entryPrice()).isEqualTo(Decimals.parse("59100"));
                });

                // reduce-only: a buy cannot grow the long; a sell of part of it goes
                VenueOrder grow = v.trading().place(limit(v, "ofPsGrow" + name.length(), Side.BUY, "59000", "0.001")
                        .asReduceOnly());
                assertThat(grow.status()).isEqualTo(OrderStatus.REJECTED);
                VenueOrder reduce = v.trading().place(limit(v, "ofPsReduce" + name.length(), Side.SELL, "61000",
                        "0.001").asReduceOnly());
                assertThat(reduce.status()).isEqualTo(OrderStatus.ACKED);
                List<VenuePosition> after = v.trading().positions();
                assertThat(after).extracting(VenuePosition::quantity).containsExactly(Decimals.parse("0.006"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void pollsRestWhileTheStreamIsDownAndDeliversEveryFillOnce(String name) throws Exception {
        try (Venue v = start(name)) {
            List<OrderEvent> events = new CopyOnWriteArrayList<>();
            long start = System.currentTimeMillis() - 1;
            try (OrderEventFeed feed = new OrderEventFeed(v.trading(), v.trading().privateStream(v.mock().webSocketBase()),
                    Duration.ofMillis(100), start, events::add)) {
                feed.start();
                Await.until("the private stream to authenticate", feed::streaming);
                String id = "ofPoll" + name.replace("-", "");
                v.trading().place(limit(v, id, Side.SELL, "61000", "0.003"));
                feed.track(v.symbol(), id);
                Await.until("the ACK", () -> has(events, id, OrderStatus.ACKED));

                v.mock().dropPrivateStreams(true);
                Await.until("the stream to notice the outage", () -> !feed.streaming());
                v.filler().fill(id, "61000", "0.001", true);
                Await.until("the fill, polled", () -> fills(events).size() == 1);
                assertThat(events.stream().filter(e -> e.fill() != null).findFirst().orElseThrow().source())
                        .isEqualTo("poll");
                Await.until("the order's new state, polled", () -> has(events, id, OrderStatus.PARTIALLY_FILLED));

                v.mock().acceptPrivateStreams();
                Await.until("the stream to come back", feed::streaming);
                v.filler().fill(id, "61000", "0.002", true);
                Await.until("the second fill", () -> fills(events).size() == 2 && has(events, id, OrderStatus.FILLED));
                assertThat(fills(events)).extracting(VenueFill::fillId).doesNotHaveDuplicates().hasSize(2);
                assertThat(fills(events)).allSatisfy(f -> assertThat(f.clientOrderId()).isEqualTo(id));
                assertThat(feed.polls()).isPositive();
            }
        }
    }
}
