package io.orderflow.exchange.protocol;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small rendering helpers the venue protocols share. */
final class Render {
    private Render() {}

    /** Decimal text without trailing zeros ("60000.1", "0.001"). */
    static String num(long units) {
        return Decimals.toPlainString(units);
    }

    /** The net change per price of one side in a step (the last size set wins), best price first. */
    static TreeMap<Long, Long> net(SimulatedMarket.SymbolStep step, Side side) {
        Comparator<Long> order = side == Side.BUY ? Comparator.reverseOrder() : Comparator.naturalOrder();
        TreeMap<Long, Long> out = new TreeMap<>(order);
        for (SimulatedMarket.Change c : step.changes()) {
            if (c.side() == side) {
                out.put(c.price(), c.size());
            }
        }
        return out;
    }

    /** {@code [["p","q"],...]} (quoted) or {@code [[p,q],...]} (numbers), with optional extra elements per level. */
    static void pairs(StringBuilder b, Iterable<java.util.Map.Entry<Long, Long>> levels, boolean quoted, String extra) {
        b.append('[');
        boolean first = true;
        for (java.util.Map.Entry<Long, Long> e : levels) {
            if (!first) {
                b.append(',');
            }
            first = false;
            String q = quoted ? "\"" : "";
            b.append('[').append(q).append(num(e.getKey())).append(q).append(',').append(q).append(num(e.getValue()))
                    .append(q).append(extra).append(']');
        }
        b.append(']');
    }

    /** The top {@code n} levels of one side of a book, best first, as (price, size) entries. */
    static List<java.util.Map.Entry<Long, Long>> levels(OrderBook book, Side side, int n) {
        int k = Math.min(n, book.depth(side));
        List<java.util.Map.Entry<Long, Long>> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(java.util.Map.entry(book.price(side, i), book.size(side, i)));
        }
        return out;
    }

    /**
     * A 24 h ticker list in a venue's shape: {@code [{symbolField: .., volumeField: .., priceField: ..}, ...]},
     * volume as quote notional (or base volume when {@code baseVolume}), from the market's traded notional.
     */
    static String tickers(SimulatedMarket market, String symbolField, String volumeField, String priceField,
            boolean baseVolume) {
        StringBuilder b = new StringBuilder("[");
        for (java.util.Map.Entry<String, long[]> e : market.tradeStats().entrySet()) {
            long notional = e.getValue()[0];
            long last = e.getValue()[1];
            String volume = baseVolume
                    ? (last == 0 ? "0" : io.orderflow.model.Decimals.toBigDecimal(notional)
                            .divide(io.orderflow.model.Decimals.toBigDecimal(last), 8, java.math.RoundingMode.HALF_UP)
                            .stripTrailingZeros().toPlainString())
                    : num(notional);
            b.append(b.length() > 1 ? "," : "").append("{\"").append(symbolField).append("\":\"").append(e.getKey())
                    .append("\",\"").append(volumeField).append("\":\"").append(volume).append("\",\"")
                    .append(priceField).append("\":\"").append(num(last)).append("\"}");
        }
        return b.append(']').toString();
    }

    /** Every match of group 1 of a pattern. */
    static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
