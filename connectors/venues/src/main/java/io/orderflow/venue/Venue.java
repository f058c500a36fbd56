package io.orderflow.venue;

import io.orderflow.model.BookSnapshot;
import java.time.Duration;
import java.util.List;

/**
 * Everything orderflow knows about one venue's public market data, behind one interface (artio's protocol
 * plug-in idea): how to connect and subscribe, how to decode its frames, how its book sequence numbers chain, how
 * to get a fresh snapshot of one instrument, and how to keep a connection alive. Adding a venue means one package
 * implementing this and one line in {@link Venues}. Implementations are stateless and thread-safe; per-connection
 * state lives in the {@link FrameDecoder} a venue creates for each connection.
 */
public interface Venue {
    /** Registry id, also written to every event and table row, e.g. "binance-spot". */
    String id();

    /** The public production endpoints; users override them (for the local exchange, or testnets). */
    VenueEndpoints defaultEndpoints();

    /**
     * The public market data of the venue's test environment (Binance USD-M testnet, OKX demo trading, Kraken
     * Futures demo), whose books hold the orders a test account places; null when it has none.
     */
    default VenueEndpoints testEndpoints() {
        return null;
    }

    /**
     * The WebSocket connections needed for these symbols, split within the venue's per-connection limits: URL and
     * the subscribe messages to send once open.
     */
    List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols);

    /**
     * The symbols a connection URL names, for venues with one symbol per connection whose frames do not say it
     * (Gemini v1); empty for venues that subscribe by message.
     */
    default List<String> symbolsInUrl(String url) {
        return List.of();
    }

    /** A decoder for one connection (it may keep per-connection state: checksum books, socket sequence). */
    FrameDecoder newDecoder(Subscription subscription);

    /** How this venue's book update ids chain. */
    SequenceRule sequenceRule();

    /** True when a book is seeded from a REST snapshot (Binance, WOO X); false when the stream sends it. */
    boolean needsRestSnapshot();

    /**
     * True when every book message is a whole book (a gateway streaming L2 snapshots): a snapshot then continues
     * the book. False for the rest, where a snapshot restarts the book (a resync, a reconnect, a restored job) and
     * says nothing of the time since the last update before it.
     */
    default boolean streamsWholeBooks() {
        return false;
    }

    /** How the venue dates its book messages ({@link TimeQuality}); most carry their own time. */
    default TimeQuality bookTimeQuality() {
        return TimeQuality.EXCHANGE;
    }

    /**
     * True when each trade carries the venue's own id, so a trade seen again is a repeated frame (dropped and
     * counted). False for a venue whose trades have none (WOO X: the decoder numbers them by time).
     */
    default boolean tradeIdsAreUnique() {
        return true;
    }

    /** URL of the REST depth snapshot for a symbol (REST-snapshot venues only). */
    default String snapshotUrl(VenueEndpoints endpoints, String symbol) {
        throw new UnsupportedOperationException(id() + " sends its snapshots in the stream");
    }

    /** Decodes a REST depth snapshot body; throws {@link FrameException} with the reason when it cannot. */
    default BookSnapshot decodeSnapshot(String symbol, String body, long receivedAtNanos) {
        throw new UnsupportedOperationException(id() + " sends its snapshots in the stream");
    }

    /**
     * For stream-snapshot venues: the frames that make the venue send one instrument's book again (usually an
     * unsubscribe and a subscribe). An empty list means the venue cannot do that per instrument, and the whole
     * connection is reopened instead.
     */
    default List<String> resyncMessages(String symbol) {
        return List.of();
    }

    /** How a connection is kept alive and how long a silent connection may stay before it is reopened. */
    KeepAlive keepAlive();

    /** The keepalive of the connection at {@code url}, for venues whose connections differ (Binance USD-M trades). */
    default KeepAlive keepAlive(String url) {
        return keepAlive();
    }

    /** A frame to send back at once for this received frame (an application-level ping), or null. */
    default String autoReply(String frame) {
        return null;
    }

    /** One WebSocket connection: where to connect, the symbols it carries, the frames to send once it is open. */
    /** The order-entry half, where orderflow trades on this venue; empty for a venue it only reads. */
    default java.util.Optional<io.orderflow.venue.trading.TradingVenue> trading() {
        return java.util.Optional.empty();
    }

    /** The bulk 24 h ticker endpoint that {@code --top N} ranks symbols by; empty where the venue has none. */
    default java.util.Optional<io.orderflow.venue.discovery.TickerEndpoint> tickers() {
        return java.util.Optional.empty();
    }

    /**
     * BTC and ETH as this venue lists them, with their tick sizes there: what the demo and the local exchange
     * simulate for it, so a symbol is spelled in one place (e.g. BTCUSDT, BTC-USDT, PI_XBTUSD, SPOT_BTC_USDT).
     */
    Majors majors();

    /** The exchange names cryptofeed writes at the head of this venue's capture files (e.g. BINANCE_FUTURES). */
    default java.util.Set<String> captureNames() {
        return java.util.Set.of();
    }

    /** BTC's and ETH's symbols on a venue, and their ticks there. */
    record Majors(String btc, String eth, String btcTick, String ethTick) {
        /** The usual ticks, 0.1 for BTC and 0.01 for ETH. */
        public Majors(String btc, String eth) {
            this(btc, eth, "0.1", "0.01");
        }
    }

    record Subscription(String url, List<String> symbols, List<String> subscribeMessages) {}

    /**
     * @param webSocketPingInterval protocol-level pings the client sends (OkHttp fails the connection when a pong
     *     does not come back in time); ZERO when the server pings and the client only answers
     * @param textPing an application-level ping the client sends (OKX's "ping"), or null
     * @param textPingInterval how often to send {@code textPing}
     * @param stallTimeout a connection with no frame at all for this long is declared stalled and reopened
     */
    record KeepAlive(Duration webSocketPingInterval, String textPing, Duration textPingInterval, Duration stallTimeout) {
        public static KeepAlive serverPings(Duration stallTimeout) {
            return new KeepAlive(Duration.ZERO, null, Duration.ZERO, stallTimeout);
        }
    }
}
