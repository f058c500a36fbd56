package io.orderflow.exchange.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.okx.OkxTrading;
import io.orderflow.venue.trading.VenueOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OKX demo-trading order entry against a strict local mock (real HTTP on loopback, signatures verified). */
class OkxTradingITCase {
    private static final String KEY = "okx-key-4f1e";
    private static final String SECRET = "22582BD0CFF14C41EDBF1AB98506286D";
    private static final String PASSPHRASE = "okx-pass-phrase";

    private MockOkx venue;
    private OkxTrading trading;

    @BeforeEach
    void start() throws Exception {
        venue = new MockOkx(KEY, SECRET, PASSPHRASE, 10);
        trading = client(SECRET, 0, true);
    }

    @AfterEach
    void stop() {
        trading.close();
        venue.close();
    }

    private OkxTrading client(String secret, long skewMs, boolean demo) {
        return new OkxTrading(venue.restBase(), new ApiCredentials(KEY, secret.toCharArray(), PASSPHRASE.toCharArray()),
                () -> System.currentTimeMillis() + skewMs, Duration.ofMillis(400), demo, "cross", 3);
    }

    private static OrderIntent intent(String id, Side side, OrderType type, String price) {
        return new OrderIntent(id, "test", "okx", "BTC-USDT", side, type, TimeInForce.GTC,
                type == OrderType.LIMIT ? Decimals.parse(price) : 0, Decimals.parse("0.01"), 0, 0,
                Decimals.parse("60000"), "test");
    }

    @Test
    void placesAcknowledgesFillsAndCancels() {
        VenueOrder limit = trading.place(intent("ofOkxLimit1", Side.BUY, OrderType.LIMIT, "59000.1"));
        assertThat(limit.status()).isEqualTo(OrderStatus.ACKED);
        assertThat(venue.orders()).singleElement().satisfies(o -> {
            assertThat(o.px()).isEqualTo("59000.1");
            assertThat(o.side()).isEqualTo("buy");
            assertThat(o.ordType()).isEqualTo("limit");
        });
        venue.fillMarketOrdersAt("60001.5");
        trading.place(intent("ofOkxMarket1", Side.SELL, OrderType.MARKET, null));
        VenueOrder market = trading.query("BTC-USDT", "ofOkxMarket1");
        assertThat(market.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(market.averagePrice()).isEqualTo(Decimals.parse("60001.5"));
        assertThat(trading.openOrders("BTC-USDT")).extracting(VenueOrder::clientOrderId).containsExactly("ofOkxLimit1");
        assertThat(trading.cancel("BTC-USDT", "ofOkxLimit1").status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(trading.cancel("BTC-USDT", "ofOkxLimit1").status()).isEqualTo(OrderStatus.CANCELLED);
        trading.place(intent("ofOkxLimit2", Side.BUY, OrderType.LIMIT, "58000"));
        assertThat(trading.cancelAll("BTC-USDT")).contains("cancelled 1");
        assertThat(trading.openOrders("BTC-USDT")).isEmpty();
    }

    @Test
    void duplicatesAndLostAnswersAreOneOrder() {
        OrderIntent i = intent("ofOkxDup1", Side.BUY, OrderType.LIMIT, "59000");
        VenueOrder first = trading.place(i);
        assertThat(trading.place(i).venueOrderId()).isEqualTo(first.venueOrderId());
        venue.holdNextOrderAnswer(Duration.ofMillis(1_500));
        VenueOrder lost = trading.place(intent("ofOkxLost1", Side.BUY, OrderType.LIMIT, "59000"));
        assertThat(lost.status()).isEqualTo(OrderStatus.ACKED);
        assertThat(venue.orders()).extracting(MockOkx.HeldOrder::clOrdId).containsExactly("ofOkxDup1", "ofOkxLost1");
    }

    @Test
    void aBurstBacksOffAndPlacesEachOrderOnce() {
        List<VenueOrder> placed = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            placed.add(trading.place(intent("ofOkxBurst" + i, Side.BUY, OrderType.LIMIT, "59000")));
        }
        assertThat(placed).allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.ACKED));
        assertThat(venue.rateLimited()).isPositive();
        assertThat(venue.bans()).isZero();
        assertThat(venue.orders()).hasSize(25);
    }

    @Test
    void badSignaturesAndTheLiveEnvironmentAreRefused() {
        try (OkxTrading wrongSecret = client("WRONG", 0, true);
                OkxTrading live = client(SECRET, 0, false)) {
            assertThat(wrongSecret.place(intent("ofOkxBad1", Side.BUY, OrderType.LIMIT, "59000")).reason())
                    .contains("50113").doesNotContain("WRONG");
            assertThat(live.place(intent("ofOkxLive1", Side.BUY, OrderType.LIMIT, "59000")).status())
                    .isEqualTo(OrderStatus.REJECTED);
        }
        assertThat(venue.badSignatures()).isEqualTo(1);
        assertThat(venue.orders()).isEmpty();
    }

    /**
     * A local clock two minutes slow (outside OKX's 30 s) trades anyway, by the offset to
     * {@code /api/v5/public/time}; a later jump of the venue's clock gets 50102, and the adapter measures again and
     * sends once more.
     */
    @Test
    void aDriftedClockIsMeasuredAgainstTheVenueAndA50102IsSentOnceMore() {
        try (OkxTrading slowClock = client(SECRET, -120_000, true)) {
            VenueOrder first = slowClock.place(intent("ofOkxSkew1", Side.BUY, OrderType.LIMIT, "59000"));
            assertThat(first.status()).as(first.reason()).isEqualTo(OrderStatus.ACKED);
            venue.skewClock(Duration.ofSeconds(45));
            VenueOrder second = slowClock.place(intent("ofOkxSkew2", Side.BUY, OrderType.LIMIT, "59000"));
            assertThat(second.status()).as(second.reason()).isEqualTo(OrderStatus.ACKED);
            assertThat(slowClock.serverClock().offsetMs()).isBetween(160_000L, 170_000L);
        }
        assertThat(venue.orders()).extracting(MockOkx.HeldOrder::clOrdId).containsExactly("ofOkxSkew1", "ofOkxSkew2");
    }
}
