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
import io.orderflow.venue.trading.VenueOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance USD-M order entry against a strict local mock of the venue (real HTTP on loopback, signatures and
 * timestamps verified): placed, acknowledged, filled, cancelled; duplicates and lost answers reconciled, never
 * placed twice; bursts backed off without a ban.
 */
class BinanceFuturesTradingITCase {
    private static final String KEY = "test-key-0123456789";
    private static final String SECRET = "test-secret-abcdefghijklmnopqrstuvwxyz";

    private MockBinanceFutures venue;
    private BinanceFuturesTrading trading;

    @BeforeEach
    void start() throws Exception {
        venue = new MockBinanceFutures(KEY, SECRET, 10);
        trading = client(SECRET, 0, Duration.ofMillis(400));
    }

    @AfterEach
    void stop() {
        trading.close();
        venue.close();
    }

    private BinanceFuturesTrading client(String secret, long clockSkewMs, Duration timeout) {
        return new BinanceFuturesTrading(venue.restBase(), new ApiCredentials(KEY, secret.toCharArray(), null),
                () -> System.currentTimeMillis() + clockSkewMs, timeout, 5_000, 3);
    }

    private static OrderIntent intent(String id, Side side, OrderType type, String price) {
        return new OrderIntent(id, "test", "binance-usdm", "BTCUSDT", side, type, TimeInForce.GTC,
                type == OrderType.LIMIT ? Decimals.parse(price) : 0, Decimals.parse("0.002"), 0, 0,
                Decimals.parse("60000"), "test");
    }

    @Test
    void placesAcknowledgesFillsAndCancels() {
        VenueOrder limit = trading.place(intent("ofLimit1", Side.BUY, OrderType.LIMIT, "59000.5"));
        assertThat(limit.status()).isEqualTo(OrderStatus.ACKED);
        assertThat(limit.venueOrderId()).isNotNull();
        assertThat(venue.orders()).singleElement().satisfies(o -> {
            assertThat(o.price()).isEqualTo("59000.5");
            assertThat(o.quantity()).isEqualTo("0.002");
        });

        venue.fillMarketOrdersAt("60010.1");
        VenueOrder market = trading.place(intent("ofMarket1", Side.SELL, OrderType.MARKET, null));
        assertThat(market.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(market.filledQuantity()).isEqualTo(Decimals.parse("0.002"));
        assertThat(market.averagePrice()).isEqualTo(Decimals.parse("60010.1"));

        assertThat(trading.openOrders("BTCUSDT")).extracting(VenueOrder::clientOrderId).containsExactly("ofLimit1");
        assertThat(trading.cancel("BTCUSDT", "ofLimit1").status()).isEqualTo(OrderStatus.CANCELLED);
        // cancelling again: the venue says "unknown order"; asked, the order is cancelled
        assertThat(trading.cancel("BTCUSDT", "ofLimit1").status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(trading.query("BTCUSDT", "nope").status()).isEqualTo(OrderStatus.REJECTED);

        trading.place(intent("ofLimit2", Side.BUY, OrderType.LIMIT, "58000"));
        assertThat(trading.cancelAll("BTCUSDT")).contains("cancelled all");
        assertThat(trading.openOrders("BTCUSDT")).isEmpty();
    }

    @Test
    void theSameDecisionTwiceIsOneOrder() {
        OrderIntent i = intent("ofDup1", Side.BUY, OrderType.LIMIT, "59000");
        VenueOrder first = trading.place(i);
        VenueOrder again = trading.place(i); // a replay after a failure sends the same client id
        assertThat(again.status()).isEqualTo(OrderStatus.ACKED);
        assertThat(again.venueOrderId()).isEqualTo(first.venueOrderId());
        assertThat(venue.orders()).hasSize(1);
    }

    @Test
    void anAcceptedOrderWhoseAnswerIsLostIsReconciledNotResent() {
        venue.holdNextOrderAnswer(Duration.ofMillis(1_500)); // the client gives up after 400 ms
        VenueOrder o = trading.place(intent("ofLost1", Side.BUY, OrderType.LIMIT, "59000"));
        assertThat(o.status()).isEqualTo(OrderStatus.ACKED);
        assertThat(o.venueOrderId()).isNotNull();
        assertThat(venue.orders()).extracting(MockBinanceFutures.HeldOrder::clientOrderId).containsExactly("ofLost1");
    }

    @Test
    void aBurstBacksOffWithoutABanAndPlacesEachOrderOnce() {
        List<VenueOrder> placed = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            placed.add(trading.place(intent("ofBurst" + i, Side.BUY, OrderType.LIMIT, "59000")));
        }
        assertThat(placed).allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.ACKED));
        assertThat(venue.rateLimited()).as("the burst met the venue's limit").isPositive();
        assertThat(venue.bans()).isZero();
        assertThat(venue.orders()).hasSize(25);
    }

    @Test
    void aBadSignatureIsRejectedWithTheVenuesReasonAndNoSecretInIt() {
        try (BinanceFuturesTrading wrongSecret = client("not-the-secret", 0, Duration.ofSeconds(2))) {
            VenueOrder bad = wrongSecret.place(intent("ofBad1", Side.BUY, OrderType.LIMIT, "59000"));
            assertThat(bad.status()).isEqualTo(OrderStatus.REJECTED);
            assertThat(bad.reason()).contains("-1022").doesNotContain("not-the-secret");
        }
        assertThat(venue.badSignatures()).isEqualTo(1);
        assertThat(venue.orders()).isEmpty();
    }

    /**
     * A local clock ten minutes slow (outside any recvWindow) trades anyway: the offset to {@code /fapi/v1/time}
     * is measured before the first signed request. When the venue's clock then jumps, the -1021 refusal (the order
     * was not processed) makes the adapter measure again and send once more: one order, accepted.
     */
    @Test
    void aDriftedClockIsMeasuredAgainstTheVenueAndA1021IsSentOnceMore() {
        try (BinanceFuturesTrading slowClock = client(SECRET, -600_000, Duration.ofSeconds(2))) {
            VenueOrder first = slowClock.place(intent("ofSkew1", Side.BUY, OrderType.LIMIT, "59000"));
            assertThat(first.status()).as(first.reason()).isEqualTo(OrderStatus.ACKED);
            assertThat(slowClock.serverClock().offsetMs()).isBetween(590_000L, 610_000L);
            venue.skewClock(Duration.ofSeconds(-20)); // the venue's clock moves: the measured offset is now wrong
            VenueOrder second = slowClock.place(intent("ofSkew2", Side.BUY, OrderType.LIMIT, "59000"));
            assertThat(second.status()).as(second.reason()).isEqualTo(OrderStatus.ACKED);
            assertThat(slowClock.serverClock().offsetMs()).isBetween(570_000L, 590_000L);
        }
        assertThat(venue.orders()).extracting(MockBinanceFutures.HeldOrder::clientOrderId)
                .containsExactly("ofSkew1", "ofSkew2");
    }

    /**
     * Binance signs totalParams, the query string followed by the body, and takes the signature in either (its
     * documentation's examples 2 and 3): parameters in the body, or split between the two, are accepted too.
     */
    @Test
    void theSignatureMayCoverTheBodyAndTheQueryAsBinanceDocuments() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String query = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC";
        String body = "quantity=0.002&price=59000&newClientOrderId=ofBody1&recvWindow=5000&timestamp="
                + System.currentTimeMillis();
        String signature = io.orderflow.venue.auth.RequestSigners.binance(
                new ApiCredentials(KEY, SECRET.toCharArray(), null), query + body);
        java.net.http.HttpResponse<String> mixed = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(venue.restBase() + "/fapi/v1/order?" + query))
                .header("X-MBX-APIKEY", KEY).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body + "&signature=" + signature)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(200);
        assertThat(venue.orders()).extracting(MockBinanceFutures.HeldOrder::clientOrderId).containsExactly("ofBody1");
        java.net.http.HttpResponse<String> tampered = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(venue.restBase() + "/fapi/v1/order?" + query.replace("BUY", "SELL")))
                .header("X-MBX-APIKEY", KEY).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body + "&signature=" + signature)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.body()).contains("-1022");
    }
}
