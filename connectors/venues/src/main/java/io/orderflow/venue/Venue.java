package io.orderflow.venue;

import io.orderflow.model.BookSnapshot;
import java.time.Duration;
import java.util.List;

/**
 * Everything orderflow knows about one venue's public market data, behind one interface (artio's protocol
 * plug-in idea): how to connect and subscribe, how to decode its frames, how its book sequence numbers chain, and
 * how to fetch a REST snapshot. Adding a venue means one package implementing this and one line in
 * {@link Venues}. Implementations are stateless and thread-safe; per-connection state lives in the
 * {@link FrameDecoder} a venue creates.
 */
public interface Venue {
    /** Registry id, also written to every event and table row, e.g. "binance-spot". */
    String id();

    /** The public production endpoints; users override them (for the local exchange, or testnets). */
    VenueEndpoints defaultEndpoints();

    /** The WebSocket connections needed for these symbols: URL and any subscribe messages to send on open. */
    List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols);

    /** A decoder for one connection. */
    FrameDecoder newDecoder();

    /** How this venue's book update ids chain. */
    SequenceRule sequenceRule();

    /** True when the book must be seeded from a REST snapshot (Binance), false when the stream sends one. */
    boolean needsRestSnapshot();

    /** URL of the REST depth snapshot for a symbol. */
    String snapshotUrl(VenueEndpoints endpoints, String symbol);

    /** Decodes a REST depth snapshot body; throws {@link FrameException} with the reason when it cannot. */
    BookSnapshot decodeSnapshot(String symbol, String body, long receivedAtNanos);

    /**
     * Client-initiated WebSocket ping interval, or {@link Duration#ZERO} when the server pings and the client
     * only answers (Binance: the server pings every 20 s (spot) / 3 min (futures); OkHttp answers each ping).
     */
    Duration clientPingInterval();

    /** One WebSocket connection: where to connect, and the text frames to send once it is open. */
    record Subscription(String url, List<String> symbols, List<String> subscribeMessages) {}
}
