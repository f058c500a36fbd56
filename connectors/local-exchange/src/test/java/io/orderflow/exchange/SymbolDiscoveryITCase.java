package io.orderflow.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.discovery.SymbolDiscovery;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Top-N by 24 h volume from each venue's ticker endpoint, served over real HTTP by the local exchange. */
class SymbolDiscoveryITCase {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"binance-spot", "binance-usdm", "okx", "kraken-futures"})
    void picksTheMostTradedInstruments(String venueId) throws Exception {
        // same price, lots 100x apart: the traded notional ranks HEAVY > MEDIUM > LIGHT whatever the random draws
        SimulatedMarket market = new SimulatedMarket(List.of(
                new SimulatedMarket.Instrument("LIGHT", "100", "0.1", "0.0001"),
                new SimulatedMarket.Instrument("HEAVY", "100", "0.1", "1"),
                new SimulatedMarket.Instrument("MEDIUM", "100", "0.1", "0.01")), 1_700_000_000_000L, 100, 0, 0.0003, 1);
        for (int i = 0; i < 300; i++) {
            market.step();
        }
        try (LocalExchange exchange = LocalExchange.simulated(venueId, market, 1, 20)) {
            List<String> top = SymbolDiscovery.topByVolume(venueId,
                    new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()), 2);
            assertThat(top).containsExactly("HEAVY", "MEDIUM");
        }
    }

    @ParameterizedTest
    @CsvSource({"gemini", "woox", "goquant-okx"})
    void venuesWithoutABulkTickerSayWhatToDoInstead(String venueId) {
        assertThatThrownBy(() -> SymbolDiscovery.topByVolume(venueId,
                new VenueEndpoints("ws://127.0.0.1:1", "http://127.0.0.1:1"), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--symbols");
    }
}
