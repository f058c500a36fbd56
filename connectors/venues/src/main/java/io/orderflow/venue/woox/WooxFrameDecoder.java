package io.orderflow.venue.woox;

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
import io.orderflow.model.Trade;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonFrameDecoder;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Decodes WOO X public frames in both topic shapes: legacy ({@code PERP_BTC_USDT@orderbookupdate},
 * {@code data.symbol}, the update's ts outside {@code data}) and v3 ({@code orderbookupdate@PERP_BTC_USDT@50},
 * {@code data.s}, {@code data.ts}). An {@code orderbookupdate} becomes a delta whose sequence is its {@code ts} and
 * whose previous sequence is {@code prevTs}; the answer to an {@code orderbook} request (and the REST snapshot)
 * becomes a snapshot at its {@code ts}, as does an update without {@code prevTs} (a full book pushed on the
 * topic; tardis replays mark it "generated"). Trades; {@code ping}/{@code pong} and subscription answers are housekeeping
 * (the source answers pings through {@link WooxVenue#autoReply}).
 */
final class WooxFrameDecoder extends JsonFrameDecoder {
    WooxFrameDecoder(String venue) {
        super(venue);
    }

    @Override
    protected void decodeObject(JsonParser p, String frame, long recv, Consumer<MarketEvent> out) throws IOException {
        String topic = null;
        String event = null;
        String id = null;
        Boolean success = null;
        long outerTs = Long.MIN_VALUE;
        Data data = null;
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            JsonToken t = next(p);
            switch (name) {
                case "topic" -> topic = text(p, name);
                case "event" -> event = text(p, name);
                case "id" -> id = p.getText();
                case "success" -> success = t == JsonToken.VALUE_TRUE;
                case "ts" -> outerTs = integer(p, name);
                case "data" -> data = data(p);
                default -> p.skipChildren();
            }
        }
        if (event != null) {
            if ("request".equals(event) && id != null && id.endsWith("@orderbook") && Boolean.TRUE.equals(success)) {
                Data d = required(data, "data");
                out.accept(new BookSnapshot(venue, required(d.symbol, "data.symbol"), required(d.ts, "data.ts"), recv,
                        d.ts, required(d.bids, "data.bids"), required(d.asks, "data.asks")));
            } else if (Boolean.FALSE.equals(success)) {
                out.accept(new DataQualityEvent(venue, "", recv / 1_000_000, recv, DataQualityEvent.Kind.VENUE_ERROR,
                        "WOO X refused '" + event + "' " + id, DataQualityEvent.sampleOf(frame)));
            }
            return; // ping, pong, subscribe answers
        }
        // v3 topics lead with the lower-case kind ("orderbookupdate@PERP_BTC_USDT@50"); legacy ones with the
        // symbol ("PERP_BTC_USDT@orderbookupdate")
        String[] parts = required(topic, "topic").split("@");
        String kind = parts[0].equals(parts[0].toLowerCase(java.util.Locale.ROOT)) || parts.length < 2
                ? parts[0] : parts[1];
        Data d = required(data, "data");
        switch (kind) {
            case "orderbookupdate" -> {
                long ts = d.ts != Long.MIN_VALUE ? d.ts : required(outerTs, "ts");
                if (d.prevTs == Long.MIN_VALUE) { // a full book pushed on the topic (replays mark it "generated")
                    out.accept(new BookSnapshot(venue, required(d.symbol, "data.symbol"), ts, recv, ts,
                            required(d.bids, "data.bids"), required(d.asks, "data.asks")));
                    return;
                }
                out.accept(new BookDelta(venue, required(d.symbol, "data.symbol"), ts, recv, ts, ts,
                        required(d.prevTs, "data.prevTs"), required(d.bids, "data.bids"), required(d.asks, "data.asks")));
            }
            case "trade" -> out.accept(new Trade(venue, required(d.symbol, "data.symbol"),
                    d.ts != Long.MIN_VALUE ? d.ts : required(outerTs, "ts"), recv,
                    Long.toString(d.ts != Long.MIN_VALUE ? d.ts : outerTs), positive(required(d.price, "price"), "price"),
                    positive(required(d.size, "size"), "size"), side(required(d.side, "side"), "side")));
            case "bbo", "markprice", "indexprice", "estfundingrate", "openinterest", "ticker", "tickers" -> { }
            default -> throw new FrameException("unknown topic '" + topic + "'");
        }
    }

    private static Data data(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new FrameException("field data: expected an object");
        }
        Data d = new Data();
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            next(p);
            switch (name) {
                case "symbol", "s" -> d.symbol = text(p, "data." + name);
                case "ts" -> d.ts = integer(p, "data.ts");
                case "prevTs" -> d.prevTs = integer(p, "data.prevTs");
                case "asks" -> d.asks = WooxVenue.levels(p, "data.asks");
                case "bids" -> d.bids = WooxVenue.levels(p, "data.bids");
                case "price", "px" -> d.price = decimal(p, "data." + name);
                case "size", "sx" -> d.size = decimal(p, "data." + name);
                case "side", "sd" -> d.side = text(p, "data." + name);
                default -> p.skipChildren();
            }
        }
        return d;
    }


    private static final class Data {
        String symbol;
        long ts = Long.MIN_VALUE;
        long prevTs = Long.MIN_VALUE;
        PriceLevels bids;
        PriceLevels asks;
        long price = Long.MIN_VALUE;
        long size = Long.MIN_VALUE;
        String side;
    }
}
