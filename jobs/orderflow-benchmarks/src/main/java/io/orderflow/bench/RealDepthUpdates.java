package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.model.Decimals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real Binance USD-M depth updates (2021-07-22, four instruments, 30 s; captures/NOTICE) and the REST snapshots
 * that seed each book, parsed once into flat arrays: what every book in the benchmark applies, in the same order.
 * Parsing is not measured.
 */
final class RealDepthUpdates {
    final List<String> symbols = new ArrayList<>();
    /** Per event: the instrument's index, and its levels as [levelStart[e], levelStart[e + 1]). */
    final int[] symbolOf;
    final int[] levelStart;
    /** Per level: bid side, price and size as scaled longs and as BigDecimal (for the baselines). */
    final boolean[] bid;
    final long[] price;
    final long[] size;
    final BigDecimal[] priceDecimal;
    final BigDecimal[] sizeDecimal;
    /** Per instrument: the REST snapshot's levels, bids then asks, as [price, size] strings. */
    final Map<String, List<String[]>> snapshotBids = new LinkedHashMap<>();
    final Map<String, List<String[]>> snapshotAsks = new LinkedHashMap<>();

    private RealDepthUpdates(List<int[]> events, List<Object[]> levels) {
        symbolOf = new int[events.size()];
        levelStart = new int[events.size() + 1];
        for (int e = 0; e < events.size(); e++) {
            symbolOf[e] = events.get(e)[0];
            levelStart[e + 1] = levelStart[e] + events.get(e)[1];
        }
        bid = new boolean[levels.size()];
        price = new long[levels.size()];
        size = new long[levels.size()];
        priceDecimal = new BigDecimal[levels.size()];
        sizeDecimal = new BigDecimal[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            Object[] l = levels.get(i);
            bid[i] = (Boolean) l[0];
            priceDecimal[i] = new BigDecimal((String) l[1]);
            sizeDecimal[i] = new BigDecimal((String) l[2]);
            price[i] = Decimals.parse((String) l[1]);
            size[i] = Decimals.parse((String) l[2]);
        }
    }

    int events() {
        return symbolOf.length;
    }

    static RealDepthUpdates binanceUsdm() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> symbols = new ArrayList<>();
        List<int[]> events = new ArrayList<>();
        List<Object[]> levels = new ArrayList<>();
        for (String line : lines("captures/binance_usdm_futures_depthUpdate_real_2021-07-22.jsonl")) {
            JsonNode data = json.readTree(line).path("data");
            String symbol = data.path("s").asText();
            if (!symbols.contains(symbol)) {
                symbols.add(symbol);
            }
            int n = 0;
            for (String side : new String[] {"b", "a"}) {
                for (JsonNode level : data.path(side)) {
                    levels.add(new Object[] {side.equals("b"), level.get(0).asText(), level.get(1).asText()});
                    n++;
                }
            }
            events.add(new int[] {symbols.indexOf(symbol), n});
        }
        RealDepthUpdates d = new RealDepthUpdates(events, levels);
        d.symbols.addAll(symbols);
        for (String line : lines("captures/binance_usdm_futures_rest_depth_snapshots_2021-07-22.jsonl")) {
            JsonNode r = json.readTree(line);
            String url = r.path("url").asText();
            String symbol = url.replaceAll(".*symbol=([A-Z0-9]+).*", "$1");
            d.snapshotBids.put(symbol, pairs(r.path("body").path("bids")));
            d.snapshotAsks.put(symbol, pairs(r.path("body").path("asks")));
        }
        return d;
    }

    private static List<String[]> pairs(JsonNode levels) {
        List<String[]> out = new ArrayList<>();
        for (JsonNode l : levels) {
            out.add(new String[] {l.get(0).asText(), l.get(1).asText()});
        }
        return out;
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = RealDepthUpdates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing benchmark resource " + resource);
            }
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
            return out;
        }
    }
}
