package io.orderflow.venue.binance;

import static io.orderflow.venue.JsonSupport.bool;
import static io.orderflow.venue.JsonSupport.decimal;
import static io.orderflow.venue.JsonSupport.integer;
import static io.orderflow.venue.JsonSupport.levels;
import static io.orderflow.venue.JsonSupport.next;
import static io.orderflow.venue.JsonSupport.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.model.BookDelta;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import io.orderflow.model.VenueBbo;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonFrameDecoder;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Decodes Binance market-data frames, raw ({@code {"e":"depthUpdate",...}}) or combined-stream
 * ({@code {"stream":"btcusdt@depth@100ms","data":{...}}}), for spot, USD-M and COIN-M: {@code depthUpdate},
 * {@code bookTicker} (spot's carries no "e"; the stream name or its shape tells), {@code trade} and
 * {@code aggTrade}. One pass of Jackson's streaming parser; Binance reuses one-letter keys with different types
 * across events ("a" is the ask levels, the best ask, or an aggregate trade id), so values are kept by type.
 */
final class BinanceFrameDecoder extends JsonFrameDecoder {
    /** Events Binance sends on streams users commonly add to a subscription; not market data orderflow uses. */
    private static final java.util.Set<String> IGNORED_EVENTS =
            java.util.Set.of("kline", "24hrTicker", "24hrMiniTicker", "markPriceUpdate", "forceOrder");

    BinanceFrameDecoder(String venue) {
        super(venue);
    }

    @Override
    protected void decodeObject(JsonParser p, String frame, long receivedAtNanos, Consumer<MarketEvent> out)
            throws IOException {
        Fields f = new Fields();
        readObject(p, f, true);
        MarketEvent event = f.toEvent(venue, receivedAtNanos);
        if (event != null) {
            out.accept(event);
        }
    }

    private static void readObject(JsonParser p, Fields f, boolean topLevel) throws IOException {
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            t = next(p);
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "stream" -> f.stream = text(p, name);
                case "data" -> {
                    if (!topLevel || t != JsonToken.START_OBJECT) {
                        throw new FrameException("field data: expected an object");
                    }
                    readObject(p, f, false);
                }
                case "e" -> f.eventType = text(p, name);
                case "E" -> f.eventTime = integer(p, name);
                case "T" -> f.transactionTime = integer(p, name);
                case "s" -> f.symbol = text(p, name);
                case "U" -> f.firstId = integer(p, name);
                case "u" -> f.lastId = integer(p, name);
                case "pu" -> f.previousId = integer(p, name);
                case "b" -> {
                    if (t == JsonToken.START_ARRAY) {
                        f.bids = levels(p, name);
                    } else {
                        f.bidPrice = decimal(p, name);
                    }
                }
                case "a" -> {
                    if (t == JsonToken.START_ARRAY) {
                        f.asks = levels(p, name);
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        f.tradeId = p.getLongValue();
                    } else {
                        f.askPrice = decimal(p, name);
                    }
                }
                case "B" -> f.bidSize = decimal(p, name);
                case "A" -> f.askSize = decimal(p, name);
                case "p" -> f.price = decimal(p, name);
                case "q" -> f.quantity = decimal(p, name);
                case "t" -> f.tradeId = integer(p, name);
                case "m" -> f.buyerIsMaker = bool(p, name);
                case "result", "id" -> {
                    f.control = true;
                    p.skipChildren();
                }
                default -> p.skipChildren(); // Binance adds fields over time; unknown ones are not errors
            }
        }
    }

    /** The values one frame carried, by type. */
    private static final class Fields {
        static final long ABSENT = Long.MIN_VALUE;
        String stream;
        String eventType;
        String symbol;
        long eventTime = ABSENT;
        long transactionTime = ABSENT;
        long firstId = ABSENT;
        long lastId = ABSENT;
        long previousId = ABSENT;
        PriceLevels bids;
        PriceLevels asks;
        long bidPrice = ABSENT;
        long bidSize = ABSENT;
        long askPrice = ABSENT;
        long askSize = ABSENT;
        long price = ABSENT;
        long quantity = ABSENT;
        long tradeId = ABSENT;
        Boolean buyerIsMaker;
        boolean control;

        MarketEvent toEvent(String venue, long receivedAtNanos) {
            String type = eventType;
            if (type == null) {
                if (stream != null && stream.endsWith("@bookTicker")) {
                    type = "bookTicker";
                } else if (control && symbol == null) {
                    return null; // {"result":null,"id":1}: the answer to a SUBSCRIBE request
                } else if (lastId != ABSENT && bidPrice != ABSENT && askPrice != ABSENT) {
                    type = "bookTicker"; // spot raw stream: no "e", no stream name
                } else {
                    throw new FrameException("no event type: neither \"e\" nor a known stream name");
                }
            }
            long exchangeTime = eventTime != ABSENT ? eventTime
                    : transactionTime != ABSENT ? transactionTime : MarketEvent.NO_VENUE_TIME; // spot bookTicker
            switch (type) {
                case "depthUpdate" -> {
                    String s = required(symbol, "s");
                    return new BookDelta(venue, s, exchangeTime, receivedAtNanos,
                            required(firstId, "U"), required(lastId, "u"),
                            previousId == ABSENT ? BookDelta.NO_SEQUENCE : previousId,
                            required(bids, "b"), required(asks, "a"));
                }
                case "bookTicker" -> {
                    return new VenueBbo(venue, required(symbol, "s"), exchangeTime, receivedAtNanos,
                            required(lastId, "u"), required(bidPrice, "b"), required(bidSize, "B"),
                            required(askPrice, "a"), required(askSize, "A"));
                }
                case "trade", "aggTrade" -> {
                    if (buyerIsMaker == null) {
                        throw new FrameException("missing field m");
                    }
                    long when = transactionTime != ABSENT ? transactionTime : exchangeTime;
                    return new Trade(venue, required(symbol, "s"), when, receivedAtNanos,
                            Long.toString(required(tradeId, "t")), positive(required(price, "p"), "p"),
                            positive(required(quantity, "q"), "q"),
                            // the buyer being the maker means the seller crossed the spread
                            buyerIsMaker ? Side.SELL : Side.BUY);
                }
                default -> {
                    if (IGNORED_EVENTS.contains(type)) {
                        return null;
                    }
                    throw new FrameException("unknown event type '" + type + "'");
                }
            }
        }

        private static long required(long v, String field) {
            if (v == ABSENT) {
                throw new FrameException("missing field " + field);
            }
            return v;
        }

        private static long positive(long v, String field) {
            if (v <= 0) {
                throw new FrameException("field " + field + " must be positive");
            }
            return v;
        }

        private static <T> T required(T v, String field) {
            if (v == null) {
                throw new FrameException("missing field " + field);
            }
            return v;
        }
    }
}
