package io.orderflow.venue.kraken;

import static io.orderflow.venue.JsonSupport.decimal;
import static io.orderflow.venue.JsonSupport.integer;
import static io.orderflow.venue.JsonSupport.next;
import static io.orderflow.venue.JsonSupport.side;
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
import java.util.function.Consumer;

/**
 * Decodes Kraken Futures WS v1 public frames: {@code book_snapshot}, {@code book} (one level per message, with the
 * product's {@code seq}), {@code trade}, and the {@code info}/{@code subscribed}/{@code heartbeat} housekeeping.
 * Prices and quantities are JSON numbers; they are read from the number's text, so "2004.85" stays exact.
 */
final class KrakenFuturesFrameDecoder extends JsonFrameDecoder {
    KrakenFuturesFrameDecoder(String venue) {
        super(venue);
    }

    @Override
    protected void decodeObject(JsonParser p, String frame, long recv, Consumer<MarketEvent> out) throws IOException {
        String feed = null;
        String event = null;
        String product = null;
        String side = null;
        String uid = null;
        String message = null;
        long seq = Long.MIN_VALUE;
        long time = Long.MIN_VALUE;
        long price = Long.MIN_VALUE;
        long qty = Long.MIN_VALUE;
        PriceLevels bids = null;
        PriceLevels asks = null;
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            JsonToken t = next(p);
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "feed" -> feed = text(p, name);
                case "event" -> event = text(p, name);
                case "message" -> message = p.getText();
                case "product_id" -> product = text(p, name);
                case "side" -> side = text(p, name);
                case "uid" -> uid = text(p, name);
                case "seq" -> seq = integer(p, name);
                case "timestamp", "time" -> time = integer(p, name);
                case "price" -> price = decimal(p, name);
                case "qty" -> qty = decimal(p, name);
                case "bids" -> bids = objectLevels(p, name);
                case "asks" -> asks = objectLevels(p, name);
                default -> p.skipChildren();
            }
        }
        if (event != null) {
            if (event.equals("error") || event.equals("alert")) {
                out.accept(new DataQualityEvent(venue, product == null ? "" : product, recv / 1_000_000, recv,
                        DataQualityEvent.Kind.VENUE_ERROR, "Kraken Futures " + event + ": " + message,
                        DataQualityEvent.sampleOf(frame)));
            }
            return; // info, subscribed, unsubscribed
        }
        if (feed == null) {
            throw new FrameException("neither \"feed\" nor \"event\"");
        }
        switch (feed) {
            case "book_snapshot" -> out.accept(new BookSnapshot(venue, required(product, "product_id"),
                    required(time, "timestamp"), recv, required(seq, "seq"), required(bids, "bids"),
                    required(asks, "asks")));
            case "book" -> {
                PriceLevels level = PriceLevels.wrap(new long[] {positive(required(price, "price"), "price")},
                        new long[] {notNegative(required(qty, "qty"), "qty")});
                boolean buy = side(required(side, "side"), "side") == Side.BUY;
                long s = required(seq, "seq");
                out.accept(new BookDelta(venue, required(product, "product_id"), required(time, "timestamp"), recv,
                        s, s, BookDelta.NO_SEQUENCE, buy ? level : PriceLevels.EMPTY, buy ? PriceLevels.EMPTY : level));
            }
            case "trade" -> out.accept(new Trade(venue, required(product, "product_id"), required(time, "time"), recv,
                    uid != null ? uid : Long.toString(required(seq, "seq")), positive(required(price, "price"), "price"),
                    positive(required(qty, "qty"), "qty"), side(required(side, "side"), "side")));
            case "trade_snapshot", "ticker_lite", "ticker", "heartbeat" -> { } // history and tickers: not used
            default -> throw new FrameException("unknown feed '" + feed + "'");
        }
    }

    /** [{"price": 439.3, "qty": 20108.0}, ...] */
    private static PriceLevels objectLevels(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new FrameException("field " + field + ": expected an array of levels");
        }
        PriceLevels.Builder b = new PriceLevels.Builder(32);
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new FrameException("field " + field + ": expected {price, qty} objects");
            }
            long price = Long.MIN_VALUE;
            long qty = Long.MIN_VALUE;
            while (next(p) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                next(p);
                switch (name) {
                    case "price" -> price = decimal(p, field + ".price");
                    case "qty" -> qty = decimal(p, field + ".qty");
                    default -> p.skipChildren();
                }
            }
            b.add(positive(required(price, field + ".price"), field + ".price"),
                    notNegative(required(qty, field + ".qty"), field + ".qty"));
        }
        return b.build();
    }

}
