package io.orderflow.exchange.protocol;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.Side;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Gemini market data v2: {@code {"type":"subscribe","subscriptions":[{"name":"l2","symbols":[..]}]}} answered with
 * a full-book {@code l2_updates} per symbol; then {@code l2_updates} of the changes per step, {@code trade}
 * messages, and a {@code heartbeat} every 2 s. No sequence numbers: TCP order is the guarantee.
 */
final class GeminiV2Protocol implements VenueProtocol {
    private static final Pattern SYMBOLS = Pattern.compile("\"symbols\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private long eventId = 1;

    @Override
    public String venueId() {
        return "gemini";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        return Set.of();
    }

    @Override
    public void onClientText(Client client, String text) {
        String symbols = Render.first(SYMBOLS, text);
        if (symbols == null) {
            return;
        }
        boolean subscribe = text.contains("\"type\":\"subscribe\"");
        for (String s : Render.all(QUOTED, symbols)) {
            if (subscribe) {
                client.subscribe(s);
            } else if (text.contains("\"type\":\"unsubscribe\"")) {
                client.unsubscribe(s);
            }
        }
    }

    @Override
    public List<String> render(SimulatedMarket.SymbolStep step) {
        List<String> frames = new ArrayList<>();
        if (!step.changes().isEmpty()) {
            frames.add(l2(step.symbol(), Render.net(step, Side.BUY), Render.net(step, Side.SELL)));
        }
        for (SimulatedMarket.Print p : step.trades()) {
            frames.add("{\"type\":\"trade\",\"symbol\":\"" + step.symbol() + "\",\"event_id\":" + eventId++
                    + ",\"timestamp\":" + step.timeMs() + ",\"price\":\"" + Render.num(p.price()) + "\",\"quantity\":\""
                    + Render.num(p.size()) + "\",\"side\":\"" + (p.aggressor() == Side.BUY ? "buy" : "sell") + "\"}");
        }
        return frames;
    }

    private static String l2(String symbol, Map<Long, Long> bids, Map<Long, Long> asks) {
        StringBuilder b = new StringBuilder(512).append("{\"type\":\"l2_updates\",\"symbol\":\"").append(symbol)
                .append("\",\"changes\":[");
        boolean first = true;
        for (Map.Entry<Long, Long> e : bids.entrySet()) {
            b.append(first ? "" : ",").append("[\"buy\",\"").append(Render.num(e.getKey())).append("\",\"")
                    .append(Render.num(e.getValue())).append("\"]");
            first = false;
        }
        for (Map.Entry<Long, Long> e : asks.entrySet()) {
            b.append(first ? "" : ",").append("[\"sell\",\"").append(Render.num(e.getKey())).append("\",\"")
                    .append(Render.num(e.getValue())).append("\"]");
            first = false;
        }
        return b.append("]}").toString();
    }

    @Override
    public List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs) {
        Map<Long, Long> bids = new TreeMap<>();
        Map<Long, Long> asks = new TreeMap<>();
        Render.levels(book, Side.BUY, 500).forEach(e -> bids.put(e.getKey(), e.getValue()));
        Render.levels(book, Side.SELL, 500).forEach(e -> asks.put(e.getKey(), e.getValue()));
        // a heartbeat first gives the client the venue's clock before the book (v2 books carry no time)
        return List.of(heartbeat(client, timeMs), l2(symbol, bids, asks));
    }

    @Override
    public long sequence(String symbol) {
        return 0; // nothing on the wire to key the truth by
    }

    @Override
    public Duration heartbeatInterval() {
        return Duration.ofSeconds(2);
    }

    @Override
    public String heartbeat(Client client, long timeMs) {
        return "{\"type\":\"heartbeat\",\"timestamp\":" + timeMs + "}";
    }
}
