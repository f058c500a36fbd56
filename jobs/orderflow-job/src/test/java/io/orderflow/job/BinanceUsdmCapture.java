package io.orderflow.job;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.RecordedScript;
import io.orderflow.venue.VenueEndpoints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Binance USD-M capture of the test fixtures (30 s of four instruments, fixtures/NOTICE), served by a
 * local exchange in Binance's own protocol, and a bounded WebSocket source that reads all of it.
 */
public final class BinanceUsdmCapture {
    public static final List<String> SYMBOLS = List.of("SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT");
    public static final String WS = "BINANCE_FUTURES.ws.1.0";
    public static final String HTTP = "BINANCE_FUTURES.http.0.0";

    private BinanceUsdmCapture() {}

    /**
     * The capture at {@code speed} times its recorded pace, its files written under {@code dir}; it starts once
     * both connections of {@link #source} (books, trades) have subscribed.
     */
    public static LocalExchange serve(Path dir, double speed) throws IOException {
        Path ws = dir.resolve("ws.txt");
        Path http = dir.resolve("http.txt");
        Files.writeString(ws, resource(WS));
        Files.writeString(http, resource(HTTP));
        return LocalExchange.recording("binance-usdm", new RecordedScript(ws, http), speed, 20)
                .startingWhenSubscribed(2);
    }

    /** A source over every instrument of the capture that ends when the exchange has sent it all. */
    public static WebSocketSource source(LocalExchange exchange) {
        return WebSocketSource.builder()
                .venue("binance-usdm", SYMBOLS, new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                .finishOnServerClose(true)
                .build();
    }

    public static String resource(String name) throws IOException {
        try (InputStream in = BinanceUsdmCapture.class.getResourceAsStream("/fixtures/raw_captures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
