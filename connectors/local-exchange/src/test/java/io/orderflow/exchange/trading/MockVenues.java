package io.orderflow.exchange.trading;

import java.io.IOException;

/**
 * The mock of every venue orderflow trades on, by venue id: a trading venue is its package in the venues module, its
 * simulator protocol in the local exchange, and its mock here, one line each (the venue contract test runs over
 * every registered trading venue and fails for one without a mock).
 */
public final class MockVenues {
    private MockVenues() {}

    /**
     * Starts the venue's mock, accepting these credentials (a Base64 secret suits every venue: Kraken decodes it,
     * the others use its text).
     */
    public static MockVenue start(String venueId, String apiKey, String secret, String passphrase,
            int requestsPerSecond) throws IOException {
        return switch (venueId) {
            case "binance-usdm" -> new MockBinanceFutures(apiKey, secret, requestsPerSecond);
            case "okx" -> new MockOkx(apiKey, secret, passphrase, requestsPerSecond);
            case "kraken-futures" -> new MockKrakenFutures(apiKey, secret, requestsPerSecond);
            default -> throw new IllegalArgumentException("no mock for trading venue '" + venueId
                    + "': a venue orderflow trades on needs its mock here, as strict as the venue's documentation");
        };
    }
}
