package io.orderflow.exchange.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.exchange.protocol.VenueProtocols;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.Venues;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.trading.TradingVenue;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenuePosition;
import io.orderflow.venue.trading.VenueTrading;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every venue orderflow trades on answers, run over the registry ({@link Venues#tradingIds()}), each against its
 * strict mock ({@link MockVenues}): its test environment is a real TLS endpoint, it reads its instruments and account
 * modes, and through the one {@code TradingVenue} interface an order rests, is found, listed and cancelled, a market
 * order fills, and the position, the fill and the dead man's switch agree with the venue's account. A venue added to
 * the registry without its mock, its local-exchange protocol or any of this fails here.
 */
class TradingVenueContractITCase {
    private static final String KEY = "contract-key";
    private static final String SECRET = Base64.getEncoder().encodeToString("contract-secret-0123456789".getBytes());
    private static final String PASSPHRASE = "contract-pass";

    static Stream<String> tradingVenues() {
        return Venues.tradingIds().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tradingVenues")
    void everyTradingVenueKeepsTheContract(String venueId) throws Exception {
        TradingVenue venue = Venues.trading(venueId);
        assertThat(venue.testRestBase()).startsWith("https://");
        assertThat(venue.testPrivateWebSocketBase()).startsWith("wss://");
        assertThat(venue.newOrderRate(0).tryTake(0)).as("a fresh order-rate bucket lets an order through").isTrue();
        // its market data is served by the local exchange too (the simulator speaks every traded venue), and it
        // trades BTC as its own package spells it
        io.orderflow.venue.Venue.Majors majors = Venues.byId(venueId).majors();
        assertThat(VenueProtocols.forVenue(venueId, new SimulatedMarket(SimulatedMarket.btcAndEth(majors.btc(),
                majors.eth()), 0, 100, 1, 0.0003, 1)).venueId()).isEqualTo(venueId);
        try (MockVenue mock = MockVenues.start(venueId, KEY, SECRET, PASSPHRASE, 100);
                VenueTrading trading = venue.connect(mock.tradingBase(), new ApiCredentials(KEY, SECRET.toCharArray(),
                        venue.needsPassphrase() ? PASSPHRASE.toCharArray() : null), Duration.ofSeconds(2))) {
            String symbol = majors.btc();
            assertThat(mock.listedSymbols()).as("what the mock lists").contains(symbol);
            Instrument instrument = trading.loadInstruments(List.of(symbol)).require(symbol);
            assertThat(instrument.tickSize()).isPositive();
            assertThat(trading.checkAccountModes(List.of(symbol))).isNotBlank();

            long size = Decimals.parse("0.05");
            long restingPrice = instrument.passivePrice(Side.BUY, Decimals.parse("54000"));
            VenueOrder resting = trading.place(intent("ctrLimit1", symbol, OrderType.LIMIT, restingPrice, size));
            assertThat(resting.status()).as(resting.toString()).isEqualTo(OrderStatus.ACKED);
            assertThat(trading.query(symbol, "ctrLimit1").status()).isEqualTo(OrderStatus.ACKED);
            assertThat(trading.openOrders(symbol)).extracting(VenueOrder::clientOrderId).containsExactly("ctrLimit1");
            assertThat(trading.cancel(symbol, "ctrLimit1").status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(trading.openOrders(symbol)).isEmpty();
            assertThat(mock.workingOrders()).isEmpty();

            long since = System.currentTimeMillis() - 1_000;
            trading.place(intent("ctrMarket1", symbol, OrderType.MARKET, 0, size));
            assertThat(trading.query(symbol, "ctrMarket1").status()).isEqualTo(OrderStatus.FILLED);
            assertThat(trading.positions()).filteredOn(p -> p.symbol().equals(symbol))
                    .extracting(VenuePosition::quantity).containsExactly(size);
            assertThat(trading.fills(symbol, since)).singleElement().satisfies(f -> {
                assertThat(f.quantity()).isEqualTo(size);
                assertThat(f.price()).isEqualTo(Decimals.parse("60000"));
                assertThat(f.side()).isEqualTo(Side.BUY);
            }).extracting(VenueFill::venueOrderId).isNotNull();

            int armed = mock.deadMansSwitchesArmed();
            trading.cancelAllAfter(List.of(symbol), Duration.ofSeconds(60));
            assertThat(mock.deadMansSwitchesArmed()).isGreaterThan(armed);
            assertThat(mock.badSignatures()).isZero();
        }
    }

    private static OrderIntent intent(String id, String symbol, OrderType type, long price, long size) {
        return new OrderIntent(id, "contract", "venue", symbol, Side.BUY, type, TimeInForce.GTC, price, size, 0, 0,
                Decimals.parse("60000"), "contract");
    }
}
