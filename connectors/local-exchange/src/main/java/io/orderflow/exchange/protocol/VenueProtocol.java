package io.orderflow.exchange.protocol;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server side of one venue's public market-data protocol, for the local exchange: how clients subscribe, how a
 * simulated step is written in the venue's dialect, what a freshly subscribed client receives, the heartbeats, and
 * the REST snapshot. The exchange calls {@link #render} once per symbol and step, under its lock, so sequence
 * numbers advance exactly once whatever the number of clients.
 */
public interface VenueProtocol {
    String venueId();

    /** Symbols a connection subscribes by its URL alone (Binance streams, Gemini v1, GoQuant); else empty. */
    Set<String> symbolsInUrl(URI uri);

    /** A client connected at {@code uri}: subscribes what the URL names ({@link #symbolsInUrl} by default). */
    default void onOpen(Client client, URI uri) {
        for (String symbol : symbolsInUrl(uri)) {
            client.subscribe(symbol);
        }
    }

    /** A text frame from a client: subscriptions, pings. */
    void onClientText(Client client, String text);

    /** The frames of one step of one symbol, in order; advances the protocol's sequence state. */
    List<String> render(SimulatedMarket.SymbolStep step);

    /** Per-client adjustment of rendered frames (Gemini v1 numbers every message per connection). */
    default List<String> renderFor(Client client, List<String> frames) {
        return frames;
    }

    /** Frames that give a client that just subscribed the book (stream-snapshot venues); empty for REST venues. */
    List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs);

    /** The venue's sequence after the last rendered step of a symbol (the key of the exchange's truth log). */
    long sequence(String symbol);

    /**
     * Levels a side the venue shows its clients (a gateway that sends the top N of each book); the market's book
     * beyond them is invisible to any client. Unlimited by default: the venue's diffs and snapshots cover it all.
     */
    default int visibleLevels() {
        return Integer.MAX_VALUE;
    }

    /** How often each client gets {@link #heartbeat}; ZERO for never. */
    default Duration heartbeatInterval() {
        return Duration.ZERO;
    }

    default String heartbeat(Client client, long timeMs) {
        return null;
    }

    /** A REST answer for path and query, or null when the protocol has no such endpoint (404). */
    default RestAnswer rest(String path, Map<String, String> query, SimulatedMarket market) {
        return null;
    }

    record RestAnswer(int status, String body) {}
}
