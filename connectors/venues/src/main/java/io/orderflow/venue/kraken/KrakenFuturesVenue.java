package io.orderflow.venue.kraken;

import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.SequenceRules;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken Futures WS v1: {@code book} (a {@code book_snapshot}, then one message per level change, each with the
 * product's {@code seq}) and {@code trade} feeds, plus the {@code heartbeat} feed so a quiet connection is told
 * from a dead one. Resync resubscribes the product's book. The client pings every 30 s (Kraken wants at least one a
 * minute).
 */
public final class KrakenFuturesVenue implements Venue {
    public static final String ID = "kraken-futures";

    static final int SYMBOLS_PER_CONNECTION = 100;

    /** {@code seq} steps by exactly 1 per product: snapshot S, then S+1, S+2, ... */
    static final SequenceRule RULE = SequenceRules.stepByOne();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public java.util.Optional<io.orderflow.venue.trading.TradingVenue> trading() {
        return java.util.Optional.of(new KrakenFuturesTradingVenue());
    }

    /** {@code tickers}: {@code vol24h} in contracts, turned to quote by the last price. */
    @Override
    public java.util.Optional<io.orderflow.venue.discovery.TickerEndpoint> tickers() {
        return java.util.Optional.of(new io.orderflow.venue.discovery.TickerEndpoint("/derivatives/api/v3/tickers", "tickers", "symbol", "vol24h", "last"));
    }

    /** The inverse perpetuals at Kraken's real ticks: its feed sends a message per level, so the tick sets the rate. */
    @Override
    public Majors majors() {
        return new Majors("PI_XBTUSD", "PI_ETHUSD", "0.5", "0.05");
    }

    @Override
    public java.util.Set<String> captureNames() {
        return java.util.Set.of("KRAKEN_FUTURES");
    }

    @Override
    public VenueEndpoints defaultEndpoints() {
        return new VenueEndpoints("wss://futures.kraken.com", "https://futures.kraken.com");
    }

    /** The demo environment's own market. */
    @Override
    public VenueEndpoints testEndpoints() {
        return new VenueEndpoints("wss://demo-futures.kraken.com", "https://demo-futures.kraken.com");
    }

    @Override
    public List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols) {
        List<Subscription> out = new ArrayList<>();
        for (List<String> chunk : SequenceRules.perConnection(symbols, SYMBOLS_PER_CONNECTION)) {
            String ids = "[\"" + String.join("\",\"", chunk) + "\"]";
            out.add(new Subscription(endpoints.webSocketBase() + "/ws/v1", List.copyOf(chunk), List.of(
                    "{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":" + ids + "}",
                    "{\"event\":\"subscribe\",\"feed\":\"trade\",\"product_ids\":" + ids + "}",
                    "{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}")));
        }
        return out;
    }

    @Override
    public FrameDecoder newDecoder(Subscription subscription) {
        return new KrakenFuturesFrameDecoder(ID);
    }

    @Override
    public SequenceRule sequenceRule() {
        return RULE;
    }

    @Override
    public boolean needsRestSnapshot() {
        return false;
    }

    @Override
    public List<String> resyncMessages(String symbol) {
        String ids = "[\"" + symbol + "\"]";
        return List.of("{\"event\":\"unsubscribe\",\"feed\":\"book\",\"product_ids\":" + ids + "}",
                "{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":" + ids + "}");
    }

    @Override
    public KeepAlive keepAlive() {
        return new KeepAlive(Duration.ofSeconds(30), null, Duration.ZERO, Duration.ofSeconds(30));
    }
}
