package io.orderflow.exchange.trading;

import static io.orderflow.model.Decimals.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.binance.BinanceFuturesTrading;
import io.orderflow.venue.kraken.KrakenFuturesTrading;
import io.orderflow.venue.okx.OkxTrading;
import io.orderflow.venue.trading.UnsupportedAccountMode;
import io.orderflow.venue.trading.VenueTrading;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account guards, against the venues' documented endpoints as the strict mocks serve them: the account modes
 * read at start (Binance's position mode, OKX's account configuration) and the dead man's switch, which cancels
 * the open orders once nobody armed it again within its timeout (Binance {@code countdownCancelAll}, OKX
 * {@code cancel-all-after}, Kraken Futures {@code cancelallordersafter}). The venue's clock is moved forward
 * instead of waiting out the timeouts.
 */
class AccountGuardsITCase {
    private static final String KRAKEN_SECRET =
            "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";

    private static OrderIntent resting(String venue, String symbol, String id) {
        return new OrderIntent(id, "test", venue, symbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, parse("59000"),
                parse("0.002"), 0, 0, parse("60000"), "test");
    }


    @Test
    void hedgeAndLongShortModesStopTheStartWithWhatToChange() throws Exception {
        try (MockBinanceFutures binance = new MockBinanceFutures("k", "s", 100);
                BinanceFuturesTrading b = new BinanceFuturesTrading(binance.restBase(), new ApiCredentials("k",
                        "s".toCharArray(), null), System::currentTimeMillis, Duration.ofSeconds(2), 5_000, 0);
                MockOkx okx = new MockOkx("k", "S3CRET", "p", 100);
                OkxTrading o = new OkxTrading(okx.restBase(), new ApiCredentials("k", "S3CRET".toCharArray(),
                        "p".toCharArray()), System::currentTimeMillis, Duration.ofSeconds(2), true, "cross", 0)) {
            assertThat(b.checkAccountModes(List.of("BTCUSDT"))).contains("one-way");
            binance.hedgeMode(true);
            assertThatThrownBy(() -> b.checkAccountModes(List.of("BTCUSDT"))).isInstanceOf(UnsupportedAccountMode.class)
                    .hasMessageContaining("hedge mode").hasMessageContaining("one-way");
            // in hedge mode the venue refuses what orderflow sends: no positionSide
            assertThat(b.place(resting("binance-usdm", "BTCUSDT", "h1")).reason()).contains("-4061");

            assertThat(o.checkAccountModes(List.of("BTC-USDT-SWAP"))).contains("net_mode");
            okx.positionMode("long_short_mode");
            assertThatThrownBy(() -> o.checkAccountModes(List.of("BTC-USDT-SWAP")))
                    .isInstanceOf(UnsupportedAccountMode.class).hasMessageContaining("net mode");
            assertThat(o.checkAccountModes(List.of("BTC-USDT"))).as("spot has no position mode").contains("okx");
        }
    }

    @Test
    void eachVenuesDeadMansSwitchCancelsOpenOrdersOnlyWhenNotArmedAgainInTime() throws Exception {
        try (MockBinanceFutures binance = new MockBinanceFutures("k", "s", 100);
                BinanceFuturesTrading b = new BinanceFuturesTrading(binance.restBase(), new ApiCredentials("k",
                        "s".toCharArray(), null), System::currentTimeMillis, Duration.ofSeconds(2), 5_000, 0)) {
            check(binance, b, "binance-usdm", "BTCUSDT", Duration.ofSeconds(5),
                    id -> binance.orders().stream().filter(x -> x.clientOrderId().equals(id)).findFirst()
                            .orElseThrow().status().equals("CANCELED"));
        }
        try (MockOkx okx = new MockOkx("k", "S3CRET", "p", 100);
                OkxTrading o = new OkxTrading(okx.restBase(), new ApiCredentials("k", "S3CRET".toCharArray(),
                        "p".toCharArray()), System::currentTimeMillis, Duration.ofSeconds(2), true, "cross", 0)) {
            o.loadInstruments(List.of("BTC-USDT-SWAP"));
            assertThatThrownBy(() -> o.cancelAllAfter(List.of(), Duration.ofSeconds(5)))
                    .as("OKX takes 10 to 120 s").hasMessageContaining("10 to 120");
            check(okx, o, "okx", "BTC-USDT-SWAP", Duration.ofSeconds(10),
                    id -> okx.orders().stream().filter(x -> x.clOrdId().equals(id)).findFirst().orElseThrow()
                            .state().equals("canceled"));
        }
        try (MockKrakenFutures kraken = new MockKrakenFutures("k", KRAKEN_SECRET, 100);
                KrakenFuturesTrading k = new KrakenFuturesTrading(kraken.restBase() + "/derivatives",
                        new ApiCredentials("k", KRAKEN_SECRET.toCharArray(), null), System::currentTimeMillis,
                        Duration.ofSeconds(2), 0)) {
            k.loadInstruments(List.of("PF_XBTUSD"));
            check(kraken, k, "kraken-futures", "PF_XBTUSD", Duration.ofSeconds(10),
                    id -> kraken.orders().stream().filter(x -> x.cliOrdId().equals(id)).findFirst().orElseThrow()
                            .status().equals("CANCELLED"));
        }
    }

    private interface Cancelled {
        boolean test(String clientOrderId);
    }

    private static void check(MockVenue venue, VenueTrading t, String venueId, String symbol, Duration timeout,
            Cancelled cancelled) throws Exception {
        long half = timeout.toMillis() / 2 + 500;
        assertThat(t.place(resting(venueId, symbol, "dm1")).status()).isEqualTo(OrderStatus.ACKED);
        assertThat(t.cancelAllAfter(List.of(symbol), timeout)).contains(venueId);
        venue.skewClock(Duration.ofMillis(half));
        assertThat(t.cancelAllAfter(List.of(symbol), timeout)).as("armed again in time").isNotEmpty();
        venue.skewClock(Duration.ofMillis(2 * half)); // past the first deadline, not the renewed one
        venue.checkSwitches(); // a look at a deadline not yet due
        assertThat(cancelled.test("dm1")).as("renewed in time: still working").isFalse();
        assertThat(venue.deadMansSwitchesFired()).isZero();
        venue.skewClock(Duration.ofMillis(half + timeout.toMillis() + 1_000)); // nobody armed it again
        Await.until(venueId + "'s switch to cancel the order", () -> cancelled.test("dm1"));
        assertThat(venue.deadMansSwitchesFired()).isEqualTo(1);

        assertThat(t.place(resting(venueId, symbol, "dm2")).status()).isEqualTo(OrderStatus.ACKED);
        t.cancelAllAfter(List.of(symbol), timeout);
        t.cancelAllAfter(List.of(symbol), Duration.ZERO); // disarmed
        venue.skewClock(Duration.ofMillis(half + 3 * timeout.toMillis()));
        venue.checkSwitches();
        assertThat(cancelled.test("dm2")).as("disarmed: never fires").isFalse();
    }
}
