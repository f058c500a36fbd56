package io.orderflow.venue.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonSupport;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Picks a venue's most traded instruments from its public 24 h ticker endpoint, for live runs that should follow
 * the liquid markets rather than a fixed list. Volume is compared in quote currency: Binance's {@code quoteVolume},
 * OKX's {@code volCcy24h} (spot), Kraken Futures' {@code vol24h} x {@code last}. Venues without a bulk ticker
 * endpoint (Gemini, WOO X, the GoQuant gateway) are refused with a message saying to list symbols instead.
 */
public final class SymbolDiscovery {
    /** One instrument's 24 h traded notional in quote currency. */
    public record Ticker(String symbol, BigDecimal quoteVolume) {}

    private SymbolDiscovery() {}

    public static boolean supports(String venueId) {
        return Venues.ids().contains(venueId) && Venues.byId(venueId).tickers().isPresent();
    }

    /** The {@code n} instruments with the largest 24 h quote volume, largest first. */
    public static List<String> topByVolume(String venueId, VenueEndpoints endpoints, int n) throws IOException {
        TickerEndpoint e = endpoint(venueId);
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
        try (Response response = http.newCall(new Request.Builder().url(endpoints.restBase() + e.path()).build())
                .execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                throw new IOException(venueId + " ticker endpoint answered HTTP " + response.code() + ": "
                        + body.substring(0, Math.min(200, body.length())));
            }
            return top(decode(venueId, body), n);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The {@code n} largest by quote volume (ties by symbol, for a stable choice). */
    public static List<String> top(List<Ticker> tickers, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("top-N needs N >= 1, got " + n);
        }
        return tickers.stream()
                .sorted(Comparator.comparing(Ticker::quoteVolume).reversed().thenComparing(Ticker::symbol))
                .limit(n).map(Ticker::symbol).toList();
    }

    /** Decodes a venue's 24 h ticker body. */
    public static List<Ticker> decode(String venueId, String body) {
        TickerEndpoint e = endpoint(venueId);
        try (JsonParser p = JsonSupport.FACTORY.createParser(body)) {
            JsonToken t = p.nextToken();
            if (e.listField() != null) {
                if (t != JsonToken.START_OBJECT) {
                    throw new FrameException("ticker body is not an object");
                }
                while ((t = JsonSupport.next(p)) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    t = JsonSupport.next(p);
                    if (name.equals(e.listField())) {
                        return tickers(p, e);
                    }
                    p.skipChildren();
                }
                throw new FrameException("ticker body has no '" + e.listField() + "' list");
            }
            return tickers(p, e);
        } catch (IOException ex) {
            throw new FrameException("unreadable ticker body: " + ex.getMessage(), ex);
        }
    }

    private static List<Ticker> tickers(JsonParser p, TickerEndpoint e) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new FrameException("expected a list of tickers");
        }
        List<Ticker> out = new ArrayList<>();
        while (JsonSupport.next(p) != JsonToken.END_ARRAY) {
            Map<String, String> fields = new HashMap<>();
            while (JsonSupport.next(p) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                JsonToken v = JsonSupport.next(p);
                if (v.isScalarValue()) {
                    fields.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
            String symbol = fields.get(e.symbolField());
            String volume = fields.get(e.volumeField());
            if (symbol == null || volume == null || volume.isEmpty()) {
                continue; // instruments without volume (new listings, indices) cannot rank
            }
            try {
                BigDecimal v = new BigDecimal(volume);
                if (e.priceField() != null) {
                    String price = fields.get(e.priceField());
                    if (price == null || price.isEmpty()) {
                        continue;
                    }
                    v = v.multiply(new BigDecimal(price));
                }
                out.add(new Ticker(symbol, v));
            } catch (NumberFormatException bad) {
                // one odd row must not stop the ranking
            }
        }
        return out;
    }

    private static TickerEndpoint endpoint(String venueId) {
        return Venues.byId(venueId).tickers().orElseThrow(() -> new IllegalArgumentException(venueId
                + " has no bulk 24 h ticker endpoint orderflow can rank by; give its symbols explicitly (--symbols)."
                + " Discovery works for " + Venues.ids().stream().filter(SymbolDiscovery::supports).toList()));
    }
}
