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
 * Binance spot or USD-M: combined streams named in the URL ({@code /stream?streams=btcusdt@depth@100ms/...}), every
 * level change its own update id (USD-M ids are shared across symbols and jump), a {@code bookTicker} on each change
 * of the best bid/offer, one {@code depthUpdate} per step with {@code U}/{@code u} (and {@code pu}), trades
 * ({@code trade} spot, {@code aggTrade} futures), and the REST {@code .../depth} snapshot at {@code lastUpdateId}.
 */
final class BinanceProtocol implements VenueProtocol {
    private final boolean futures;
    private final SimulatedMarket market;
    private final Map<String, Long> lastId = new HashMap<>();
    private final Map<String, Long> lastEventU = new HashMap<>();
    private long globalId = 1_000_000L;

    BinanceProtocol(boolean futures, SimulatedMarket market) {
        this.futures = futures;
        this.market = market;
    }

    @Override
    public String venueId() {
        return futures ? "binance-usdm" : "binance-spot";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        Set<String> out = new HashSet<>();
        String query = uri.getQuery();
        if (query != null && query.startsWith("streams=")) {
            for (String stream : query.substring("streams=".length()).split("/")) {
                int at = stream.indexOf('@');
                out.add((at < 0 ? stream : stream.substring(0, at)).toUpperCase(Locale.ROOT));
            }
        } else if (uri.getPath().startsWith("/ws/")) {
            String stream = uri.getPath().substring(4);
            int at = stream.indexOf('@');
            out.add((at < 0 ? stream : stream.substring(0, at)).toUpperCase(Locale.ROOT));
        }
        return out;
    }

    @Override
    public void onClientText(Client client, String text) {
        // orderflow subscribes in the URL; a SUBSCRIBE request is answered as Binance does
        String id = Render.first(java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)"), text);
        if (id != null) {
            client.send("{\"result\":null,\"id\":" + id + "}");
        }
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
