package io.orderflow.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Trade;
import io.orderflow.model.VenueBbo;
import io.orderflow.venue.capture.CaptureLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Feeds every codec more than 100,000 mutations of real frames (truncated, wrong types, huge, negative, NaN,
 * unknown fields, wrong symbols, damaged bytes), each followed by an untouched real frame. No mutation may make a
 * decoder throw; every rejection must carry a reason; every event that passes the source's checks must apply to
 * the job's book and survive its serializer; and every untouched frame must decode exactly as it does on its own,
 * so bad input costs nothing good.
 */
class CodecFuzzTest {
    private static final int MUTATIONS = 100_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "binance-spot, raw_captures/BINANCE.ws.1.0",
        "binance-usdm, raw_captures/BINANCE_FUTURES.ws.1.0",
        "okx, raw_captures/OKX.ws.1.0",
        "kraken-futures, raw_captures/KRAKEN_FUTURES.ws.1.0",
        "gemini, raw_captures/GEMINI.ws.1.0",
        "gemini-v1, gemini-v1",
        "woox, woox",
        "goquant-okx, goquant"})
    void survivesMutatedFramesAndKeepsTheValidOnes(String venueId, String source) {
        Venue venue = Venues.byId(venueId);
        List<String> frames = frames(source);
        assertThat(frames).isNotEmpty();
        // What each real frame decodes to on its own, in a clean run (decoders may keep per-connection state).
        List<List<String>> expected = new ArrayList<>();
        FrameDecoder clean = Fixtures.decoder(venue, "BTC-USDT-SWAP");
        for (String f : frames) {
            expected.add(content(decodeAll(clean, f)));
        }

        FrameDecoder decoder = Fixtures.decoder(venue, "BTC-USDT-SWAP");
        SplittableRandom random = new SplittableRandom(venueId.hashCode());
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, io.orderflow.book.LadderOrderBook> books = new HashMap<>();
        int rejected = 0;
        int mutations = 0;
        int validChecked = 0;
        int i = 0;
        while (mutations < MUTATIONS) {
            String real = frames.get(i % frames.size());
            String mutated = FrameMutator.mutate(real, random);
            List<MarketEvent> out = decodeAll(decoder, mutated); // must not throw
            mutations++;
            for (MarketEvent e : out) {
                downstream(e, books);
                if (e instanceof DataQualityEvent dq && dq.kind() == DataQualityEvent.Kind.MALFORMED_FRAME) {
                    assertThat(dq.detail()).as("reason for " + mutated).isNotBlank();
                    assertThat(dq.sample()).isEqualTo(DataQualityEvent.sampleOf(mutated));
                    rejected++;
                    reasons.merge(dq.detail().replaceAll("[0-9'\"].*", ""), 1, Integer::sum);
                }
            }
            if (i < frames.size() * 2) { // the untouched frames around the mutants, for two passes of the capture
                List<String> got = content(decodeAll(decoder, real));
                if (!statefulOrder(venueId)) {
                    assertThat(got).as("frame " + (i % frames.size()) + " after a mutant").isEqualTo(
                            expected.get(i % frames.size()));
                    validChecked++;
                }
            }
            i++;
        }
        assertThat(rejected).as(venueId + " rejections").isGreaterThan(MUTATIONS / 5);
        assertThat(reasons.size()).as("distinct reasons " + reasons.keySet()).isGreaterThanOrEqualTo(4);
        if (!statefulOrder(venueId)) {
            assertThat(validChecked).isGreaterThan(0);
        }
    }

    /**
     * Decoders whose output depends on the frames before (checksum books, first-message-is-the-book, local
     * numbering) cannot be compared frame by frame once a mutant has changed that state; for them the property
     * checked is that nothing throws and every rejection has its reason.
     */
    private static boolean statefulOrder(String venueId) {
        return venueId.equals("okx") || venueId.startsWith("gemini") || venueId.equals("goquant-okx");
    }

    /**
     * What the source does next with a decoded event: one that fails {@link io.orderflow.model.EventChecks}
     * becomes a data-quality row (its reason must say why); every other one must apply to the job's book and
     * survive the job's serializer unchanged, whatever the mutation made of it.
     */
    private static void downstream(MarketEvent e, Map<String, io.orderflow.book.LadderOrderBook> books) {
        String problem = io.orderflow.model.EventChecks.problem(e);
        if (problem != null) {
            assertThat(problem).isNotBlank();
            return;
        }
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            io.orderflow.model.codec.MarketEventCodec.INSTANCE.write(e, new java.io.DataOutputStream(bytes));
            MarketEvent back = io.orderflow.model.codec.MarketEventCodec.INSTANCE.read(
                    new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())),
                    e.receivedAtNanos());
            assertThat(back).as("serializer round trip").isEqualTo(e);
        } catch (java.io.IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
        io.orderflow.book.LadderOrderBook book = books.computeIfAbsent(e.symbol(),
                k -> new io.orderflow.book.LadderOrderBook());
        if (e instanceof BookSnapshot s) {
            book.clear();
            apply(book, s.bids(), s.asks());
        } else if (e instanceof BookDelta d) {
            apply(book, d.bids(), d.asks());
        }
        for (int level = 0; level < 20; level++) { // reading the top, as the book operator does
            book.price(io.orderflow.model.Side.BUY, level);
            book.price(io.orderflow.model.Side.SELL, level);
        }
    }

    private static void apply(io.orderflow.book.LadderOrderBook book, io.orderflow.model.PriceLevels bids,
            io.orderflow.model.PriceLevels asks) {
        for (int i = 0; i < bids.count(); i++) {
            book.set(io.orderflow.model.Side.BUY, bids.price(i), bids.size(i));
        }
        for (int i = 0; i < asks.count(); i++) {
            book.set(io.orderflow.model.Side.SELL, asks.price(i), asks.size(i));
        }
    }

    private static List<MarketEvent> decodeAll(FrameDecoder decoder, String frame) {
        List<MarketEvent> out = new ArrayList<>();
        decoder.decode(frame, 1_000_000_000L, out::add);
        return out;
    }

    /** A comparable description of decoded market content (not data-quality events). */
    private static List<String> content(List<MarketEvent> events) {
        List<String> out = new ArrayList<>();
        for (MarketEvent e : events) {
            if (e instanceof BookDelta || e instanceof BookSnapshot || e instanceof Trade || e instanceof VenueBbo) {
                out.add(e.toString());
            }
        }
        return out;
    }

    static List<String> frames(String source) {
        if (source.equals("woox")) {
            List<String> out = new ArrayList<>();
            try {
                com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        Fixtures.class.getResourceAsStream("/fixtures/woox_orderbook_samples_tardis.json"));
                doc.get("legacy_2023_01_23").get("messages").forEach(m -> out.add(m.toString()));
                doc.get("v3_2026").get("messages").forEach(m -> out.add(m.toString()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
        }
        if (source.equals("gemini-v1")) {
            List<String> out = new ArrayList<>();
            try {
                com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        Fixtures.class.getResourceAsStream("/fixtures/gemini_v1_marketdata_samples.json"));
                doc.get("real_capture_top_of_book_2019-07-06").get("messages").forEach(m -> out.add(m.toString()));
                doc.get("real_capture_top_of_book_2020-02-03").get("messages").forEach(m -> out.add(m.toString()));
                out.add(doc.get("documentation_example").get("update").toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
        }
        if (source.equals("goquant")) {
            return List.of("{\"timestamp\":\"2025-12-03T04:09:08.823824+00:00\",\"exchange\":\"OKX\",\"symbol\":"
                    + "\"BTC-USDT-SWAP\",\"bids\":[[\"92756.1\",\"0.035\"],[\"92752.4\",\"0.005\"]],"
                    + "\"asks\":[[\"92760.0\",\"0.123\"],[\"92761.5\",\"0.456\"]]}");
        }
        List<String> out = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (String line : Fixtures.lines(source)) {
            CaptureLine c = CaptureLine.parse(line);
            if (c != null && !c.isRest() && !c.connect() && c.text().startsWith("{") && out.size() < 2_000
                    && seen.putIfAbsent(c.text(), true) == null) {
                out.add(c.text());
            }
        }
        return out;
    }
}
