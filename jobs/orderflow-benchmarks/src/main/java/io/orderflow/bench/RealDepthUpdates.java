package io.orderflow.bench;

import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.Venue;
import io.orderflow.venue.Venues;
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
 * One venue's real L2 capture (captures/NOTICE), decoded once by the venue's own decoder into flat arrays: each
 * instrument's first full book (the stream's snapshot, or Binance's REST snapshot), then every delta in order.
 * This is what each book in {@link BookApplyBenchmark} applies, identically. Decoding is not measured here.
 */
public final class RealDepthUpdates {
    /** The real captures, by venue id: the stream, and for REST-seeded venues the snapshots (else null). */
    public static final Map<String, String[]> CAPTURES = new LinkedHashMap<>();

    static {
        CAPTURES.put("binance-usdm", new String[] {"captures/binance_usdm_futures_depthUpdate_real_2021-07-22.jsonl",
            "captures/binance_usdm_futures_rest_depth_snapshots_2021-07-22.jsonl"});
        CAPTURES.put("okx", new String[] {
            "captures/okx_v5_books_real_2022-05-13_BTC-USDT_BTC-USD-220527_UNI-USD-SWAP.jsonl", null});
        CAPTURES.put("kraken-futures", new String[] {"captures/kraken_futures_book_real_2021-07-22.jsonl", null});
        CAPTURES.put("gemini", new String[] {"captures/gemini_v2_l2_real_2021-06-24.jsonl", null});
    }

    final List<String> symbols = new ArrayList<>();
    /** Per instrument: its first full book. */
    final List<PriceLevels> seedBids = new ArrayList<>();
    final List<PriceLevels> seedAsks = new ArrayList<>();
    /** Per event: the instrument's index, and its levels as [levelStart[e], levelStart[e + 1]). */
    final int[] symbolOf;
    final int[] levelStart;
    /** Per level: bid side, price and size as scaled longs and as BigDecimal (for the baselines). */
    final boolean[] bid;
    final long[] price;
    final long[] size;
    final BigDecimal[] priceDecimal;
    final BigDecimal[] sizeDecimal;

    private RealDepthUpdates(List<BookDelta> deltas, Map<String, BookSnapshot> seeds) {
        for (BookSnapshot s : seeds.values()) {
            symbols.add(s.symbol());
            seedBids.add(s.bids());
            seedAsks.add(s.asks());
        }
        symbolOf = new int[deltas.size()];
        levelStart = new int[deltas.size() + 1];
        for (int e = 0; e < deltas.size(); e++) {
            BookDelta d = deltas.get(e);
            symbolOf[e] = symbols.indexOf(d.symbol());
            levelStart[e + 1] = levelStart[e] + d.bids().count() + d.asks().count();
        }
        int n = levelStart[deltas.size()];
        bid = new boolean[n];
        price = new long[n];
        size = new long[n];
        priceDecimal = new BigDecimal[n];
        sizeDecimal = new BigDecimal[n];
        int i = 0;
        for (BookDelta d : deltas) {
            for (PriceLevels side : new PriceLevels[] {d.bids(), d.asks()}) {
                for (int k = 0; k < side.count(); k++, i++) {
                    bid[i] = side == d.bids();
                    price[i] = side.price(k);
                    size[i] = side.size(k);
                    priceDecimal[i] = BigDecimal.valueOf(price[i], Decimals.SCALE);
                    sizeDecimal[i] = BigDecimal.valueOf(size[i], Decimals.SCALE);
                }
            }
        }
    }

    int events() {
        return symbolOf.length;
    }

    int levels() {
        return bid.length;
    }

    static RealDepthUpdates of(String venueId) throws IOException {
        String[] files = CAPTURES.get(venueId);
        if (files == null) {
            throw new IllegalArgumentException("no capture for venue " + venueId + "; known: " + CAPTURES.keySet());
        }
        Venue venue = Venues.byId(venueId);
        Map<String, BookSnapshot> seeds = new LinkedHashMap<>();
        if (files[1] != null) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : lines(files[1])) {
                var rest = json.readTree(line);
                String symbol = rest.path("url").asText().replaceAll(".*symbol=([A-Z0-9]+).*", "$1");
                seeds.put(symbol, venue.decodeSnapshot(symbol, rest.path("body").toString(), 0));
            }
        }
        List<BookDelta> deltas = new ArrayList<>();
        FrameDecoder decoder = venue.newDecoder(new Venue.Subscription("capture", List.of(), List.of()));
        for (String frame : frames(venueId)) {
            decoder.decode(frame, 0, (MarketEvent event) -> {
                if (event instanceof BookSnapshot s) {
                    seeds.putIfAbsent(s.symbol(), s); // a later full book would reset it: not a delta, left out
                } else if (event instanceof BookDelta d && seeds.containsKey(d.symbol())) {
                    deltas.add(d);
                }
            });
        }
        return new RealDepthUpdates(deltas, seeds);
    }

    /** The venue's capture as received, one frame per element. */
    static List<String> frames(String venueId) throws IOException {
        return lines(CAPTURES.get(venueId)[0]);
    }

    /** A capture resource's non-blank lines. */
    public static List<String> lines(String resource) throws IOException {
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
