package io.orderflow.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.book.ArrayOrderBook;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Side;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every venue's protocol over real WebSocket (and REST) connections to a local exchange that misbehaves on
 * purpose. The exchange remembers the true book at every sequence it sent; everything the source emits is replayed
 * and compared with that truth, so an undetected gap would show up as a wrong book.
 */
class VenueResilienceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    /**
     * 1% of frames dropped, 1% duplicated, 1% reordered and 0.5% cut short. Gemini v2 has no sequence numbers at
     * all, so a lost or reordered message cannot be detected by any client; it gets duplicates only (its v1 feed,
     * with socket_sequence, gets the full treatment).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "binance-spot, BTCUSDT, ETHUSDT, true",
        "binance-usdm, BTCUSDT, ETHUSDT, true",
        "okx, BTC-USDT, ETH-USDT, true",
        "kraken-futures, PI_XBTUSD, PI_ETHUSD, true",
        "woox, SPOT_BTC_USDT, SPOT_ETH_USDT, true",
        "gemini-v1, BTCUSD, ETHUSD, false",
        "gemini, BTCUSD, ETHUSD, false",
        "goquant-okx, BTC-USDT-SWAP, ETH-USDT-SWAP, false"})
    void lossyFeedsAreDetectedResyncedAndNeverReachDownstreamWrong(String venueId, String btc, String eth,
            boolean wireSequence) throws Exception {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcAndEth(btc, eth), 1_700_000_000_000L, 100,
                1_200, 0.0003, venueId.hashCode());
        try (LocalExchange exchange = LocalExchange.simulatedWithTruth(venueId, market, 40, 20)) {
            if (venueId.equals("gemini")) {
                exchange.faults().rates(0, 0.01, 0, 0);
            } else {
                exchange.faults().rates(0.01, 0.01, 0.01, 0.005);
            }
            List<MarketEvent> events = run(venueId, List.of(btc, eth), exchange, b -> {}, null);
            Replay r = replay(Venues.byId(venueId), events, exchange, wireSequence);

            assertThat(exchange.faultsInjected()).isPositive();
            assertThat(r.crossed).as("crossed books passed downstream").isZero();
            if (wireSequence) {
                // a floor against a vacuous comparison, not a quality figure. Measured on 2 cores, old code and
                // new: Kraken Futures 439-777 (each gap costs it a resubscription round trip in a 3 s run, so more
                // of the run is spent resyncing), the others 1,200-2,200; the old floor of 500 failed in 4 of 6
                // runs, two with a6f589b's code and two with today's
                assertThat(r.comparedWithTruth).as("states compared with the exchange's truth").isGreaterThan(200);
                assertThat(r.count(DataQualityEvent.Kind.SEQUENCE_GAP)).as("gaps detected").isPositive();
                assertThat(r.count(DataQualityEvent.Kind.RESYNCED)).as("books rebuilt").isPositive();
            }
            if (venueId.equals("gemini-v1")) { // socket_sequence gaps reopen the connection
                assertThat(r.count(DataQualityEvent.Kind.SEQUENCE_GAP)).isPositive();
                assertThat(r.count(DataQualityEvent.Kind.CONNECTED)).isGreaterThan(1);
            }
            // (Gemini v1 reopens its connection on every lost frame and ignores what the old one still delivers,
            // so a cut-short frame there may never be decoded at all)
            if (!venueId.startsWith("gemini")) {
                assertThat(r.count(DataQualityEvent.Kind.MALFORMED_FRAME)).as("cut-short frames " + r.quality)
                        .isPositive();
            }
        }
    }

    /**
     * Every venue's feed with 3% of its frames sent twice and nothing else wrong: a repeat is not a gap. No book
     * is resynced (each resync costs a snapshot and a hole), every book state still equals the exchange's truth,
     * no trade is emitted twice, and the repeats are counted as DUPLICATE (never more than were sent).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "binance-spot, BTCUSDT, ETHUSDT, true",
        "binance-usdm, BTCUSDT, ETHUSDT, true",
        "okx, BTC-USDT, ETH-USDT, true",
        "kraken-futures, PI_XBTUSD, PI_ETHUSD, true",
        "woox, SPOT_BTC_USDT, SPOT_ETH_USDT, true",
        "gemini-v1, BTCUSD, ETHUSD, false",
        "gemini, BTCUSD, ETHUSD, false"})
    void repeatedFramesAreDroppedAndCountedNeverTakenForGaps(String venueId, String btc, String eth,
            boolean wireSequence) throws Exception {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcAndEth(btc, eth), 1_700_000_000_000L, 100,
                1_200, 0.0003, venueId.hashCode() + 1);
        try (LocalExchange exchange = LocalExchange.simulatedWithTruth(venueId, market, 40, 20)) {
            exchange.faults().rates(0, 0.03, 0, 0);
            List<MarketEvent> events = run(venueId, List.of(btc, eth), exchange, b -> {}, null);
            Replay r = replay(Venues.byId(venueId), events, exchange, wireSequence);

            assertThat(exchange.faultsInjected()).as("frames sent twice").isPositive();
            assertThat(r.count(DataQualityEvent.Kind.SEQUENCE_GAP)).as("false gaps " + r.quality).isZero();
            assertThat(r.count(DataQualityEvent.Kind.RESYNC_STARTED)).as("needless resyncs").isZero();
            int connections = Venues.byId(venueId).subscriptions(new VenueEndpoints(exchange.webSocketBase(),
                    exchange.restBase()), List.of(btc, eth)).size();
            assertThat(r.count(DataQualityEvent.Kind.CONNECTED)).as("connections opened (no reconnect)")
                    .isEqualTo(connections);
            assertThat(r.count(DataQualityEvent.Kind.DUPLICATE)).as("repeats counted")
                    .isPositive().isLessThanOrEqualTo((int) exchange.faultsInjected());
            if (wireSequence) {
                assertThat(r.comparedWithTruth).as("states compared with the exchange's truth").isGreaterThan(500);
            }
            List<String> tradeIds = events.stream().filter(io.orderflow.model.Trade.class::isInstance)
                    .map(e -> e.symbol() + " " + ((io.orderflow.model.Trade) e).tradeId()).toList();
            assertThat(tradeIds).as("trades").isNotEmpty();
            if (!venueId.equals("woox")) { // WOO X trades carry no id of their own
                assertThat(tradeIds).as("no trade emitted twice").doesNotHaveDuplicates();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "binance-spot, BTCUSDT", "binance-usdm, BTCUSDT", "okx, BTC-USDT", "kraken-futures, PI_XBTUSD",
        "woox, SPOT_BTC_USDT", "gemini, BTCUSD", "gemini-v1, BTCUSD", "goquant-okx, BTC-USDT-SWAP"})
    void aSilentServerIsDetectedWithinTheStallLimitAndTheBookResyncs(String venueId, String symbol) throws Exception {
        SimulatedMarket market = new SimulatedMarket(List.of(new SimulatedMarket.Instrument(symbol, "100", "0.1",
                "0.001")), 1_700_000_000_000L, 100, 2_400, 0.0003, 5);
        Duration stall = Duration.ofMillis(1_500);
        try (LocalExchange exchange = LocalExchange.simulated(venueId, market, 40, 20)) {
            long[] silencedAt = {0};
            List<MarketEvent> events = run(venueId, List.of(symbol), exchange, b -> b.stallTimeout(stall),
                    (count) -> {
                        if (count == 100) {
                            silencedAt[0] = System.currentTimeMillis();
                            exchange.faults().silence(Duration.ofSeconds(2));
                        }
                    });
            List<DataQualityEvent> stalls = events.stream().filter(e -> e instanceof DataQualityEvent dq
                    && dq.kind() == DataQualityEvent.Kind.STALLED).map(e -> (DataQualityEvent) e).toList();
            assertThat(stalls).isNotEmpty();
            long detectedAfterMs = stalls.get(0).receivedAtNanos() / 1_000_000 - silencedAt[0];
            // the stall clock starts at the last frame before the silence, so detection can only come sooner
            assertThat(detectedAfterMs).as("detection delay").isLessThanOrEqualTo(stall.toMillis() + 1_000);
            int stallIndex = events.indexOf(stalls.get(0));
            assertThat(events.subList(stallIndex, events.size())).as("book rebuilt after the stall")
                    .anyMatch(e -> e instanceof BookSnapshot);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"binance-spot, BTCUSDT", "okx, BTC-USDT"})
    void aServerThatKeepsClosingCannotCauseMoreReconnectsThanTheBudget(String venueId, String symbol)
            throws Exception {
        SimulatedMarket market = new SimulatedMarket(List.of(new SimulatedMarket.Instrument(symbol, "100", "0.1",
                "0.001")), 1_700_000_000_000L, 100, 1_200, 0.0003, 9);
        try (LocalExchange exchange = LocalExchange.simulated(venueId, market, 20, 20)) {
            exchange.closeEvery(Duration.ofMillis(300));
            List<MarketEvent> events = run(venueId, List.of(symbol), exchange,
                    b -> b.maxReconnects(3, Duration.ofSeconds(4))
                            .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(50)),
                    null);
            // 6 s of market closing every 300 ms: ~20 reconnects without the budget; with 3 per 4 s at most
            // 3 in [0, 4 s), 3 in [4 s, 8 s) and one to learn the market has closed
            assertThat(exchange.connectionsAccepted()).as("connections").isLessThanOrEqualTo(7);
            assertThat(events).anyMatch(e -> e instanceof DataQualityEvent dq
                    && dq.kind() == DataQualityEvent.Kind.RECONNECT_THROTTLED);
        }
    }

    /** Runs the source until the exchange's market closes; {@code onEvent} sees the running count. */
    private static List<MarketEvent> run(String venueId, List<String> symbols, LocalExchange exchange,
            Consumer<WebSocketSourceBuilder> tune, Consumer<Integer> onEvent) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        WebSocketSourceBuilder builder = WebSocketSource.builder()
                .venue(venueId, symbols, new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                .finishOnServerClose(true)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .maxReconnectsPerMinute(60)
                .snapshotTimeout(Duration.ofSeconds(2));
        tune.accept(builder);
        List<MarketEvent> events = new ArrayList<>();
        try (CloseableIterator<MarketEvent> it =
                env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "ws").executeAndCollect()) {
            while (it.hasNext()) {
                events.add(it.next());
                if (onEvent != null) {
                    onEvent.accept(events.size());
                }
            }
        }
        return events;
    }

    static final class Replay {
        final Map<DataQualityEvent.Kind, Integer> quality = new EnumMap<>(DataQualityEvent.Kind.class);
        long comparedWithTruth;
        long crossed;

        int count(DataQualityEvent.Kind kind) {
            return quality.getOrDefault(kind, 0);
        }
    }

    /**
     * Applies what the source emitted, checking that every delta chains by the venue's rule after its snapshot,
     * that no book crosses, and (venues with a sequence on the wire) that every state equals the exchange's truth.
     */
    private static Replay replay(Venue venue, List<MarketEvent> events, LocalExchange exchange, boolean wireSequence) {
        Replay r = new Replay();
        Map<String, ArrayOrderBook> books = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        Map<String, Boolean> bridged = new HashMap<>();
        for (MarketEvent e : events) {
            if (e instanceof DataQualityEvent dq) {
                r.quality.merge(dq.kind(), 1, Integer::sum);
                continue;
            }
            long sequence;
            if (e instanceof BookSnapshot s) {
                ArrayOrderBook b = books.computeIfAbsent(s.symbol(), k -> new ArrayOrderBook());
                b.replace(s.bids(), s.asks());
                sequence = s.sequence();
                bridged.put(s.symbol(), false);
            } else if (e instanceof BookDelta d) {
                assertThat(last).as("delta before any snapshot").containsKey(d.symbol());
                long prev = last.get(d.symbol());
                boolean ok = bridged.get(d.symbol()) ? venue.sequenceRule().follows(prev, d)
                        : venue.sequenceRule().bridges(prev, d);
                assertThat(ok).as(venue.id() + " delta " + d.firstSequence() + ".." + d.lastSequence() + " prev "
                        + d.previousSequence() + " after " + prev).isTrue();
                bridged.put(d.symbol(), true);
                books.get(d.symbol()).apply(Side.BUY, d.bids());
                books.get(d.symbol()).apply(Side.SELL, d.asks());
                sequence = d.lastSequence();
            } else {
                continue;
            }
            last.put(e.symbol(), sequence);
            ArrayOrderBook book = books.get(e.symbol());
            if (book.isCrossed()) {
                r.crossed++;
            }
            long[][] truth = wireSequence ? exchange.truth(e.symbol(), sequence) : null;
            if (truth != null) {
                assertThat(book.top(Side.BUY, truth[0].length))
                        .as(venue.id() + " " + e.symbol() + " bids at " + sequence)
                        .isEqualTo(io.orderflow.model.PriceLevels.wrap(truth[0], truth[1]));
                assertThat(book.top(Side.SELL, truth[2].length))
                        .as(venue.id() + " " + e.symbol() + " asks at " + sequence)
                        .isEqualTo(io.orderflow.model.PriceLevels.wrap(truth[2], truth[3]));
                r.comparedWithTruth++;
            }
        }
        return r;
    }
}
