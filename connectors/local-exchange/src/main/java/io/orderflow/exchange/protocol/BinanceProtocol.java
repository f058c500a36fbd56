package io.orderflow.exchange.protocol;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.Side;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binance spot or USD-M: combined streams named in the URL ({@code /stream?streams=btcusdt@depth@100ms/...}) or
 * raw ones ({@code /ws/btcusdt@depth}), and live {@code SUBSCRIBE} / {@code UNSUBSCRIBE} / {@code LIST_SUBSCRIPTIONS}
 * requests answered with their ids; every level change its own update id (USD-M ids are shared across symbols and
 * jump), a {@code bookTicker} on each change of the best bid/offer, one {@code depthUpdate} per step with
 * {@code U}/{@code u} (and {@code pu}), trades ({@code trade} spot, {@code aggTrade} futures), and the REST
 * {@code .../depth} snapshot at {@code lastUpdateId}. A connection gets only the streams it named. USD-M routes
 * them by category as Binance has since 2026-04-23: {@code /public} carries depth and bookTicker, {@code /market}
 * aggTrade; a connection with no route gets {@code /public} streams only, so a client on the old URL form loses its
 * trades without an error, as on the venue.
 */
final class BinanceProtocol implements VenueProtocol {
    private static final String STREAMS = "binance.streams"; // Set<String> of stream names, lower case
    private static final String COMBINED = "binance.combined"; // Boolean: frames wrapped {"stream","data"}
    private static final String ROUTE = "binance.route"; // "public", "market", or "" (unrouted)
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(
            "\"id\"\\s*:\\s*(\"[^\"]*\"|-?\\d+|null)");
    private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile(
            "\"method\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final java.util.regex.Pattern PARAMS = java.util.regex.Pattern.compile(
            "\"params\"\\s*:\\s*\\[([^\\]]*)\\]");

    private final boolean futures;
    private final boolean routed;
    private final SimulatedMarket market;
    private final Map<String, Long> lastId = new HashMap<>();
    private final Map<String, Long> lastEventU = new HashMap<>();
    private long globalId = 1_000_000L;

    /** @param routed USD-M's category routing ({@code /public}, {@code /market}) */
    BinanceProtocol(boolean futures, boolean routed, SimulatedMarket market) {
        this.futures = futures;
        this.routed = routed;
        this.market = market;
    }

    @Override
    public String venueId() {
        return futures ? "binance-usdm" : "binance-spot";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        Set<String> out = new HashSet<>();
        for (String stream : streamsInUrl(uri)) {
            out.add(symbolOf(stream).toUpperCase(Locale.ROOT));
        }
        return out;
    }

    private static List<String> streamsInUrl(URI uri) {
        List<String> out = new ArrayList<>();
        String query = uri.getQuery();
        String path = uri.getPath();
        if (query != null && query.startsWith("streams=")) {
            for (String stream : query.substring("streams=".length()).split("/")) {
                if (!stream.isEmpty()) {
                    out.add(normalized(stream));
                }
            }
        } else if (path.contains("/ws/")) {
            out.add(normalized(path.substring(path.indexOf("/ws/") + 4)));
        }
        return out;
    }

    /** Symbols are lower case in stream names; the stream type keeps its case ({@code bookTicker}, {@code aggTrade}). */
    private static String normalized(String stream) {
        int at = stream.indexOf('@');
        return at < 0 ? stream.toLowerCase(Locale.ROOT) : stream.substring(0, at).toLowerCase(Locale.ROOT)
                + stream.substring(at);
    }

    private static String symbolOf(String stream) {
        int at = stream.indexOf('@');
        return at < 0 ? stream : stream.substring(0, at);
    }

    /** The route a stream belongs to on USD-M: the book streams are public, the rest market data. */
    private static String routeOf(String stream) {
        return stream.contains("@depth") || stream.endsWith("@bookTicker") ? "public" : "market";
    }

    @Override
    public void onOpen(Client client, URI uri) {
        String path = uri.getPath();
        String route = path.startsWith("/public/") ? "public" : path.startsWith("/market/") ? "market" : "";
        client.attributes().put(ROUTE, route);
        client.attributes().put(COMBINED, path.endsWith("/stream"));
        client.attributes().put(STREAMS, java.util.concurrent.ConcurrentHashMap.newKeySet());
        subscribeStreams(client, streamsInUrl(uri));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> streams(Client client) {
        return (Set<String>) client.attributes().computeIfAbsent(STREAMS,
                k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    private void subscribeStreams(Client client, List<String> names) {
        for (String stream : names) {
            streams(client).add(stream);
            client.subscribe(symbolOf(stream).toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Live requests, answered the way Binance answers them: {@code {"result":null,"id":<id>}} with the id as it
     * came (a number or a string), the subscription list for LIST_SUBSCRIPTIONS, an error for anything else.
     */
    @Override
    public void onClientText(Client client, String text) {
        String id = Render.first(ID, text);
        String method = Render.first(METHOD, text);
        if (id == null || method == null) {
            client.send("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected a method and an id\"},\"id\":"
                    + (id == null ? "null" : id) + "}");
            return;
        }
        List<String> params = new ArrayList<>();
        String list = Render.first(PARAMS, text);
        if (list != null) {
            for (String p : list.split(",")) {
                String name = p.trim().replace("\"", "");
                if (!name.isEmpty()) {
                    params.add(normalized(name));
                }
            }
        }
        switch (method) {
            case "SUBSCRIBE" -> {
                subscribeStreams(client, params);
                client.send("{\"result\":null,\"id\":" + id + "}");
            }
            case "UNSUBSCRIBE" -> {
                Set<String> mine = streams(client);
                params.forEach(mine::remove);
                for (String stream : params) {
                    String symbol = symbolOf(stream);
                    if (mine.stream().noneMatch(s -> symbolOf(s).equals(symbol))) {
                        client.unsubscribe(symbol.toUpperCase(Locale.ROOT));
                    }
                }
                client.send("{\"result\":null,\"id\":" + id + "}");
            }
            case "LIST_SUBSCRIPTIONS" -> client.send("{\"result\":[" + String.join(",", streams(client).stream()
                    .sorted().map(s -> "\"" + s + "\"").toList()) + "],\"id\":" + id + "}");
            default -> client.send("{\"error\":{\"code\":1,\"msg\":\"Invalid request: unknown method " + method
                    + "\"},\"id\":" + id + "}");
        }
    }

    /**
     * Each client gets the streams it named, under the name it used (a client that asked for
     * {@code btcusdt@depth} gets the depth stream so named), wrapped on combined connections, bare on raw ones; a
     * USD-M connection only the streams of its route (unrouted: public ones).
     */
    @Override
    public List<String> renderFor(Client client, List<String> frames) {
        if (client.attributes().containsKey(Client.EVERY_STREAM)) {
            return frames;
        }
        Set<String> mine = streams(client);
        boolean combined = Boolean.TRUE.equals(client.attributes().get(COMBINED));
        Object route = client.attributes().getOrDefault(ROUTE, "");
        List<String> out = new ArrayList<>(frames.size());
        for (String frame : frames) {
            if (!frame.startsWith("{\"stream\":\"")) {
                out.add(frame); // a recorded raw frame: as it was recorded
                continue;
            }
            int end = frame.indexOf('"', 11);
            if (end < 0 || frame.indexOf("\"data\":", end) < 0) {
                // a damaged frame (a fuzz test's): as it is, once, on the connection that carries the books
                if (!routed || route.equals("") || route.equals("public")) {
                    out.add(frame);
                }
                continue;
            }
            String stream = frame.substring(11, end);
            if (routed && !routeOf(stream).equals(route.equals("") ? "public" : route)) {
                continue;
            }
            String asked = asked(mine, stream);
            if (asked == null) {
                continue;
            }
            if (combined) {
                out.add(asked.equals(stream) ? frame : "{\"stream\":\"" + asked + frame.substring(end));
            } else {
                int data = frame.indexOf("\"data\":", end) + 7;
                out.add(frame.substring(data, frame.length() - 1));
            }
        }
        return out;
    }

    /** The name under which the client asked for this stream, or null: depth streams match whatever speed named. */
    private static String asked(Set<String> mine, String stream) {
        if (mine.contains(stream)) {
            return stream;
        }
        int depth = stream.indexOf("@depth");
        if (depth > 0) {
            String prefix = stream.substring(0, depth + 6);
            for (String s : mine) {
                if (s.equals(prefix) || (s.startsWith(prefix + "@") && s.endsWith("ms"))) {
                    return s;
                }
            }
        }
        return null;
    }

    private long nextId(String symbol) {
        if (futures) {
            globalId += 1 + (globalId % 3);
            return globalId;
        }
        return lastId.getOrDefault(symbol, 1_000L) + 1;
    }

    @Override
    public List<String> render(SimulatedMarket.SymbolStep step) {
        String symbol = step.symbol();
        String lower = symbol.toLowerCase(Locale.ROOT);
        long t = step.timeMs();
        List<String> frames = new ArrayList<>();
        long before = lastId.computeIfAbsent(symbol, k -> futures ? globalId : 1_000L);
        for (SimulatedMarket.Print p : step.trades()) {
            frames.add("{\"stream\":\"" + lower + (futures ? "@aggTrade" : "@trade") + "\",\"data\":{\"e\":\""
                    + (futures ? "aggTrade" : "trade") + "\",\"E\":" + t + ",\"s\":\"" + symbol + "\","
                    + (futures ? "\"a\":" : "\"t\":") + p.id() + ",\"p\":\"" + Render.num(p.price()) + "\",\"q\":\""
                    + Render.num(p.size()) + "\",\"T\":" + t + ",\"m\":" + (p.aggressor() == Side.SELL) + "}}");
        }
        long[] bbo = null;
        for (SimulatedMarket.Change c : step.changes()) {
            long id = nextId(symbol);
            lastId.put(symbol, id);
            long[] now = {c.bidPrice(), c.bidSize(), c.askPrice(), c.askSize()};
            boolean twoSided = c.bidPrice() != OrderBook.NONE && c.askPrice() != OrderBook.NONE;
            if (twoSided && !java.util.Arrays.equals(now, bbo)) {
                bbo = now;
                frames.add("{\"stream\":\"" + lower + "@bookTicker\",\"data\":{\"u\":" + id
                        + (futures ? ",\"e\":\"bookTicker\",\"E\":" + t + ",\"T\":" + t : "") + ",\"s\":\"" + symbol
                        + "\",\"b\":\"" + Render.num(now[0]) + "\",\"B\":\"" + Render.num(now[1]) + "\",\"a\":\""
                        + Render.num(now[2]) + "\",\"A\":\"" + Render.num(now[3]) + "\"}}");
            }
        }
        long last = lastId.get(symbol);
        if (last != before) {
            StringBuilder b = new StringBuilder(512).append("{\"stream\":\"").append(lower)
                    .append("@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":").append(t);
            if (futures) {
                b.append(",\"T\":").append(t);
            }
            // U: the first id after this symbol's previous event (on futures other symbols' ids lie between)
            b.append(",\"s\":\"").append(symbol).append("\",\"U\":").append(before + 1).append(",\"u\":").append(last);
            if (futures) {
                b.append(",\"pu\":").append(lastEventU.getOrDefault(symbol, before));
            }
            b.append(",\"b\":");
            Render.pairs(b, Render.net(step, Side.BUY).entrySet(), true, "");
            b.append(",\"a\":");
            Render.pairs(b, Render.net(step, Side.SELL).entrySet(), true, "");
            frames.add(b.append("}}").toString());
            lastEventU.put(symbol, last);
        }
        return frames;
    }

    @Override
    public List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs) {
        return List.of(); // Binance books come from REST
    }

    @Override
    public long sequence(String symbol) {
        return lastId.getOrDefault(symbol, 0L);
    }

    @Override
    public RestAnswer rest(String path, Map<String, String> query, SimulatedMarket market) {
        if (path.endsWith("/ticker/24hr")) {
            return new RestAnswer(200, Render.tickers(market, "symbol", "quoteVolume", "lastPrice", false));
        }
        if (!path.endsWith("/depth")) {
            return null;
        }
        String symbol = query.getOrDefault("symbol", "").toUpperCase(Locale.ROOT);
        OrderBook book = market.book(symbol);
        if (book == null) {
            return new RestAnswer(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        long id = lastId.computeIfAbsent(symbol, k -> futures ? globalId : 1_000L);
        StringBuilder b = new StringBuilder(4096).append("{\"lastUpdateId\":").append(id);
        if (futures) {
            b.append(",\"E\":").append(market.clockMs()).append(",\"T\":").append(market.clockMs());
        }
        b.append(",\"bids\":");
        Render.pairs(b, Render.levels(book, Side.BUY, limit), true, "");
        b.append(",\"asks\":");
        Render.pairs(b, Render.levels(book, Side.SELL, limit), true, "");
        return new RestAnswer(200, b.append('}').toString());
    }
}
