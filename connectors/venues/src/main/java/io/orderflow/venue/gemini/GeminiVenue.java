package io.orderflow.venue.gemini;

import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.SequenceRules;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini public market data, v2 ({@code gemini}: one connection, {@code l2} subscription for many symbols, book
 * resync by resubscribing the symbol) or v1 ({@code gemini-v1}: one connection per symbol, {@code socket_sequence}
 * continuity, any gap reopens the connection). Gemini sends heartbeats every 5 s on both, so a connection silent
 * for 15 s is stalled.
 */
public final class GeminiVenue implements Venue {
    public static final String V2 = "gemini";
    public static final String V1 = "gemini-v1";

    /**
     * The decoders number book messages themselves (Gemini sends no book sequence), so the chain is simply
     * "previous + 1" and "older" means a repeat.
     */
    static final SequenceRule RULE = SequenceRules.previousIdChain(true);

    private final boolean v1;

    public GeminiVenue(boolean v1) {
        this.v1 = v1;
    }

    /**
     * v2's book messages carry no time (the decoder dates them by the last trade or heartbeat), and v1's carry one
     * only some of the time (its {@code timestampms} is optional): neither can date a change to the millisecond.
     */
    @Override
    public io.orderflow.venue.TimeQuality bookTimeQuality() {
        return io.orderflow.venue.TimeQuality.INFERRED;
    }

    @Override
    public String id() {
        return v1 ? V1 : V2;
    }

    @Override
    public Majors majors() {
        return new Majors("BTCUSD", "ETHUSD");
    }

    @Override
    public java.util.Set<String> captureNames() {
        return v1 ? java.util.Set.of() : java.util.Set.of("GEMINI");
    }

    @Override
    public VenueEndpoints defaultEndpoints() {
        return new VenueEndpoints("wss://api.gemini.com", "https://api.gemini.com");
    }

    @Override
    public List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols) {
        List<Subscription> out = new ArrayList<>();
        if (v1) {
            for (String s : symbols) {
                out.add(new Subscription(endpoints.webSocketBase() + "/v1/marketdata/" + s
                        + "?heartbeat=true&trades=true&bids=true&offers=true", List.of(s), List.of()));
            }
            return out;
        }
        out.add(new Subscription(endpoints.webSocketBase() + "/v2/marketdata", List.copyOf(symbols),
                List.of("{\"type\":\"subscribe\",\"subscriptions\":[{\"name\":\"l2\",\"symbols\":[\""
                        + String.join("\",\"", symbols) + "\"]}]}")));
        return out;
    }

    @Override
    public List<String> symbolsInUrl(String url) {
        int at = url.indexOf("/v1/marketdata/");
        if (!v1 || at < 0) {
            return List.of();
        }
        String rest = url.substring(at + "/v1/marketdata/".length());
        int q = rest.indexOf('?');
        return List.of(q < 0 ? rest : rest.substring(0, q));
    }

    @Override
    public FrameDecoder newDecoder(Subscription subscription) {
        return v1 ? new GeminiV1FrameDecoder(V1, subscription.symbols().get(0)) : new GeminiV2FrameDecoder(V2);
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
        if (v1) {
            return List.of(); // v1 has no per-symbol resubscription: reopen the connection
        }
        String sub = "\"subscriptions\":[{\"name\":\"l2\",\"symbols\":[\"" + symbol + "\"]}]}";
        return List.of("{\"type\":\"unsubscribe\"," + sub, "{\"type\":\"subscribe\"," + sub);
    }

    @Override
    public KeepAlive keepAlive() {
        return KeepAlive.serverPings(Duration.ofSeconds(15));
    }
}
