package io.orderflow.exchange.protocol;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.Side;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * WOO X public: {@code {"id":..,"topic":"<symbol>@orderbookupdate","event":"subscribe"}} answered with success;
 * per step an {@code orderbookupdate} whose {@code prevTs} is the symbol's previous update {@code ts}; trades;
 * a server {@code ping} every 2 s; and the REST {@code /v1/public/orderbook/<symbol>} snapshot whose
 * {@code timestamp} is the ts of the last update it contains.
 */
final class WooxProtocol implements VenueProtocol {
    private static final Pattern TOPIC = Pattern.compile("\"topic\"\\s*:\\s*\"([^\"@]+)@(\\w+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]*)\"");

    private final SimulatedMarket market;
    private final Map<String, Long> lastTs = new HashMap<>();

    WooxProtocol(SimulatedMarket market) {
        this.market = market;
    }

    @Override
    public String venueId() {
        return "woox";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        return Set.of();
    }

    @Override
    public void onClientText(Client client, String text) {
        if (!text.contains("\"event\":\"subscribe\"") && !text.contains("\"event\":\"unsubscribe\"")) {
            return; // pongs
        }
        java.util.regex.Matcher m = TOPIC.matcher(text);
        if (!m.find()) {
            return;
        }
        boolean subscribe = text.contains("\"event\":\"subscribe\"");
        client.send("{\"id\":\"" + Render.first(ID, text) + "\",\"event\":\"" + (subscribe ? "subscribe" : "unsubscribe")
                + "\",\"success\":true,\"ts\":" + System.currentTimeMillis() + "}");
        if (subscribe) {
            client.subscribe(m.group(1));
        } else if (m.group(2).equals("orderbookupdate")) {
            client.unsubscribe(m.group(1));
        }
    }

    private long last(String symbol) {
        return lastTs.computeIfAbsent(symbol, k -> market.clockMs());
    }

    @Override
    public List<String> render(SimulatedMarket.SymbolStep step) {
        String s = step.symbol();
        long t = step.timeMs();
        List<String> frames = new ArrayList<>();
        for (SimulatedMarket.Print p : step.trades()) {
            frames.add("{\"topic\":\"" + s + "@trade\",\"ts\":" + t + ",\"data\":{\"symbol\":\"" + s + "\",\"price\":"
                    + Render.num(p.price()) + ",\"size\":" + Render.num(p.size()) + ",\"side\":\""
                    + (p.aggressor() == Side.BUY ? "BUY" : "SELL") + "\",\"source\":0}}");
        }
        if (!step.changes().isEmpty()) {
            long prev = last(s);
            lastTs.put(s, t);
            StringBuilder b = new StringBuilder(512).append("{\"topic\":\"").append(s).append("@orderbookupdate\",\"ts\":")
                    .append(t).append(",\"data\":{\"symbol\":\"").append(s).append("\",\"prevTs\":").append(prev)
                    .append(",\"asks\":");
            Render.pairs(b, Render.net(step, Side.SELL).entrySet(), false, "");
            b.append(",\"bids\":");
            Render.pairs(b, Render.net(step, Side.BUY).entrySet(), false, "");
            frames.add(b.append("}}").toString());
        }
        return frames;
    }

    @Override
    public List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs) {
        return List.of(); // WOO X books come from REST
    }

    @Override
    public long sequence(String symbol) {
        return last(symbol);
    }

    @Override
    public Duration heartbeatInterval() {
        return Duration.ofSeconds(2);
    }

    @Override
    public String heartbeat(Client client, long timeMs) {
        return "{\"event\":\"ping\",\"ts\":" + timeMs + "}";
    }

    @Override
    public RestAnswer rest(String path, Map<String, String> query, SimulatedMarket market) {
        if (!path.startsWith("/v1/public/orderbook/")) {
            return null;
        }
        String symbol = path.substring("/v1/public/orderbook/".length());
        OrderBook book = market.book(symbol);
        if (book == null) {
            return new RestAnswer(400, "{\"success\":false,\"code\":-1000,\"message\":\"symbol not exist\"}");
        }
        StringBuilder b = new StringBuilder(4096).append("{\"success\":true,\"asks\":");
        objects(b, Render.levels(book, Side.SELL, 500));
        b.append(",\"bids\":");
        objects(b, Render.levels(book, Side.BUY, 500));
        return new RestAnswer(200, b.append(",\"timestamp\":").append(last(symbol)).append('}').toString());
    }

    private static void objects(StringBuilder b, List<Map.Entry<Long, Long>> levels) {
        b.append('[');
        for (int i = 0; i < levels.size(); i++) {
            b.append(i > 0 ? "," : "").append("{\"price\":").append(Render.num(levels.get(i).getKey()))
                    .append(",\"quantity\":").append(Render.num(levels.get(i).getValue())).append('}');
        }
        b.append(']');
    }
}
