package io.orderflow.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.venue.BookSynchronizer;
import io.orderflow.venue.BookVerifier;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.Fixtures;
import io.orderflow.venue.Venue;
import io.orderflow.venue.Venues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exchange's own recorded data is the oracle: every Binance capture (spot, Binance.US, USD-M, COIN-M) must
 * sync to its REST snapshot, never break the chain, agree with the venue's bookTicker at every update id both
 * streams carry, and detect the deletion of any one applied depthUpdate as a gap.
 */
class BinanceConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("binance-spot", "binance_spot", "2021-10-12", 4),
                Arguments.of("binance-spot", "binanceus_spot", "2021-04-17_BTCUSDT_ETHBUSD_multi", 10),
                Arguments.of("binance-usdm", "binance_usdm_futures", "2021-07-22", 4),
                Arguments.of("binance-coinm", "binance_coinm_delivery", "2021-04-17_BTC_ETH_multi", 10));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("captures")
    void syncsToSnapshotsAndAgreesWithBookTicker(String venueId, String prefix, String suffix, int symbols)
            throws Exception {
        Venue venue = Venues.byId(venueId);
        Capture capture = Capture.load(venue, prefix, suffix);
        assertThat(capture.malformed).as("frames that failed to decode").isEmpty();

        BookVerifier verifier = new BookVerifier(venue);
        capture.snapshots.forEach(verifier::accept);
        capture.deltas.forEach(verifier::accept);
        capture.tickers.forEach(verifier::accept);

        Map<String, BookVerifier.Report> reports = verifier.reports();
        assertThat(reports).hasSize(symbols);
        long agreements = 0;
        for (BookVerifier.Report r : reports.values()) {
            assertThat(r.snapshots()).as(r.symbol() + " snapshots").isEqualTo(1);
            assertThat(r.gaps()).as(r.symbol() + " chain breaks").isZero();
            assertThat(r.snapshotRequests()).as(r.symbol() + " resyncs needed").isZero();
            assertThat(r.deltasApplied()).as(r.symbol() + " deltas applied").isPositive();
            assertThat(r.crossedStates()).as(r.symbol() + " crossed states").isZero();
            assertThat(r.bboDisagreements()).as(r.symbol() + ": " + r.firstDisagreement()).isZero();
            // (bboDisagreements counts every price mismatch and every size mismatch that the REST snapshot's
            // own stale size does not explain; see BookVerifier)
            assertThat(r.finalState()).isEqualTo("in sync");
            agreements += r.bboAgreements();
        }
        // Every bookTicker whose update id is a state the book passes through (the snapshot's lastUpdateId, or the
        // last id of a depth update applied after it) is compared; counted here from the raw JSON, by Jackson
        long stale = reports.values().stream().mapToLong(BookVerifier.Report::bboStaleSnapshotSizes).sum();
        assertThat(agreements + stale).as("bookTickers compared with the local book (%d agreed, %d at a stale "
                + "snapshot size)", agreements, stale).isEqualTo(comparableTickers(prefix, suffix,
                        venueId.equals("binance-spot")));
        assertThat(agreements).as("bookTickers agreeing").isPositive();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("captures")
    void deletingAnyAppliedDepthUpdateIsDetectedAsAGap(String venueId, String prefix, String suffix, int symbols)
            throws Exception {
        Venue venue = Venues.byId(venueId);
        Capture capture = Capture.load(venue, prefix, suffix);

        // Which deltas a clean run applies (those are the ones whose loss must be noticed).
        List<Integer> applied = new ArrayList<>();
        Map<String, Integer> lastAppliedBySymbol = new HashMap<>();
        runSync(venue, capture, -1, (index, delta) -> {
            applied.add(index);
            lastAppliedBySymbol.put(delta.symbol(), index);
        });
        assertThat(applied).isNotEmpty();

        int checked = 0;
        for (int removed : applied) {
            if (lastAppliedBySymbol.containsValue(removed)) {
                continue; // nothing follows the last delta of a symbol, so nothing can reveal its loss
            }
            long gaps = runSync(venue, capture, removed, (i, d) -> {});
            assertThat(gaps).as("gap after deleting depthUpdate #" + removed).isEqualTo(1);
            checked++;
        }
        assertThat(checked).isGreaterThan(applied.size() - symbols - 1);
    }

    interface AppliedListener {
        void applied(int index, BookDelta delta);
    }

    /** Runs every symbol's synchronizer over the deltas, skipping index {@code skip}; returns the gaps seen. */
    private static long runSync(Venue venue, Capture capture, int skip, AppliedListener listener) {
        Map<String, BookSynchronizer> syncs = new HashMap<>();
        int[] current = {0};
        long gaps = 0;
        for (BookSnapshot s : capture.snapshots) {
            syncs.computeIfAbsent(s.symbol(), sym -> new BookSynchronizer(venue.id(), sym, venue.sequenceRule(),
                    10_000, new BookSynchronizer.Listener() {
                        @Override
                        public void emit(MarketEvent e) {
                            if (e instanceof BookDelta d) {
                                listener.applied(current[0], d);
                            }
                        }

                        @Override
                        public void requestSnapshot(String symbol) {}
                    })).onSnapshot(s);
        }
        for (int i = 0; i < capture.deltas.size(); i++) {
            if (i == skip) {
                continue;
            }
            current[0] = i;
            BookDelta d = capture.deltas.get(i);
            syncs.get(d.symbol()).onDelta(d);
        }
        for (BookSynchronizer s : syncs.values()) {
            gaps += s.gaps();
        }
        return gaps;
    }

    /**
     * From the raw capture files: how many bookTickers carry an update id at which the book has a state, i.e. the
     * REST snapshot's lastUpdateId or the {@code u} of a depth update the sync rule applies after it (spot: u above
     * the snapshot's id; futures: u at or above it, the bridging event included).
     */
    private static long comparableTickers(String prefix, String suffix, boolean spot) throws Exception {
        Map<String, Long> snapshotIds = new HashMap<>();
        for (String line : Fixtures.lines("binance/" + prefix + "_rest_depth_snapshots_" + suffix.replaceAll(
                "_(BTC|multi).*", "") + ".jsonl")) {
            JsonNode wrapper = JSON.readTree(line);
            snapshotIds.put(wrapper.get("url").asText().replaceAll(".*symbol=([A-Z0-9_]+).*", "$1"),
                    wrapper.get("body").get("lastUpdateId").asLong());
        }
        Map<String, java.util.Set<Long>> states = new HashMap<>();
        snapshotIds.forEach((symbol, id) -> states.computeIfAbsent(symbol, k -> new java.util.HashSet<>()).add(id));
        for (String line : Fixtures.lines("binance/" + prefix + "_depthUpdate_real_" + suffix + ".jsonl")) {
            JsonNode d = JSON.readTree(line);
            d = d.has("data") ? d.get("data") : d;
            String symbol = d.get("s").asText();
            long u = d.get("u").asLong();
            Long snapshot = snapshotIds.get(symbol);
            if (snapshot != null && (spot ? u > snapshot : u >= snapshot)) {
                states.computeIfAbsent(symbol, k -> new java.util.HashSet<>()).add(u);
            }
        }
        long comparable = 0;
        for (String line : Fixtures.lines("binance/" + prefix + "_bookTicker_real_" + suffix + ".jsonl")) {
            JsonNode t = JSON.readTree(line);
            t = t.has("data") ? t.get("data") : t;
            if (states.getOrDefault(t.get("s").asText(), java.util.Set.of()).contains(t.get("u").asLong())) {
                comparable++;
            }
        }
        return comparable;
    }

    /** One decoded capture: REST snapshots, depth updates in receive order, and bookTicker events. */
    static final class Capture {
        final List<BookSnapshot> snapshots = new ArrayList<>();
        final List<BookDelta> deltas = new ArrayList<>();
        final List<MarketEvent> tickers = new ArrayList<>();
        final List<DataQualityEvent> malformed = new ArrayList<>();

        static Capture load(Venue venue, String prefix, String suffix) throws Exception {
            Capture c = new Capture();
            for (String line : Fixtures.lines("binance/" + prefix + "_rest_depth_snapshots_" + suffix.replaceAll(
                    "_(BTC|multi).*", "") + ".jsonl")) {
                JsonNode wrapper = JSON.readTree(line);
                String url = wrapper.get("url").asText();
                String symbol = url.replaceAll(".*symbol=([A-Z0-9_]+).*", "$1");
                long recvNanos = (long) (wrapper.get("recv_ts").asDouble() * 1e9);
                c.snapshots.add(venue.decodeSnapshot(symbol, wrapper.get("body").toString(), recvNanos));
            }
            FrameDecoder decoder = Fixtures.decoder(venue);
            for (String line : Fixtures.lines("binance/" + prefix + "_depthUpdate_real_" + suffix + ".jsonl")) {
                decoder.decode(line, 0, e -> {
                    if (e instanceof BookDelta d) {
                        c.deltas.add(d);
                    } else if (e instanceof DataQualityEvent dq) {
                        c.malformed.add(dq);
                    }
                });
            }
            for (String line : Fixtures.lines("binance/" + prefix + "_bookTicker_real_" + suffix + ".jsonl")) {
                decoder.decode(line, 0, e -> {
                    if (e instanceof DataQualityEvent dq) {
                        c.malformed.add(dq);
                    } else {
                        c.tickers.add(e);
                    }
                });
            }
            return c;
        }
    }
}
