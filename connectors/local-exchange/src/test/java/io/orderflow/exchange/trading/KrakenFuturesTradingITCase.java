package io.orderflow.exchange.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.kraken.KrakenFuturesTrading;
import io.orderflow.venue.trading.VenueOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kraken Futures demo order entry against a strict local mock (real HTTP on loopback, Authent verified). */
class KrakenFuturesTradingITCase {
    private static final String KEY = "kf-key-77aa";
    // the documented example secret, unpadded as published
    private static final String SECRET =
            "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";

    private MockKrakenFutures venue;
    private KrakenFuturesTrading trading;

    @BeforeEach
    void start() throws Exception {
        venue = new MockKrakenFutures(KEY, SECRET, 10);
        trading = client(SECRET);
    }

    @AfterEach
    void stop() {
        trading.close();
        venue.close();
    }

    private KrakenFuturesTrading client(String secret) {
        KrakenFuturesTrading t = new KrakenFuturesTrading(venue.restBase() + "/derivatives",
                new ApiCredentials(KEY, secret.toCharArray(), null), System::currentTimeMillis, Duration.ofMillis(400), 3);
        t.loadInstruments(List.of("PF_XBTUSD")); // public: read before any key is checked
        return t;
    }

    private static OrderIntent intent(String id, Side side, OrderType type, String price) {
        return new OrderIntent(id, "test", "kraken-futures", "PF_XBTUSD", side, type, TimeInForce.GTC,
                type == OrderType.LIMIT ? Decimals.parse(price) : 0, Decimals.parse("0.001"), 0, 0,
                Decimals.parse("60000"), "test");
    }

    @Test
    void placesAcknowledgesFillsAndCancels() {
        VenueOrder limit = trading.place(intent("ofKfLimit1", Side.BUY, OrderType.LIMIT, "59000.5"));
        assertThat(limit.status()).isEqualTo(OrderStatus.ACKED);
        assertThat(venue.orders()).singleElement().satisfies(o -> {
            assertThat(o.limitPrice()).isEqualTo("59000.5");
            assertThat(o.orderType()).isEqualTo("lmt");
        });
        venue.fillMarketOrdersAt("60002.5");
        trading.place(intent("ofKfMarket1", Side.SELL, OrderType.MARKET, null));
        VenueOrder market = trading.query("PF_XBTUSD", "ofKfMarket1");
        assertThat(market.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(market.filledQuantity()).isEqualTo(Decimals.parse("0.001"));
        // orders/status carries no average price (the venue documents none): the fill has it
        assertThat(trading.fills("PF_XBTUSD", 0)).singleElement()
                .satisfies(f -> assertThat(f.price()).isEqualTo(Decimals.parse("60002.5")));
        assertThat(trading.openOrders("PF_XBTUSD")).extracting(VenueOrder::clientOrderId).containsExactly("ofKfLimit1");
        assertThat(trading.cancel("PF_XBTUSD", "ofKfLimit1").status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(trading.cancel("PF_XBTUSD", "ofKfLimit1").status()).isEqualTo(OrderStatus.CANCELLED);
        trading.place(intent("ofKfLimit2", Side.BUY, OrderType.LIMIT, "58000"));
        assertThat(trading.cancelAll("PF_XBTUSD")).contains("cancelled all");
        assertThat(trading.openOrders("PF_XBTUSD")).isEmpty();
    }

    @Test
    void duplicatesAndLostAnswersAreOneOrder() {
        OrderIntent i = intent("ofKfDup1", Side.BUY, OrderType.LIMIT, "59000");
        VenueOrder first = trading.place(i);
        assertThat(trading.place(i).venueOrderId()).isEqualTo(first.venueOrderId());
        venue.holdNextOrderAnswer(Duration.ofMillis(1_500));
        VenueOrder lost = trading.place(intent("ofKfLost1", Side.BUY, OrderType.LIMIT, "59000"));
        assertThat(lost.status()).isEqualTo(OrderStatus.ACKED);
        assertThat(venue.orders()).extracting(MockKrakenFutures.HeldOrder::cliOrdId)
                .containsExactly("ofKfDup1", "ofKfLost1");
    }

    @Test
    void aBurstBacksOffAndPlacesEachOrderOnce() {
        List<VenueOrder> placed = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            placed.add(trading.place(intent("ofKfBurst" + i, Side.BUY, OrderType.LIMIT, "59000")));
        }
        assertThat(placed).allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.ACKED));
        assertThat(venue.rateLimited()).isPositive();
        assertThat(venue.bans()).isZero();
        assertThat(venue.orders()).hasSize(25);
    }

    @Test
    void aWrongSecretIsRefusedWithoutShowingIt() {
        String wrong = "AAAA" + SECRET.substring(4);
        try (KrakenFuturesTrading bad = client(wrong)) {
            VenueOrder o = bad.place(intent("ofKfBad1", Side.BUY, OrderType.LIMIT, "59000"));
            assertThat(o.status()).isEqualTo(OrderStatus.REJECTED);
            assertThat(o.reason()).contains("authenticationError").doesNotContain(wrong);
        }
        assertThat(venue.badSignatures()).isEqualTo(1);
        assertThat(venue.orders()).isEmpty();
    }

    /** Each endpoint takes its documented method only: a GET of sendorder places nothing. */
    @Test
    void anEndpointRefusesAnotherMethod() throws Exception {
        java.net.http.HttpResponse<String> get = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(venue.restBase()
                        + "/derivatives/api/v3/sendorder?orderType=lmt&symbol=PF_XBTUSD&side=buy&size=1&limitPrice=1"))
                        .header("APIKey", KEY).header("Nonce", "1").header("Authent",
                                io.orderflow.venue.auth.RequestSigners.krakenFutures(new ApiCredentials(KEY,
                                        SECRET.toCharArray(), null), "orderType=lmt&symbol=PF_XBTUSD&side=buy&size=1"
                                        + "&limitPrice=1", "1", "/api/v3/sendorder")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(venue.orders()).isEmpty();
    }
}
