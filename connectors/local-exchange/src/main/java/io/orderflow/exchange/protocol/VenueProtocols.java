package io.orderflow.exchange.protocol;

import io.orderflow.exchange.SimulatedMarket;
import java.util.Set;

/** The local exchange's protocol for each venue id (the same ids as the client side's {@code Venues}). */
public final class VenueProtocols {
    public static final Set<String> IDS =
            Set.of("binance-spot", "binance-usdm", "okx", "kraken-futures", "gemini", "gemini-v1", "woox", "goquant-okx");

    private VenueProtocols() {}

    public static VenueProtocol forVenue(String venueId, SimulatedMarket market) {
        return switch (venueId) {
            case "binance-spot" -> new BinanceProtocol(false, false, market);
            case "binance-usdm" -> new BinanceProtocol(true, true, market);
            case "binance-coinm" -> new BinanceProtocol(true, false, market);
            case "okx" -> new OkxProtocol(market);
            case "kraken-futures" -> new KrakenFuturesProtocol();
            case "gemini" -> new GeminiV2Protocol();
            case "gemini-v1" -> new GeminiV1Protocol();
            case "woox" -> new WooxProtocol(market);
            case "goquant-okx" -> new GoQuantProtocol(market);
            default -> throw new IllegalArgumentException(
                    "the local exchange does not speak '" + venueId + "'; it speaks " + IDS);
        };
    }

    /** For replaying a capture: only the subscription side of the protocol is used. */
    public static VenueProtocol forRecording(String venueId) {
        return forVenue(venueId, null);
    }
}
