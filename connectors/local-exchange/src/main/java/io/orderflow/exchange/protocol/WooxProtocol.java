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
 * WOO X public: {@code {"id":..,"topic":"<symbol>@<topic>","event":"subscribe"}} answered with success and the
 * client's own {@code id} echoed as it was sent (string or number); per step an {@code orderbookupdate} whose
 * {@code prevTs} is the symbol's previous update {@code ts}, the {@code orderbook} topic's 100-level snapshot once a
 * second of market time, and trades; each client gets only the topics it subscribed. A server {@code ping} every
 * 2 s; the REST snapshots: v3 {@code /v3/public/orderbook?symbol=&maxLevel=} (levels under {@code data}, the
 * answer's {@code timestamp} is the ts of the last update it contains) and the older
 * {@code /v1/public/orderbook/<symbol>}.
 */
final class WooxProtocol implements VenueProtocol {
    private static final Pattern TOPIC = Pattern.compile("\"topic\"\\s*:\\s*\"([^\"@]+)@(\\w+)\"");
    /** The id as the client wrote it: a JSON string with its quotes, or a number. */
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");
    private static final String TOPICS = "woox-topics";
    /** Levels of the {@code orderbook} topic's snapshot. */
    private static final int SNAPSHOT_LEVELS = 100;

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
        String id = Render.first(ID, text);
        client.send("{\"id\":" + (id == null ? "\"\"" : id) + ",\"event\":\"" + (subscribe ? "subscribe" : "unsubscribe")
                + "\",\"success\":true,\"ts\":" + System.currentTimeMillis() + "}");
        String symbol = m.group(1);
        String topic = symbol + "@" + m.group(2);
        Set<String> topics = topics(client);
        if (subscribe) {
            topics.add(topic);
            client.subscribe(symbol);
        } else {
            topics.remove(topic);
            if (topics.stream().noneMatch(t -> t.startsWith(symbol + "@"))) {
                client.unsubscribe(symbol);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> topics(Client client) {
        return (Set<String>) client.attributes().computeIfAbsent(TOPICS,
                k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    /** A client gets the topics it subscribed, nothing else of the symbol. */
    @Override
    public List<String> renderFor(Client client, List<String> frames) {
        // a whole-market harness (the benchmark tape) takes what orderflow's source subscribes: updates and trades,
        // not the orderbook topic's snapshots, which only a client that asks for them gets
        boolean everyStream = client.attributes().containsKey(Client.EVERY_STREAM);
        Set<String> mine = everyStream ? Set.of() : topics(client);
        List<String> out = new ArrayList<>(frames.size());
        for (String frame : frames) {
            java.util.regex.Matcher m = TOPIC.matcher(frame);
            if (!m.find()) {
                out.add(frame);
                continue;
            }
            boolean wanted = everyStream ? !m.group(2).equals("orderbook") : mine.contains(m.group(1) + "@" + m.group(2));
            if (wanted) {
                out.add(frame);
            }
        }
        return out;
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
        if (t / 1000 != (t - market.stepMs()) / 1000) { // the orderbook topic: a snapshot once a second
            OrderBook book = market.book(s);
            StringBuilder b = new StringBuilder(4096).append("{\"topic\":\"").append(s).append("@orderbook\",\"ts\":")
                    .append(t).append(",\"data\":{\"symbol\":\"").append(s).append("\",\"asks\":");
            Render.pairs(b, Render.levels(book, Side.SELL, SNAPSHOT_LEVELS), false, "");
            b.append(",\"bids\":");
            Render.pairs(b, Render.levels(book, Side.BUY, SNAPSHOT_LEVELS), false, "");
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
        boolean v3 = path.equals("/v3/public/orderbook");
        if (!v3 && !path.startsWith("/v1/public/orderbook/")) {
            return null;
        }
        String symbol = v3 ? query.get("symbol") : path.substring("/v1/public/orderbook/".length());
        OrderBook book = symbol == null ? null : market.book(symbol);
        if (book == null) {
            return new RestAnswer(400, "{\"success\":false,\"code\":-1000,\"message\":\"symbol not exist\"}");
        }
        int levels = Integer.parseInt(query.getOrDefault(v3 ? "maxLevel" : "max_level", "100"));
        StringBuilder b = new StringBuilder(4096);
        b.append(v3 ? "{\"success\":true,\"timestamp\":" + last(symbol) + ",\"data\":{\"asks\":"
                : "{\"success\":true,\"asks\":");
        objects(b, Render.levels(book, Side.SELL, levels), v3);
        b.append(",\"bids\":");
        objects(b, Render.levels(book, Side.BUY, levels), v3);
        return new RestAnswer(200, (v3 ? b.append("}}") : b.append(",\"timestamp\":").append(last(symbol)).append('}'))
                .toString());
    }

    /** Levels as objects; v3 writes the numbers as strings. */
    private static void objects(StringBuilder b, List<Map.Entry<Long, Long>> levels, boolean quoted) {
        String q = quoted ? "\"" : "";
        b.append('[');
        for (int i = 0; i < levels.size(); i++) {
            b.append(i > 0 ? "," : "").append("{\"price\":").append(q).append(Render.num(levels.get(i).getKey()))
                    .append(q).append(",\"quantity\":").append(q).append(Render.num(levels.get(i).getValue())).append(q)
                    .append('}');
        }
        b.append(']');
    }
}
