package io.orderflow.venue.gemini;

import static io.orderflow.venue.JsonSupport.decimal;
import static io.orderflow.venue.JsonSupport.integer;
import static io.orderflow.venue.JsonSupport.next;
import static io.orderflow.venue.JsonSupport.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonFrameDecoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decodes Gemini market data v2: {@code l2_updates} (the first one per symbol after subscribing is the full book,
 * the rest are changes as absolute sizes) and {@code trade}; heartbeats, auction messages and the subscription
 * echo are housekeeping. v2 carries no sequence number and no timestamp on book messages: TCP order is the
 * guarantee, so this decoder numbers each symbol's book messages itself (the chain can then only break if the
 * decoder is reset). For event time, a book message takes the latest venue timestamp seen on the connection (a
 * trade's or a heartbeat's), so books, trades and watermarks stay on the venue's clock; before the first one, it
 * has none ({@link MarketEvent#NO_VENUE_TIME}) and the source stamps it with the first venue time that follows. The {@code trades} listed inside the first
 * {@code l2_updates} are history from before the subscription and are not emitted.
 */
final class GeminiV2FrameDecoder extends JsonFrameDecoder {
    private final Set<String> seenBook = new HashSet<>();
    private final Map<String, Long> sequence = new HashMap<>();
    /** Per symbol, the last book message: v2 has no sequence, so a repeat is known by its content. */
    private final Map<String, String> lastBookFrame = new HashMap<>();
    private long venueClockMs = Long.MIN_VALUE;

    GeminiV2FrameDecoder(String venue) {
        super(venue);
    }

    @Override
    public void expectSnapshot(String symbol) {
        seenBook.remove(symbol);
        lastBookFrame.remove(symbol);
    }

    @Override
    protected void decodeObject(JsonParser p, String frame, long recv, Consumer<MarketEvent> out) throws IOException {
        String type = null;
        String symbol = null;
        String side = null;
        long price = Long.MIN_VALUE;
        long quantity = Long.MIN_VALUE;
        long timestamp = Long.MIN_VALUE;
        long eventId = Long.MIN_VALUE;
        PriceLevels.Builder bids = null;
        PriceLevels.Builder asks = null;
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            next(p);
            switch (name) {
                case "type" -> type = text(p, name);
                case "symbol" -> symbol = text(p, name);
                case "side" -> side = text(p, name);
                case "price" -> price = decimal(p, name);
                case "quantity" -> quantity = decimal(p, name);
                case "timestamp" -> timestamp = integer(p, name);
                case "event_id" -> eventId = integer(p, name);
                case "changes" -> {
                    bids = new PriceLevels.Builder(64);
                    asks = new PriceLevels.Builder(64);
                    changes(p, bids, asks);
                }
                default -> p.skipChildren();
            }
        }
        if (timestamp != Long.MIN_VALUE && ("trade".equals(type) || "heartbeat".equals(type))) {
            venueClockMs = Math.max(venueClockMs, timestamp);
        }
        switch (required(type, "type")) {
            case "l2_updates" -> {
                String s = required(symbol, "symbol");
                if (bids == null) {
                    throw new FrameException("missing field changes");
                }
                long time = venueClockMs != Long.MIN_VALUE ? venueClockMs : MarketEvent.NO_VENUE_TIME;
                if (frame.equals(lastBookFrame.put(s, frame))) {
                    // the same message twice in a row (sizes are absolute, so applying it again would change
                    // nothing; a repeated first message would read as a delta of the whole book)
                    out.accept(new DataQualityEvent(venue, s, time, recv, DataQualityEvent.Kind.DUPLICATE,
                            "l2_updates repeated verbatim: dropped", ""));
                    return;
                }
                if (seenBook.add(s)) {
                    sequence.put(s, 1L);
                    out.accept(new BookSnapshot(venue, s, time, recv, 1, bids.build(), asks.build()));
                } else {
                    long seq = sequence.merge(s, 1L, Long::sum);
                    out.accept(new BookDelta(venue, s, time, recv, seq, seq, seq - 1, bids.build(), asks.build()));
                }
            }
            case "trade" -> out.accept(new Trade(venue, required(symbol, "symbol"), required(timestamp, "timestamp"),
                    recv, Long.toString(required(eventId, "event_id")), positive(required(price, "price"), "price"),
                    positive(required(quantity, "quantity"), "quantity"), side(required(side, "side"))));
            case "heartbeat", "subscribe", "unsubscribe", "auction_open", "auction_indicative", "auction_result",
                    "candles_1m_updates" -> { }
            default -> throw new FrameException("unknown message type '" + type + "'");
        }
    }

    /** [["buy","2368.64","0.275036"], ["sell", ...], ...] */
    private static void changes(JsonParser p, PriceLevels.Builder bids, PriceLevels.Builder asks) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new FrameException("field changes: expected an array");
        }
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                throw new FrameException("field changes: expected [side, price, quantity]");
            }
            next(p);
            String side = text(p, "changes.side");
            next(p);
            long price = positive(decimal(p, "changes.price"), "changes.price");
            next(p);
            long qty = notNegative(decimal(p, "changes.quantity"), "changes.quantity");
            if (next(p) != JsonToken.END_ARRAY) {
                throw new FrameException("field changes: more than [side, price, quantity]");
            }
            switch (side) {
                case "buy" -> bids.add(price, qty);
                case "sell" -> asks.add(price, qty);
                default -> throw new FrameException("field changes.side: expected buy or sell, got '" + side + "'");
            }
        }
    }

    static Side side(String s) {
        return switch (s) {
            case "buy", "bid" -> Side.BUY;
            case "sell", "ask" -> Side.SELL;
            default -> throw new FrameException("field side: expected buy or sell, got '" + s + "'");
        };
    }
}
