package io.orderflow.venue.okx;

import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.SequenceRules;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OKX v5 public market data: {@code books} (400-level snapshot, then 100 ms updates), {@code bbo-tbt} and
 * {@code trades} per instrument on {@code /ws/v5/public}. The book arrives in the stream; a resync unsubscribes and
 * resubscribes the instrument's {@code books}. Keepalive: the client sends the text {@code ping} every 20 s (OKX
 * drops a connection silent for 30 s) and gets {@code pong}.
 */
public final class OkxVenue implements Venue {
    public static final String ID = "okx";

    /** Instruments per connection: OKX limits a subscribe request's size; 3 channels each. */
    static final int SYMBOLS_PER_CONNECTION = 50;

    /**
     * {@code prevSeqId} must equal the last applied {@code seqId}. Steps are not +1, and after maintenance seqId may
     * restart below prevSeqId, so order cannot tell stale from new: only an exact repeat of the last message is
     * stale. A keepalive update repeats the last seqId with prevSeqId equal to it, and follows.
     */
    static final SequenceRule RULE = SequenceRules.previousIdChain(false);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public java.util.Optional<io.orderflow.venue.trading.TradingVenue> trading() {
        return java.util.Optional.of(new OkxTradingVenue());
    }

    /** {@code market/tickers} of spot instruments: {@code volCcy24h} is in quote currency. */
    @Override
    public java.util.Optional<io.orderflow.venue.discovery.TickerEndpoint> tickers() {
        return java.util.Optional.of(new io.orderflow.venue.discovery.TickerEndpoint("/api/v5/market/tickers?instType=SPOT", "data", "instId", "volCcy24h", null));
    }

    @Override
    public Majors majors() {
        return new Majors("BTC-USDT", "ETH-USDT");
    }

    @Override
    public java.util.Set<String> captureNames() {
        return java.util.Set.of("OKX");
    }

    @Override
    public VenueEndpoints defaultEndpoints() {
        return new VenueEndpoints("wss://ws.okx.com:8443", "https://www.okx.com");
    }

    /** Demo trading's public streams (its own books); its REST market data is the same host's. */
    @Override
    public VenueEndpoints testEndpoints() {
        return new VenueEndpoints("wss://wspap.okx.com:8443", "https://www.okx.com");
    }

    @Override
    public List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols) {
        List<Subscription> out = new ArrayList<>();
        for (List<String> chunk : SequenceRules.perConnection(symbols, SYMBOLS_PER_CONNECTION)) {
            StringBuilder args = new StringBuilder();
            for (String s : chunk) {
                for (String channel : new String[] {"books", "bbo-tbt", "trades"}) {
                    if (args.length() > 0) {
                        args.append(',');
                    }
                    args.append("{\"channel\":\"").append(channel).append("\",\"instId\":\"").append(s).append("\"}");
                }
            }
            out.add(new Subscription(endpoints.webSocketBase() + "/ws/v5/public", List.copyOf(chunk),
                    List.of("{\"op\":\"subscribe\",\"args\":[" + args + "]}")));
        }
        return out;
    }

    @Override
    public FrameDecoder newDecoder(Subscription subscription) {
        return new OkxFrameDecoder(ID);
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
        String arg = "{\"channel\":\"books\",\"instId\":\"" + symbol + "\"}";
        return List.of("{\"op\":\"unsubscribe\",\"args\":[" + arg + "]}", "{\"op\":\"subscribe\",\"args\":[" + arg + "]}");
    }

    @Override
    public KeepAlive keepAlive() {
        return new KeepAlive(Duration.ZERO, "ping", Duration.ofSeconds(20), Duration.ofSeconds(30));
    }
}
