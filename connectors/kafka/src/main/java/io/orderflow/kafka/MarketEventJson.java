package io.orderflow.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import io.orderflow.model.VenueBbo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The documented JSON form of a normalized market event on the Kafka topic (README, "Kafka"). One object per
 * record, snake_case, with {@code "v": 1} and a {@code "type"} of snapshot, delta, trade, bbo or quality. Prices
 * and sizes are decimal strings ("59100.5"), never JSON numbers, so no consumer reads them through a double;
 * levels are {@code [[price, size], ...]} best first, size "0" deleting a level. Unknown fields are skipped, so
 * fields can be added without breaking older readers.
 */
public final class MarketEventJson {
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private MarketEventJson() {}

    public static byte[] encode(MarketEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("type", typeOf(e));
            g.writeStringField("venue", e.venue());
            g.writeStringField("symbol", e.symbol());
            g.writeNumberField("exchange_time_ms", e.exchangeTimeMs());
            g.writeNumberField("received_at_ns", e.receivedAtNanos());
            if (e instanceof BookSnapshot s) {
                g.writeNumberField("seq", s.sequence());
                levels(g, "bids", s.bids());
                levels(g, "asks", s.asks());
            } else if (e instanceof BookDelta d) {
                sequence(g, "first_seq", d.firstSequence());
                sequence(g, "last_seq", d.lastSequence());
                sequence(g, "prev_seq", d.previousSequence());
                levels(g, "bids", d.bids());
                levels(g, "asks", d.asks());
            } else if (e instanceof Trade t) {
                g.writeStringField("trade_id", t.tradeId());
                g.writeStringField("price", Decimals.toPlainString(t.price()));
                g.writeStringField("size", Decimals.toPlainString(t.size()));
                g.writeStringField("aggressor", t.aggressor().name());
            } else if (e instanceof VenueBbo b) {
                g.writeNumberField("update_id", b.updateId());
                g.writeStringField("bid_price", Decimals.toPlainString(b.bidPrice()));
                g.writeStringField("bid_size", Decimals.toPlainString(b.bidSize()));
                g.writeStringField("ask_price", Decimals.toPlainString(b.askPrice()));
                g.writeStringField("ask_size", Decimals.toPlainString(b.askSize()));
            } else if (e instanceof DataQualityEvent q) {
                g.writeStringField("kind", q.kind().name());
                g.writeStringField("detail", q.detail());
                g.writeStringField("sample", q.sample());
            }
            g.writeEndObject();
        } catch (IOException impossible) { // writing to memory
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException with the reason when the bytes are not a market event of a known version */
    public static MarketEvent decode(byte[] bytes) throws IOException {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "v" -> f.version = p.getIntValue();
                    case "type" -> f.type = p.getText();
                    case "venue" -> f.venue = p.getText();
                    case "symbol" -> f.symbol = p.getText();
                    case "exchange_time_ms" -> f.exchangeTime = p.getLongValue();
                    case "received_at_ns" -> f.received = p.getLongValue();
                    case "seq" -> f.sequence = p.getLongValue();
                    case "first_seq" -> f.first = optionalLong(p, value);
                    case "last_seq" -> f.last = optionalLong(p, value);
                    case "prev_seq" -> f.previous = optionalLong(p, value);
                    case "bids" -> f.bids = levels(p);
                    case "asks" -> f.asks = levels(p);
                    case "trade_id", "kind", "detail", "sample", "aggressor" -> f.text(name, p.getText());
                    case "price", "size", "bid_price", "bid_size", "ask_price", "ask_size" ->
                            f.decimal(name, Decimals.parse(p.getText()));
                    case "update_id" -> f.updateId = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
        } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
            throw new IOException("bad number: " + e.getMessage(), e);
        }
        return f.build();
    }

    private static String typeOf(MarketEvent e) {
        if (e instanceof BookSnapshot) {
            return "snapshot";
        } else if (e instanceof BookDelta) {
            return "delta";
        } else if (e instanceof Trade) {
            return "trade";
        } else if (e instanceof VenueBbo) {
            return "bbo";
        } else if (e instanceof DataQualityEvent) {
            return "quality";
        }
        throw new IllegalArgumentException("unknown market event type " + e.getClass());
    }

    private static void sequence(JsonGenerator g, String name, long value) throws IOException {
        if (value == BookDelta.NO_SEQUENCE) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static long optionalLong(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? BookDelta.NO_SEQUENCE : p.getLongValue();
    }

    private static void levels(JsonGenerator g, String name, PriceLevels levels) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < levels.count(); i++) {
            g.writeStartArray();
            g.writeString(Decimals.toPlainString(levels.price(i)));
            g.writeString(Decimals.toPlainString(levels.size(i)));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static PriceLevels levels(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("levels must be an array of [price, size]");
        }
        PriceLevels.Builder b = new PriceLevels.Builder(16);
        while (p.nextToken() == JsonToken.START_ARRAY) {
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IOException("a level's price must be a decimal string");
            }
            long price = Decimals.parse(p.getText());
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IOException("a level's size must be a decimal string");
            }
            long size = Decimals.parse(p.getText());
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new IOException("a level is exactly [price, size]");
            }
            b.add(price, size);
        }
        return b.build();
    }

    /** The fields seen so far; {@link #build} checks that the type's required ones are there. */
    private static final class Fields {
        int version = -1;
        String type;
        String venue;
        String symbol;
        Long exchangeTime;
        Long received;
        Long sequence;
        long first = BookDelta.NO_SEQUENCE;
        long last = BookDelta.NO_SEQUENCE;
        long previous = BookDelta.NO_SEQUENCE;
        PriceLevels bids;
        PriceLevels asks;
        String tradeId;
        String kind;
        String detail;
        String sample;
        String aggressor;
        Long price;
        Long size;
        Long bidPrice;
        Long bidSize;
        Long askPrice;
        Long askSize;
        Long updateId;

        void text(String name, String value) {
            switch (name) {
                case "trade_id" -> tradeId = value;
                case "kind" -> kind = value;
                case "detail" -> detail = value;
                case "sample" -> sample = value;
                default -> aggressor = value;
            }
        }

        void decimal(String name, long value) {
            switch (name) {
                case "price" -> price = value;
                case "size" -> size = value;
                case "bid_price" -> bidPrice = value;
                case "bid_size" -> bidSize = value;
                case "ask_price" -> askPrice = value;
                default -> askSize = value;
            }
        }

        MarketEvent build() throws IOException {
            if (version != VERSION) {
                throw new IOException(version < 0 ? "no \"v\" field" : "unsupported version " + version
                        + " (this reader knows " + VERSION + ")");
            }
            require(type, "type");
            require(venue, "venue");
            require(symbol, "symbol");
            require(exchangeTime, "exchange_time_ms");
            require(received, "received_at_ns");
            return switch (type) {
                case "snapshot" -> new BookSnapshot(venue, symbol, exchangeTime, received, require(sequence, "seq"),
                        require(bids, "bids"), require(asks, "asks"));
                case "delta" -> new BookDelta(venue, symbol, exchangeTime, received, first, last, previous,
                        require(bids, "bids"), require(asks, "asks"));
                case "trade" -> new Trade(venue, symbol, exchangeTime, received, require(tradeId, "trade_id"),
                        require(price, "price"), require(size, "size"), side(require(aggressor, "aggressor")));
                case "bbo" -> new VenueBbo(venue, symbol, exchangeTime, received, require(updateId, "update_id"),
                        require(bidPrice, "bid_price"), require(bidSize, "bid_size"), require(askPrice, "ask_price"),
                        require(askSize, "ask_size"));
                case "quality" -> new DataQualityEvent(venue, symbol, exchangeTime, received,
                        kind(require(kind, "kind")), detail == null ? "" : detail, sample == null ? "" : sample);
                default -> throw new IOException("unknown type \"" + type + "\"");
            };
        }

        private static <T> T require(T value, String field) throws IOException {
            if (value == null) {
                throw new IOException("missing field \"" + field + "\"");
            }
            return value;
        }

        private static Side side(String s) throws IOException {
            try {
                return Side.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw new IOException("aggressor must be BUY or SELL, got \"" + s + "\"");
            }
        }

        private static DataQualityEvent.Kind kind(String s) throws IOException {
            try {
                return DataQualityEvent.Kind.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown data-quality kind \"" + s + "\"");
            }
        }
    }
}
