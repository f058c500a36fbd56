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

/**
 * Gemini market data v1: one symbol per connection ({@code /v1/marketdata/<symbol>}); every message, heartbeats
 * included, numbered by the connection's own {@code socket_sequence} from 0. The first update lists the whole book
 * (reason "initial"); each step is one update with {@code change} events (the remaining size at a price) and
 * {@code trade} events.
 */
final class GeminiV1Protocol implements VenueProtocol {
    private static final String SEQ = "%SOCKET_SEQUENCE%";
    private long eventId = 1;

    @Override
    public String venueId() {
        return "gemini-v1";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        String path = uri.getPath();
        return path.startsWith("/v1/marketdata/") ? Set.of(path.substring("/v1/marketdata/".length())) : Set.of();
    }

    @Override
    public void onClientText(Client client, String text) {}

    @Override
    public List<String> render(SimulatedMarket.SymbolStep step) {
        List<String> events = new ArrayList<>();
        for (Map.Entry<Long, Long> e : Render.net(step, Side.BUY).entrySet()) {
            events.add(change("bid", e.getKey(), e.getValue(), "place"));
        }
        for (Map.Entry<Long, Long> e : Render.net(step, Side.SELL).entrySet()) {
            events.add(change("ask", e.getKey(), e.getValue(), "place"));
        }
        for (SimulatedMarket.Print p : step.trades()) {
            events.add("{\"type\":\"trade\",\"tid\":" + p.id() + ",\"price\":\"" + Render.num(p.price())
                    + "\",\"amount\":\"" + Render.num(p.size()) + "\",\"makerSide\":\""
                    + (p.aggressor() == Side.BUY ? "ask" : "bid") + "\"}");
        }
        if (events.isEmpty()) {
            return List.of();
        }
        return List.of(update(step.timeMs(), events));
    }

    private String update(long timeMs, List<String> events) {
        return "{\"type\":\"update\",\"eventId\":" + eventId++ + ",\"timestamp\":" + timeMs / 1000 + ",\"timestampms\":"
                + timeMs + ",\"socket_sequence\":" + SEQ + ",\"events\":[" + String.join(",", events) + "]}";
    }

    private static String change(String side, long price, long remaining, String reason) {
        return "{\"type\":\"change\",\"side\":\"" + side + "\",\"price\":\"" + Render.num(price) + "\",\"remaining\":\""
                + Render.num(remaining) + "\",\"delta\":\"0\",\"reason\":\"" + reason + "\"}";
    }

    @Override
    public List<String> renderFor(Client client, List<String> frames) {
        List<String> out = new ArrayList<>(frames.size());
        for (String f : frames) {
            out.add(f.replace(SEQ, Long.toString(client.nextSocketSequence())));
        }
        return out;
    }

    @Override
    public List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs) {
        List<String> events = new ArrayList<>();
        Render.levels(book, Side.BUY, 500).forEach(e -> events.add(change("bid", e.getKey(), e.getValue(), "initial")));
        Render.levels(book, Side.SELL, 500).forEach(e -> events.add(change("ask", e.getKey(), e.getValue(), "initial")));
        return renderFor(client, List.of(update(timeMs, events)));
    }

    @Override
    public long sequence(String symbol) {
        return 0;
    }

    @Override
    public Duration heartbeatInterval() {
        return Duration.ofSeconds(2);
    }

    @Override
    public String heartbeat(Client client, long timeMs) {
        return "{\"type\":\"heartbeat\",\"socket_sequence\":" + client.nextSocketSequence() + "}";
    }
}
