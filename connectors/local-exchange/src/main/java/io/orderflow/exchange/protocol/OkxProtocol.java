package io.orderflow.exchange.protocol;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.Side;
import io.orderflow.venue.okx.OkxChecksumVectors;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OKX v5 public: {@code {"op":"subscribe","args":[{"channel":"books","instId":..}]}} answered with an event and, for
 * {@code books}, the 400-level snapshot ({@code prevSeqId} -1); then per step an {@code update} with
 * {@code prevSeqId}/{@code seqId} (steps are not +1) and the CRC32 checksum of the top 25 levels, a {@code bbo-tbt}
 * push when the best bid/offer changed, and {@code trades}. Text {@code ping} is answered {@code pong}.
 */
final class OkxProtocol implements VenueProtocol {
    private static final Pattern ARG = Pattern.compile("\"channel\"\\s*:\\s*\"([\\w-]+)\"\\s*,\\s*\"instId\"\\s*:\\s*\"([^\"]+)\"");

    private final SimulatedMarket market;
    private final Map<String, Long> seqId = new HashMap<>();
    private final Map<String, long[]> lastBbo = new HashMap<>();
    private long steps;

    OkxProtocol(SimulatedMarket market) {
        this.market = market;
    }

    @Override
    public String venueId() {
        return "okx";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        return Set.of();
    }

    @Override
    public void onClientText(Client client, String text) {
        if (text.equals("ping")) {
            client.send("pong");
            return;
        }
        boolean subscribe = text.contains("\"op\":\"subscribe\"");
        boolean unsubscribe = text.contains("\"op\":\"unsubscribe\"");
        Matcher m = ARG.matcher(text);
        while (m.find()) {
            String channel = m.group(1);
            String inst = m.group(2);
            String arg = "{\"channel\":\"" + channel + "\",\"instId\":\"" + inst + "\"}";
            if (subscribe) {
                client.send("{\"event\":\"subscribe\",\"arg\":" + arg + "}");
                if (channel.equals("books")) {
                    client.subscribe(inst);
                }
            } else if (unsubscribe) {
                client.send("{\"event\":\"unsubscribe\",\"arg\":" + arg + "}");
                if (channel.equals("books")) {
                    client.unsubscribe(inst);
                }
            }
        }
    }

    private long seq(String symbol) {
        return seqId.computeIfAbsent(symbol, k -> 1_000L);
    }

    @Override
    public List<String> render(SimulatedMarket.SymbolStep step) {
        String inst = step.symbol();
        long t = step.timeMs();
        List<String> frames = new ArrayList<>();
        steps++;
        if (!step.changes().isEmpty()) {
            long prev = seq(inst);
            long next = prev + 1 + (steps % 4); // OKX seqIds increase, but not by one
            seqId.put(inst, next);
            StringBuilder b = new StringBuilder(512).append("{\"arg\":{\"channel\":\"books\",\"instId\":\"").append(inst)
                    .append("\"},\"action\":\"update\",\"data\":[{\"asks\":");
            Render.pairs(b, Render.net(step, Side.SELL).entrySet(), true, ",\"0\",\"1\"");
            b.append(",\"bids\":");
            Render.pairs(b, Render.net(step, Side.BUY).entrySet(), true, ",\"0\",\"1\"");
            b.append(",\"ts\":\"").append(t).append("\",\"checksum\":").append(checksum(market.book(inst)))
                    .append(",\"prevSeqId\":").append(prev).append(",\"seqId\":").append(next).append("}]}");
            frames.add(b.toString());
            SimulatedMarket.Change last = step.changes().get(step.changes().size() - 1);
            long[] bbo = {last.bidPrice(), last.bidSize(), last.askPrice(), last.askSize()};
            if (last.bidPrice() != OrderBook.NONE && last.askPrice() != OrderBook.NONE
                    && !java.util.Arrays.equals(bbo, lastBbo.put(inst, bbo))) {
                frames.add("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"" + inst + "\"},\"data\":[{\"asks\":[[\""
                        + Render.num(bbo[2]) + "\",\"" + Render.num(bbo[3]) + "\",\"0\",\"1\"]],\"bids\":[[\""
                        + Render.num(bbo[0]) + "\",\"" + Render.num(bbo[1]) + "\",\"0\",\"1\"]],\"ts\":\"" + t
                        + "\",\"seqId\":" + next + "}]}");
            }
        }
        for (SimulatedMarket.Print p : step.trades()) {
            frames.add("{\"arg\":{\"channel\":\"trades\",\"instId\":\"" + inst + "\"},\"data\":[{\"instId\":\"" + inst
                    + "\",\"tradeId\":\"" + p.id() + "\",\"px\":\"" + Render.num(p.price()) + "\",\"sz\":\""
                    + Render.num(p.size()) + "\",\"side\":\"" + (p.aggressor() == Side.BUY ? "buy" : "sell")
                    + "\",\"ts\":\"" + t + "\"}]}");
        }
        return frames;
    }

    /** CRC32 of bid1Px:bid1Sz:ask1Px:ask1Sz:... over the top 25, exactly as OKX defines it. */
    private static int checksum(OrderBook book) {
        StringBuilder b = new StringBuilder(1024);
        for (int i = 0; i < 25; i++) {
            if (i < book.depth(Side.BUY)) {
                b.append(b.length() > 0 ? ":" : "").append(Render.num(book.price(Side.BUY, i))).append(':')
                        .append(Render.num(book.size(Side.BUY, i)));
            }
            if (i < book.depth(Side.SELL)) {
                b.append(b.length() > 0 ? ":" : "").append(Render.num(book.price(Side.SELL, i))).append(':')
                        .append(Render.num(book.size(Side.SELL, i)));
            }
        }
        return OkxChecksumVectors.crc(b.toString());
    }

    @Override
    public List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs) {
        StringBuilder b = new StringBuilder(8192).append("{\"arg\":{\"channel\":\"books\",\"instId\":\"").append(symbol)
                .append("\"},\"action\":\"snapshot\",\"data\":[{\"asks\":");
        Render.pairs(b, Render.levels(book, Side.SELL, 400), true, ",\"0\",\"1\"");
        b.append(",\"bids\":");
        Render.pairs(b, Render.levels(book, Side.BUY, 400), true, ",\"0\",\"1\"");
        b.append(",\"ts\":\"").append(timeMs).append("\",\"checksum\":").append(checksum(book))
                .append(",\"prevSeqId\":-1,\"seqId\":").append(seq(symbol)).append("}]}");
        return List.of(b.toString());
    }

    @Override
    public long sequence(String symbol) {
        return seq(symbol);
    }

    @Override
    public RestAnswer rest(String path, Map<String, String> query, SimulatedMarket market) {
        if (!path.equals("/api/v5/market/tickers")) {
            return null;
        }
        return new RestAnswer(200, "{\"code\":\"0\",\"msg\":\"\",\"data\":"
                + Render.tickers(market, "instId", "volCcy24h", "last", false) + "}");
    }
}
