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
 * Kraken Futures WS v1: {@code {"event":"subscribe","feed":"book","product_ids":[..]}} answered with
 * {@code subscribed} and a {@code book_snapshot} at the product's {@code seq}; then one {@code book} message per
 * level change, each {@code seq} + 1; {@code trade} messages; {@code heartbeat} every 2 s. Prices and quantities
 * are JSON numbers.
 */
final class KrakenFuturesProtocol implements VenueProtocol {
    private static final Pattern FEED = Pattern.compile("\"feed\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern IDS = Pattern.compile("\"product_ids\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private final Map<String, Long> seq = new HashMap<>();

    @Override
    public String venueId() {
        return "kraken-futures";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        return Set.of();
    }

    @Override
    public void onClientText(Client client, String text) {
        String feed = Render.first(FEED, text);
        String ids = Render.first(IDS, text);
        boolean subscribe = text.contains("\"event\":\"subscribe\"");
        boolean unsubscribe = text.contains("\"event\":\"unsubscribe\"");
        if (feed == null || (!subscribe && !unsubscribe)) {
            return;
        }
        List<String> products = ids == null ? List.of() : Render.all(QUOTED, ids);
        for (String p : products) {
            client.send("{\"event\":\"" + (subscribe ? "subscribed" : "unsubscribed") + "\",\"feed\":\"" + feed
                    + "\",\"product_ids\":[\"" + p + "\"]}");
            if (feed.equals("book")) {
                if (subscribe) {
                    client.subscribe(p);
                } else {
                    client.unsubscribe(p);
                }
            }
        }
        if (products.isEmpty()) {
            client.send("{\"event\":\"subscribed\",\"feed\":\"" + feed + "\"}");
        }
    }

    private long seq(String product) {
        return seq.computeIfAbsent(product, k -> 5_000L);
    }

    @Override
    public List<String> render(SimulatedMarket.SymbolStep step) {
        String p = step.symbol();
        long t = step.timeMs();
        List<String> frames = new ArrayList<>();
        for (SimulatedMarket.Print trade : step.trades()) {
            frames.add("{\"feed\":\"trade\",\"product_id\":\"" + p + "\",\"uid\":\"t-" + trade.id() + "\",\"side\":\""
                    + (trade.aggressor() == Side.BUY ? "buy" : "sell") + "\",\"type\":\"fill\",\"seq\":" + trade.id()
                    + ",\"time\":" + t + ",\"qty\":" + Render.num(trade.size()) + ",\"price\":"
                    + Render.num(trade.price()) + "}");
        }
        for (SimulatedMarket.Change c : step.changes()) {
            long s = seq(p) + 1;
            seq.put(p, s);
            frames.add("{\"feed\":\"book\",\"product_id\":\"" + p + "\",\"side\":\""
                    + (c.side() == Side.BUY ? "buy" : "sell") + "\",\"seq\":" + s + ",\"price\":" + Render.num(c.price())
                    + ",\"qty\":" + Render.num(c.size()) + ",\"timestamp\":" + t + "}");
        }
        return frames;
    }

    @Override
    public List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs) {
        StringBuilder b = new StringBuilder(4096).append("{\"feed\":\"book_snapshot\",\"product_id\":\"").append(symbol)
                .append("\",\"timestamp\":").append(timeMs).append(",\"seq\":").append(seq(symbol))
                .append(",\"tickSize\":null,\"bids\":");
        objects(b, Render.levels(book, Side.BUY, 500));
        b.append(",\"asks\":");
        objects(b, Render.levels(book, Side.SELL, 500));
        return List.of(b.append('}').toString());
    }

    private static void objects(StringBuilder b, List<Map.Entry<Long, Long>> levels) {
        b.append('[');
        for (int i = 0; i < levels.size(); i++) {
            b.append(i > 0 ? "," : "").append("{\"price\":").append(Render.num(levels.get(i).getKey()))
                    .append(",\"qty\":").append(Render.num(levels.get(i).getValue())).append('}');
        }
        b.append(']');
    }

    @Override
    public long sequence(String symbol) {
        return seq(symbol);
    }

    @Override
    public RestAnswer rest(String path, Map<String, String> query, SimulatedMarket market) {
        if (!path.equals("/derivatives/api/v3/tickers")) {
            return null;
        }
        return new RestAnswer(200, "{\"result\":\"success\",\"tickers\":"
                + Render.tickers(market, "symbol", "vol24h", "last", true) + "}");
    }

    @Override
    public Duration heartbeatInterval() {
        return Duration.ofSeconds(2);
    }

    @Override
    public String heartbeat(Client client, long timeMs) {
        return "{\"feed\":\"heartbeat\",\"time\":" + timeMs + "}";
    }
}
