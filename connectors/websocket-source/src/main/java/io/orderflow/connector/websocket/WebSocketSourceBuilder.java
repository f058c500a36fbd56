package io.orderflow.connector.websocket;

import io.orderflow.connector.websocket.session.ReconnectPolicy;
import io.orderflow.connector.websocket.session.WebSocketSourceOptions;
import io.orderflow.connector.websocket.split.WebSocketSplit;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link WebSocketSource}. Add one or more venues with their symbols (and endpoints, if not the public
 * production ones); {@link #build()} checks everything and says what to fix.
 *
 * <pre>{@code
 * WebSocketSource source = WebSocketSource.builder()
 *     .venue("binance-spot", List.of("BTCUSDT", "ETHUSDT"))
 *     .venue("binance-usdm", List.of("BTCUSDT"), new VenueEndpoints("ws://127.0.0.1:9001", "http://127.0.0.1:9002"))
 *     .finishOnServerClose(true)            // bounded: a replay ends when the server closes
 *     .build();
 * }</pre>
 */
public final class WebSocketSourceBuilder {
    /**
     * Live sources: the default lag limit. Within it the books stay exact and every frame is kept; past it the
     * data is too old to act on and the backlog too large to hold, so the source starts afresh.
     */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(30);

    private final List<VenueSpec> venues = new ArrayList<>();
    private long maxFramesPerConnection;
    private boolean finishOnServerClose;
    private Duration reconnectInitialDelay = Duration.ofMillis(250);
    private Duration reconnectMaxDelay = Duration.ofSeconds(30);
    private int maxReconnects = 10;
    private Duration reconnectWindow = Duration.ofMinutes(1);
    private Duration snapshotTimeout = Duration.ofSeconds(10);
    private Duration stallTimeout;
    private int queueCapacity = 16_384;
    private Duration maxLag;
    private boolean maxLagSet;
    private int maxBufferedDeltas = 10_000;

    private record VenueSpec(String venueId, List<String> symbols, VenueEndpoints endpoints) {}

    WebSocketSourceBuilder() {}

    /** A venue on its public production endpoints. */
    public WebSocketSourceBuilder venue(String venueId, List<String> symbols) {
        return venue(venueId, symbols, null);
    }

    /** A venue on the given endpoints (a local exchange, a testnet); null for the venue's defaults. */
    public WebSocketSourceBuilder venue(String venueId, List<String> symbols, VenueEndpoints endpoints) {
        venues.add(new VenueSpec(venueId, List.copyOf(symbols), endpoints));
        return this;
    }

    /** Bounded mode: each connection finishes after this many frames. */
    public WebSocketSourceBuilder maxFramesPerConnection(long frames) {
        this.maxFramesPerConnection = frames;
        return this;
    }

    /** Bounded mode: a normal close by the server finishes the connection's split instead of reconnecting. */
    public WebSocketSourceBuilder finishOnServerClose(boolean finish) {
        this.finishOnServerClose = finish;
        return this;
    }

    public WebSocketSourceBuilder reconnectBackoff(Duration initial, Duration max) {
        this.reconnectInitialDelay = initial;
        this.reconnectMaxDelay = max;
        return this;
    }

    /** At most this many connection attempts per connection in any 60 s (default 10). */
    public WebSocketSourceBuilder maxReconnectsPerMinute(int reconnects) {
        return maxReconnects(reconnects, Duration.ofMinutes(1));
    }

    /** At most {@code reconnects} connection attempts per connection in any {@code window}. */
    public WebSocketSourceBuilder maxReconnects(int reconnects, Duration window) {
        this.maxReconnects = reconnects;
        this.reconnectWindow = window;
        return this;
    }

    /** A requested snapshot (REST or resubscription) that has not arrived after this long is asked for again. */
    public WebSocketSourceBuilder snapshotTimeout(Duration timeout) {
        this.snapshotTimeout = timeout;
        return this;
    }

    /**
     * A connection silent for this long is reopened, whatever the venue's own limit (default: each venue's, from
     * its heartbeat rules).
     */
    public WebSocketSourceBuilder stallTimeout(Duration timeout) {
        this.stallTimeout = timeout;
        return this;
    }

    /**
     * How far behind the network the job may fall (the age of the oldest frame received and not yet handled)
     * before the source drops the connection itself, says so, and reconnects with fresh books once it has caught
     * up; null never drops. Default: {@link #DEFAULT_MAX_LAG} for live sources, never for bounded ones (a replay
     * ends by itself, and what it sends is the input).
     */
    public WebSocketSourceBuilder maxLag(Duration lag) {
        if (lag != null && (lag.isNegative() || lag.isZero())) {
            throw new IllegalArgumentException("maxLag must be positive (or null: never drop), got " + lag);
        }
        this.maxLag = lag;
        this.maxLagSet = true;
        return this;
    }

    /**
     * Frames waiting for the job past which the source reports FALLING_BEHIND (a data-quality row per
     * connection, once per episode, and the {@code framesWaiting} gauge tells how many at any time).
     */
    public WebSocketSourceBuilder queueCapacity(int capacity) {
        this.queueCapacity = capacity;
        return this;
    }

    public WebSocketSourceBuilder maxBufferedDeltas(int deltas) {
        this.maxBufferedDeltas = deltas;
        return this;
    }

    public WebSocketSource build() {
        if (venues.isEmpty()) {
            throw new IllegalArgumentException(
                    "no venue configured: call venue(id, symbols) at least once; known venues: " + Venues.ids());
        }
        if (maxFramesPerConnection < 0) {
            throw new IllegalArgumentException(
                    "maxFramesPerConnection must be 0 (unbounded) or positive, got " + maxFramesPerConnection);
        }
        if (queueCapacity < 16) {
            throw new IllegalArgumentException("queueCapacity must be at least 16, got " + queueCapacity);
        }
        if (maxBufferedDeltas < 1) {
            throw new IllegalArgumentException("maxBufferedDeltas must be at least 1, got " + maxBufferedDeltas);
        }
        if (snapshotTimeout == null || snapshotTimeout.isNegative() || snapshotTimeout.isZero()) {
            throw new IllegalArgumentException("snapshotTimeout must be positive, got " + snapshotTimeout);
        }
        if (stallTimeout != null && (stallTimeout.isNegative() || stallTimeout.toMillis() < 500)) {
            throw new IllegalArgumentException("stallTimeout must be at least 500 ms, got " + stallTimeout);
        }
        ReconnectPolicy reconnect = new ReconnectPolicy(reconnectInitialDelay, reconnectMaxDelay, maxReconnects, reconnectWindow);
        List<WebSocketSplit> splits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (VenueSpec spec : venues) {
            Venue venue = Venues.byId(spec.venueId());
            if (spec.symbols().isEmpty()) {
                throw new IllegalArgumentException("venue " + spec.venueId() + " has no symbols: give at least one");
            }
            for (String symbol : spec.symbols()) {
                if (symbol == null || symbol.isBlank()) {
                    throw new IllegalArgumentException("venue " + spec.venueId() + " has a blank symbol");
                }
                if (!seen.add(spec.venueId() + ':' + symbol)) {
                    throw new IllegalArgumentException(
                            "symbol " + symbol + " is configured twice for venue " + spec.venueId());
                }
            }
            VenueEndpoints endpoints = spec.endpoints() != null ? spec.endpoints() : venue.defaultEndpoints();
            int n = 0;
            for (Venue.Subscription sub : venue.subscriptions(endpoints, spec.symbols())) {
                splits.add(new WebSocketSplit(venue.id() + "-" + n++, venue.id(), sub.url(), endpoints.restBase(),
                        sub.symbols(), sub.subscribeMessages()));
            }
        }
        return new WebSocketSource(splits,
                new WebSocketSourceOptions(maxFramesPerConnection, finishOnServerClose, reconnect, queueCapacity,
                        maxBufferedDeltas, snapshotTimeout, stallTimeout,
                        maxLagSet ? maxLag : (maxFramesPerConnection > 0 || finishOnServerClose ? null
                                : DEFAULT_MAX_LAG)));
    }
}
