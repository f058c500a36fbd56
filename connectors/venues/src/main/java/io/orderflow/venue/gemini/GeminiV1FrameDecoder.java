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
import io.orderflow.model.Trade;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonFrameDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes Gemini market data v1 ({@code /v1/marketdata/<symbol>}, one symbol per connection, named only in the
 * URL). Every message, heartbeats included, carries {@code socket_sequence}, which must step by 1 from 0: a gap is
 * reported as a connection-level SEQUENCE_GAP (no symbol), which makes the source reopen the connection, as
 * Gemini's docs prescribe; a repeat of the last number is a duplicated message, dropped and counted (DUPLICATE). The first update (reason "initial") is the full book; later {@code change} events give
 * the remaining size at a price (absolute), {@code trade} events are trades.
 */
final class GeminiV1FrameDecoder extends JsonFrameDecoder {
    private final String symbol;
    private long expectedSequence;
    private boolean haveBook;
    private long bookSequence;

    GeminiV1FrameDecoder(String venue, String symbol) {
        super(venue);
        this.symbol = symbol;
    }

    @Override
    public void expectSnapshot(String s) {
        haveBook = false;
    }

    @Override
    protected void decodeObject(JsonParser p, String frame, long recv, Consumer<MarketEvent> out) throws IOException {
        String type = null;
        long socketSequence = Long.MIN_VALUE;
        long timestampMs = Long.MIN_VALUE;
        List<Event> events = new ArrayList<>();
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            next(p);
            switch (name) {
                case "type" -> type = text(p, name);
                case "socket_sequence" -> socketSequence = integer(p, name);
                case "timestampms" -> timestampMs = integer(p, name);
                case "events" -> events(p, events);
                default -> p.skipChildren();
            }
        }
        long seq = required(socketSequence, "socket_sequence");
        if (seq == expectedSequence - 1 && seq >= 0) {
            // the message just applied, again (a duplicated frame): nothing is missing, so no reconnect
            out.accept(new DataQualityEvent(venue, symbol, timestampMs == Long.MIN_VALUE ? recv / 1_000_000
                    : timestampMs, recv, DataQualityEvent.Kind.DUPLICATE, "socket_sequence " + seq
                    + " repeats the last message: dropped", ""));
            return;
        }
        if (seq != expectedSequence) {
            long expected = expectedSequence;
            expectedSequence = seq + 1;
            out.accept(new DataQualityEvent(venue, "", recv / 1_000_000, recv, DataQualityEvent.Kind.SEQUENCE_GAP,
                    "socket_sequence " + seq + " where " + expected + " was expected: reconnecting", ""));
            haveBook = false;
            return;
        }
        expectedSequence = seq + 1;
        switch (required(type, "type")) {
            case "heartbeat" -> { }
            case "update" -> update(events, timestampMs == Long.MIN_VALUE ? MarketEvent.NO_VENUE_TIME : timestampMs,
                    recv, out);
            default -> throw new FrameException("unknown message type '" + type + "'");
        }
    }

    private void update(List<Event> events, long time, long recv, Consumer<MarketEvent> out) {
        PriceLevels.Builder bids = new PriceLevels.Builder(16);
        PriceLevels.Builder asks = new PriceLevels.Builder(16);
        boolean initial = false;
        boolean bookChange = false;
        for (Event e : events) {
            if (e.type.equals("change")) {
                bookChange = true;
                initial |= "initial".equals(e.reason);
                (GeminiV2FrameDecoder.side(e.side) == io.orderflow.model.Side.BUY ? bids : asks)
                        .add(positive(e.price, "price"), notNegative(required(e.remaining, "remaining"), "remaining"));
            } else if (e.type.equals("trade")) {
                // makerSide "bid" means the resting buyer was hit: the taker sold
                io.orderflow.model.Side taker = GeminiV2FrameDecoder.side(required(e.makerSide, "makerSide")).opposite();
                out.accept(new Trade(venue, symbol, time, recv, e.tid, positive(e.price, "price"),
                        positive(required(e.amount, "amount"), "amount"), taker));
            }
        }
        if (!bookChange) {
            return;
        }
        if (initial || !haveBook) {
            if (!initial) {
                throw new FrameException("book change before the initial book");
            }
            haveBook = true;
            bookSequence = 1;
            out.accept(new BookSnapshot(venue, symbol, time, recv, 1, bids.build(), asks.build()));
        } else {
            bookSequence++;
            out.accept(new BookDelta(venue, symbol, time, recv, bookSequence, bookSequence, bookSequence - 1,
                    bids.build(), asks.build()));
        }
    }

    private static void events(JsonParser p, List<Event> out) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new FrameException("field events: expected an array");
        }
        while (next(p) != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new FrameException("field events: expected objects");
            }
            Event e = new Event();
            while (next(p) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                next(p);
                switch (name) {
                    case "type" -> e.type = text(p, "events.type");
                    case "side" -> e.side = text(p, "events.side");
                    case "reason" -> e.reason = text(p, "events.reason");
                    case "makerSide" -> e.makerSide = text(p, "events.makerSide");
                    case "price" -> e.price = decimal(p, "events.price");
                    case "remaining" -> e.remaining = decimal(p, "events.remaining");
                    case "amount" -> e.amount = decimal(p, "events.amount");
                    case "tid" -> e.tid = p.getText();
                    default -> p.skipChildren();
                }
            }
            if (e.type == null) {
                throw new FrameException("event without a type");
            }
            out.add(e);
        }
    }

    private static final class Event {
        String type;
        String side;
        String reason;
        String makerSide;
        String tid;
        long price = Long.MIN_VALUE;
        long remaining = Long.MIN_VALUE;
        long amount = Long.MIN_VALUE;
    }
}
