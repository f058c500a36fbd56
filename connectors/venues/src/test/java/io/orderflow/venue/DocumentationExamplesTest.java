package io.orderflow.venue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.book.ArrayOrderBook;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The venues' documentation examples (fixtures/SOURCES.md): parsed, and chained by each venue's rule. */
class DocumentationExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws Exception {
        try (InputStream in = DocumentationExamplesTest.class.getResourceAsStream("/fixtures/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static List<MarketEvent> decode(FrameDecoder decoder, String... frames) {
        List<MarketEvent> out = new ArrayList<>();
        for (String f : frames) {
            decoder.decode(f, 1_000_000_000L, out::add);
        }
        return out;
    }

    /** Runs events through the venue's synchronizer; returns what it passed on (snapshots, deltas, DQ events). */
    private static List<MarketEvent> sync(Venue venue, List<MarketEvent> events) {
        List<MarketEvent> passed = new ArrayList<>();
        BookSynchronizer sync = new BookSynchronizer(venue.id(), "X", venue.sequenceRule(), 100,
                new BookSynchronizer.Listener() {
                    @Override
                    public void emit(MarketEvent e) {
                        passed.add(e);
                    }

                    @Override
                    public void requestSnapshot(String symbol) {}
                });
        for (MarketEvent e : events) {
            if (e instanceof BookSnapshot s) {
                sync.onSnapshot(s);
            } else if (e instanceof BookDelta d) {
                sync.onDelta(d);
            }
        }
        return passed;
    }

    @Test
    void okxSeqIdChainIncludingKeepaliveAndResetAfterMaintenance() throws Exception {
        JsonNode doc = fixture("okx_v5_books_docs_example.json");
        Venue okx = Venues.byId("okx");
        List<String> frames = new ArrayList<>();
        for (JsonNode step : doc.get("_seq_example_from_docs")) {
            boolean snapshot = step.get("action").asText().equals("snapshot");
            frames.add("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\""
                    + step.get("action").asText() + "\",\"data\":[{\"asks\":" + (snapshot ? "[[\"8477\",\"7\",\"0\",\"2\"]]" : "[]")
                    + ",\"bids\":" + (snapshot ? "[[\"8476.9\",\"3\",\"0\",\"1\"]]" : "[]") + ",\"ts\":\"1597026383085\","
                    + "\"checksum\":0,\"prevSeqId\":" + step.get("prevSeqId") + ",\"seqId\":" + step.get("seqId") + "}]}");
        }
        List<MarketEvent> decoded = decode(Fixtures.decoder(okx), frames.toArray(String[]::new));
        assertThat(decoded).hasSize(5).first().isInstanceOf(BookSnapshot.class);
        List<MarketEvent> passed = sync(okx, decoded);
        // snapshot 10, update 10→15, keepalive 15→15, reset 15→3, update 3→5: all accepted, no gap
        assertThat(passed).hasSize(5).noneMatch(e -> e instanceof DataQualityEvent);
        assertThat(((BookDelta) passed.get(3)).lastSequence()).isEqualTo(3);

        // a missing message is a gap: 10 → (15 lost) → 15→15 does not follow 10
        List<MarketEvent> gapped = new ArrayList<>(decoded);
        gapped.remove(1);
        assertThat(sync(okx, gapped)).anyMatch(e -> e instanceof DataQualityEvent dq
                && dq.kind() == DataQualityEvent.Kind.SEQUENCE_GAP);

        // the documented snapshot and update messages parse (their printed checksum is known to be wrong)
        List<MarketEvent> docs = decode(Fixtures.decoder(okx), doc.get("snapshot").toString(), doc.get("update").toString());
        assertThat(docs.get(0)).isInstanceOf(BookSnapshot.class);
        assertThat(((BookSnapshot) docs.get(0)).asks().price(0)).isEqualTo(Decimals.parse("8476.98"));
        assertThat(docs).filteredOn(e -> e instanceof DataQualityEvent dq
                && dq.kind() == DataQualityEvent.Kind.CHECKSUM_MISMATCH).isNotEmpty();
    }

    @Test
    void okxChecksumMatchesTheDocumentedVectors() {
        assertThat(io.orderflow.venue.okx.OkxChecksumVectors.crc("3366.1:7:3366.8:9:3366:6:3368:8")).isEqualTo(-1881014294);
        assertThat(io.orderflow.venue.okx.OkxChecksumVectors.crc("3366.1:7:3366.8:9:3368:8:3372:8")).isEqualTo(831078360);
    }

    @Test
    void wooxLegacyMessagesChainOntoTheSnapshotTs() throws Exception {
        JsonNode doc = fixture("woox_orderbook_samples_tardis.json");
        Venue woox = Venues.byId("woox");
        List<String> frames = new ArrayList<>();
        doc.get("legacy_2023_01_23").get("messages").forEach(m -> frames.add(m.toString()));
        List<MarketEvent> decoded = decode(Fixtures.decoder(woox), frames.toArray(String[]::new));
        assertThat(decoded).noneMatch(e -> e instanceof DataQualityEvent);
        assertThat(decoded).filteredOn(e -> e instanceof Trade).hasSize(3);
        List<MarketEvent> btc = decoded.stream().filter(e -> e.symbol().equals("PERP_BTC_USDT")
                && (e instanceof BookSnapshot || e instanceof BookDelta)).toList();
        assertThat(btc).hasSize(3); // update A, the snapshot, update B
        List<MarketEvent> passed = sync(woox, btc);
        // A (ts 020) is contained in the snapshot at ts 020 and dropped; B (prevTs 020) bridges it
        assertThat(passed).hasSize(2);
        BookDelta b = (BookDelta) passed.get(1);
        assertThat(b.previousSequence()).isEqualTo(1674432000020L);
        ArrayOrderBook book = new ArrayOrderBook();
        book.replace(((BookSnapshot) passed.get(0)).bids(), ((BookSnapshot) passed.get(0)).asks());
        book.apply(Side.SELL, b.asks());
        assertThat(book.bestAskSize()).isEqualTo(Decimals.parse("16.1625"));

        // the documented orderbookupdate and the v3 topic shape parse too
        JsonNode update = fixture("woox_orderbookupdate_docs_example.json").get("orderbookupdate");
        BookDelta d = (BookDelta) decode(Fixtures.decoder(woox), update.toString()).get(0);
        assertThat(d.previousSequence()).isEqualTo(1618826337380L);
        assertThat(d.asks()).isEqualTo(PriceLevels.wrap(new long[] {Decimals.parse("15.15"), Decimals.parse("15.8")},
                new long[] {Decimals.parse("3.92864"), 0}));
        List<String> v3 = new ArrayList<>();
        doc.get("v3_2026").get("messages").forEach(m -> v3.add(m.toString()));
        List<MarketEvent> v3Events = decode(Fixtures.decoder(woox), v3.toArray(String[]::new));
        assertThat(v3Events).noneMatch(e -> e instanceof DataQualityEvent);
        List<MarketEvent> v3Book = v3Events.stream().filter(e -> e instanceof BookDelta || e instanceof BookSnapshot)
                .toList();
        // synthetic, for format only (SOURCES.md): two updates and one pushed full book
        assertThat(v3Book).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("BookDelta", "BookSnapshot", "BookDelta");
        assertThat(woox.autoReply("{\"event\":\"ping\",\"ts\":1}")).startsWith("{\"event\":\"pong\"");
    }

    @Test
    void geminiV1SocketSequenceContinuityAndGapDetection() throws Exception {
        JsonNode doc = fixture("gemini_v1_marketdata_samples.json");
        Venue v1 = Venues.byId("gemini-v1");
        List<String> frames = new ArrayList<>();
        doc.get("real_capture_top_of_book_2019-07-06").get("messages").forEach(m -> frames.add(m.toString()));
        List<MarketEvent> decoded = decode(Fixtures.decoder(v1, "BTCUSD"), frames.toArray(String[]::new));
        assertThat(decoded).noneMatch(e -> e instanceof DataQualityEvent);
        assertThat(decoded.get(0)).isInstanceOf(BookSnapshot.class);
        assertThat(decoded.get(0).symbol()).isEqualTo("BTCUSD");
        assertThat(sync(v1, decoded)).hasSize(5);

        List<String> gapped = new ArrayList<>(frames);
        gapped.remove(2);
        List<MarketEvent> withGap = decode(Fixtures.decoder(v1, "BTCUSD"), gapped.toArray(String[]::new));
        assertThat(withGap).filteredOn(e -> e instanceof DataQualityEvent dq
                && dq.kind() == DataQualityEvent.Kind.SEQUENCE_GAP && dq.symbol().isEmpty()).hasSize(1);

        JsonNode heartbeat = doc.get("documentation_example").get("heartbeat");
        assertThat(decode(Fixtures.decoder(v1, "BTCUSD"), heartbeat.toString()))
                .singleElement().isInstanceOf(DataQualityEvent.class); // 1656 where 0 was expected: a gap
    }

    @Test
    void krakenFuturesDocumentationMessagesParse() throws Exception {
        JsonNode doc = fixture("kraken_futures_book_docs_example.json");
        List<MarketEvent> decoded = decode(Fixtures.decoder(Venues.byId("kraken-futures")),
                doc.get("book_snapshot").toString(), doc.get("book").toString());
        BookSnapshot s = (BookSnapshot) decoded.get(0);
        assertThat(s.sequence()).isEqualTo(326072249);
        assertThat(s.bids().price(0)).isEqualTo(Decimals.parse("34892.5"));
        BookDelta d = (BookDelta) decoded.get(1);
        assertThat(d.asks().count()).isEqualTo(1);
        // the two are not consecutive (326072249 then 326094134): the rule sees the gap
        assertThat(Venues.byId("kraken-futures").sequenceRule().bridges(s.sequence(), d)).isFalse();
    }

    @Test
    void goQuantGatewayMessagesAreFullSnapshots() {
        Venue gq = Venues.byId("goquant-okx");
        assertThat(gq.subscriptions(new VenueEndpoints("ws://127.0.0.1:1", "http://127.0.0.1:1"),
                List.of("BTC-USDT-SWAP")).get(0).url()).isEqualTo("ws://127.0.0.1:1/ws/l2-orderbook/okx/BTC-USDT-SWAP");
        String frame = "{\"timestamp\":\"2025-12-03T04:09:08.823824+00:00\",\"exchange\":\"OKX\",\"symbol\":"
                + "\"BTC-USDT-SWAP\",\"bids\":[[\"92756.1\",\"0.035\"],[\"92752.4\",\"0.005\"]],"
                + "\"asks\":[[\"92760.0\",\"0.123\"]]}";
        List<MarketEvent> out = decode(Fixtures.decoder(gq, "BTC-USDT-SWAP"), frame, frame);
        assertThat(out).hasSize(2).allMatch(e -> e instanceof BookSnapshot);
        assertThat(((BookSnapshot) out.get(1)).sequence()).isEqualTo(2);
        assertThat(out.get(0).exchangeTimeMs()).isEqualTo(1764734948823L);
        assertThat(decode(Fixtures.decoder(gq, "BTC-USDT-SWAP"), frame.replace("BTC-USDT-SWAP", "ETH-USDT-SWAP")))
                .singleElement().satisfies(e -> assertThat(((DataQualityEvent) e).detail()).contains("connection of"));
    }
}
