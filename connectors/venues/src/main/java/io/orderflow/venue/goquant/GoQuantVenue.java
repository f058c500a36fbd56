package io.orderflow.venue.goquant;

import static io.orderflow.venue.JsonSupport.levels;
import static io.orderflow.venue.JsonSupport.next;
import static io.orderflow.venue.JsonSupport.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonFrameDecoder;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.SequenceRules;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A GoQuant-style L2 gateway serving OKX books: one connection per instrument at
 * {@code <base>/ws/l2-orderbook/okx/<instId>}, each message a full L2 snapshot
 * ({@code {"timestamp": ISO-8601, "exchange", "symbol", "bids": [[px, sz], ...], "asks": ...}}). Every message
 * replaces the book, so there is no chain to break and no resync to ask for; a dead gateway is caught by the stall
 * timeout.
 */
public final class GoQuantVenue implements Venue {
    public static final String ID = "goquant-okx";

    /** Snapshots only: any delta would be a protocol violation, never "in sequence". */
    static final SequenceRule RULE = SequenceRules.snapshotsOnly();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Majors majors() {
        return new Majors("BTC-USDT-SWAP", "ETH-USDT-SWAP");
    }

    @Override
    public VenueEndpoints defaultEndpoints() {
        return new VenueEndpoints("wss://gomarket-api.goquant.io", "https://gomarket-api.goquant.io");
    }

    @Override
    public List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols) {
        List<Subscription> out = new ArrayList<>();
        for (String s : symbols) {
            out.add(new Subscription(endpoints.webSocketBase() + "/ws/l2-orderbook/okx/" + s, List.of(s), List.of()));
        }
        return out;
    }

    @Override
    public List<String> symbolsInUrl(String url) {
        int at = url.indexOf("/ws/l2-orderbook/okx/");
        return at < 0 ? List.of() : List.of(url.substring(at + "/ws/l2-orderbook/okx/".length()));
    }

    @Override
    public FrameDecoder newDecoder(Subscription subscription) {
        return new Decoder(subscription.symbols().get(0));
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
    public boolean streamsWholeBooks() {
        return true;
    }

    @Override
    public KeepAlive keepAlive() {
        return KeepAlive.serverPings(Duration.ofSeconds(30));
    }

    /** Each message: a full book, numbered per connection. */
    static final class Decoder extends JsonFrameDecoder {
        private final String symbol;
        private long sequence;

        Decoder(String symbol) {
            super(ID);
            this.symbol = symbol;
        }

        @Override
        protected void decodeObject(JsonParser p, String frame, long recv, Consumer<MarketEvent> out) throws IOException {
            String timestamp = null;
            String messageSymbol = null;
            PriceLevels bids = null;
            PriceLevels asks = null;
            while (next(p) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                next(p);
                switch (name) {
                    case "timestamp" -> timestamp = text(p, name);
                    case "symbol" -> messageSymbol = text(p, name);
                    case "bids" -> bids = levels(p, name);
                    case "asks" -> asks = levels(p, name);
                    default -> p.skipChildren();
                }
            }
            if (messageSymbol != null && !messageSymbol.equalsIgnoreCase(symbol)) {
                throw new FrameException("symbol " + messageSymbol + " on the connection of " + symbol);
            }
            long time;
            try {
                time = Instant.parse(required(timestamp, "timestamp")).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new FrameException("field timestamp: not ISO-8601: '" + timestamp + "'");
            }
            out.accept(new BookSnapshot(ID, symbol, time, recv, ++sequence, required(bids, "bids"),
                    required(asks, "asks")));
        }
    }
}
