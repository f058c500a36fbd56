package io.orderflow.venue.woox;

import static io.orderflow.venue.JsonSupport.decimal;
import static io.orderflow.venue.JsonSupport.integer;
import static io.orderflow.venue.JsonSupport.next;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.PriceLevels;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonSupport;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.SequenceRules;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * WOO X public market data: {@code <symbol>@orderbookupdate} and {@code <symbol>@trade} topics, the book seeded
 * from the REST orderbook snapshot. Chain: the first update's {@code prevTs} equals the snapshot's {@code ts}, then
 * each {@code prevTs} equals the previous update's {@code ts}. The server pings ({"event":"ping"}) every 10 s and
 * expects a pong; WOO X allows 100 topics per connection (two per symbol here). The public stream URL carries the
 * application id: give it as the WebSocket base, e.g. {@code wss://wss.woox.io/ws/stream/<application_id>}.
 */
public final class WooxVenue implements Venue {
    public static final String ID = "woox";

    static final int SYMBOLS_PER_CONNECTION = 50;

    static final SequenceRule RULE = SequenceRules.previousIdChain(true);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Majors majors() {
        return new Majors("SPOT_BTC_USDT", "SPOT_ETH_USDT");
    }

    @Override
    public VenueEndpoints defaultEndpoints() {
        return new VenueEndpoints("wss://wss.woox.io/ws/stream", "https://api.woox.io");
    }

    @Override
    public List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols) {
        List<Subscription> out = new ArrayList<>();
        for (List<String> chunk : SequenceRules.perConnection(symbols, SYMBOLS_PER_CONNECTION)) {
            List<String> messages = new ArrayList<>();
            for (String s : chunk) {
                messages.add("{\"id\":\"" + s + "@orderbookupdate\",\"topic\":\"" + s
                        + "@orderbookupdate\",\"event\":\"subscribe\"}");
                messages.add("{\"id\":\"" + s + "@trade\",\"topic\":\"" + s + "@trade\",\"event\":\"subscribe\"}");
            }
            out.add(new Subscription(endpoints.webSocketBase(), List.copyOf(chunk), messages));
        }
        return out;
    }

    @Override
    public FrameDecoder newDecoder(Subscription subscription) {
        return new WooxFrameDecoder(ID);
    }

    /** WOO X trades have no id: their time stands in, and two trades in one millisecond share it. */
    @Override
    public boolean tradeIdsAreUnique() {
        return false;
    }

    @Override
    public SequenceRule sequenceRule() {
        return RULE;
    }

    @Override
    public boolean needsRestSnapshot() {
        return true;
    }

    @Override
    public String snapshotUrl(VenueEndpoints endpoints, String symbol) {
        return endpoints.restBase() + "/v3/public/orderbook?symbol=" + symbol + "&maxLevel=500";
    }

    /**
     * The REST snapshot, v3: {@code {"success":true,"timestamp":..,"data":{"asks":[{"price":"..","quantity":".."}],
     * "bids":[..]}}}; the older v1 shape with the levels at the top is read too.
     */
    @Override
    public BookSnapshot decodeSnapshot(String symbol, String body, long receivedAtNanos) {
        try (JsonParser p = JsonSupport.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FrameException("orderbook snapshot is not a JSON object");
            }
            Snapshot s = new Snapshot();
            readSnapshot(p, s);
            if (Boolean.FALSE.equals(s.success)) {
                throw new FrameException("WOO X refused the snapshot: " + body.substring(0, Math.min(200, body.length())));
            }
            if (s.ts == Long.MIN_VALUE || s.bids == null || s.asks == null) {
                throw new FrameException("orderbook snapshot lacks timestamp, bids or asks");
            }
            return new BookSnapshot(ID, symbol, s.ts, receivedAtNanos, s.ts, s.bids, s.asks);
        } catch (StreamReadException e) {
            throw new FrameException("invalid JSON in orderbook snapshot: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FrameException("unreadable orderbook snapshot: " + e.getMessage(), e);
        }
    }

    private static void readSnapshot(JsonParser p, Snapshot s) throws IOException {
        while (next(p) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            JsonToken t = next(p);
            switch (name) {
                case "success" -> s.success = t == JsonToken.VALUE_TRUE;
                case "timestamp", "ts" -> s.ts = integer(p, name);
                case "asks" -> s.asks = levels(p, name);
                case "bids" -> s.bids = levels(p, name);
                case "data" -> {
                    if (t != JsonToken.START_OBJECT) {
                        throw new FrameException("field data: expected an object");
                    }
                    readSnapshot(p, s);
                }
                default -> p.skipChildren();
            }
        }
    }

    /** Levels as [[price, size], ...] (numbers or strings) or [{"price":..,"quantity":..}, ...]. */
    static PriceLevels levels(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new FrameException("field " + field + ": expected an array of levels");
        }
        PriceLevels.Builder b = new PriceLevels.Builder(32);
        JsonToken t;
        while ((t = next(p)) != JsonToken.END_ARRAY) {
            long price = Long.MIN_VALUE;
            long size = Long.MIN_VALUE;
            if (t == JsonToken.START_ARRAY) {
                next(p);
                price = decimal(p, field + ".price");
                next(p);
                size = decimal(p, field + ".size");
                while (next(p) != JsonToken.END_ARRAY) {
                    p.skipChildren();
                }
            } else if (t == JsonToken.START_OBJECT) {
                while (next(p) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    next(p);
                    switch (name) {
                        case "price" -> price = decimal(p, field + ".price");
                        case "quantity", "size" -> size = decimal(p, field + ".quantity");
                        default -> p.skipChildren();
                    }
                }
            } else {
                throw new FrameException("field " + field + ": expected levels");
            }
            if (price <= 0 || size < 0) {
                throw new FrameException("field " + field + ": level needs a positive price and a size >= 0");
            }
            b.add(price, size);
        }
        return b.build();
    }

    @Override
    public String autoReply(String frame) {
        // {"event":"ping","ts":...} must be answered within the keepalive window
        if (frame.length() < 80 && frame.contains("\"event\":\"ping\"")) {
            return "{\"event\":\"pong\",\"ts\":" + System.currentTimeMillis() + "}";
        }
        return null;
    }

    @Override
    public KeepAlive keepAlive() {
        return KeepAlive.serverPings(Duration.ofSeconds(30));
    }

    private static final class Snapshot {
        Boolean success;
        long ts = Long.MIN_VALUE;
        PriceLevels bids;
        PriceLevels asks;
    }
}
