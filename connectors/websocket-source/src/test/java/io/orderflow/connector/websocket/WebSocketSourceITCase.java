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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source over real WebSocket and HTTP connections to the local exchange, in a Flink MiniCluster. */
class WebSocketSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static SimulatedMarket market(long steps) {
        return new SimulatedMarket(SimulatedMarket.btcAndEth("BTCUSDT", "ETHUSDT"), 1_700_000_000_000L, 100, steps,
                0.0003, 42);
    }

    @Test
    void booksBuiltFromTheStreamEqualTheExchangesOwnBooks() throws Exception {
        for (boolean futures : new boolean[] {false, true}) {
            SimulatedMarket market = market(600);
            String venueId = futures ? "binance-usdm" : "binance-spot";
            try (LocalExchange exchange = LocalExchange.simulated(venueId, market, 20, 1)) {
                List<MarketEvent> events = run(venueId, exchange, null);
                Venue venue = Venues.byId(venueId);
                Map<String, ArrayOrderBook> books = replay(venue, events);
                assertThat(books).containsOnlyKeys("BTCUSDT", "ETHUSDT");
                for (Map.Entry<String, ArrayOrderBook> e : books.entrySet()) {
                    io.orderflow.book.OrderBook expected = market.book(e.getKey());
                    for (Side side : Side.values()) {
                        assertThat(e.getValue().top(side, 10_000)).as(venueId + " " + e.getKey() + " " + side)
                                .isEqualTo(expected.top(side, 10_000));
                    }
                }
                assertThat(events).noneMatch(ev -> ev instanceof DataQualityEvent dq
                        && dq.kind() != DataQualityEvent.Kind.CONNECTED
                        && dq.kind() != DataQualityEvent.Kind.DISCONNECTED);
                // the exchange pinged every second during a 3 s replay; OkHttp must have answered
                assertThat(exchange.pongsReceived()).isPositive();
            }
        }
    }

    @Test
    void aDroppedConnectionIsReopenedAndEveryBookResyncs() throws Exception {
        SimulatedMarket market = market(800);
        try (LocalExchange exchange = LocalExchange.simulated("binance-spot", market, 20, 20)) {
            List<MarketEvent> events = run("binance-spot", exchange, exchange::dropAllConnections);
            assertThat(exchange.connectionsAccepted()).isEqualTo(2);
            assertThat(events).filteredOn(e -> e instanceof DataQualityEvent dq
                    && dq.kind() == DataQualityEvent.Kind.DISCONNECTED).hasSize(2); // the drop, then the end
            for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                assertThat(events).filteredOn(e -> e instanceof BookSnapshot && e.symbol().equals(symbol))
                        .as("snapshots of " + symbol).hasSize(2);
                assertThat(events).filteredOn(e -> e instanceof DataQualityEvent dq
                        && dq.kind() == DataQualityEvent.Kind.RESYNCED && e.symbol().equals(symbol)).hasSize(1);
                // the keyed book hears of the drop on its own key, dated by the last update it was passed, before
                // the new book
                List<Integer> lost = new ArrayList<>();
                MarketEvent lastBookEvent = null;
                for (int i = 0; i < events.size(); i++) {
                    MarketEvent e = events.get(i);
                    if (!e.symbol().equals(symbol)) {
                        continue;
                    }
                    if (e instanceof DataQualityEvent dq && dq.kind() == DataQualityEvent.Kind.SYNC_LOST) {
                        lost.add(i);
                        assertThat(lastBookEvent).isNotNull();
                        assertThat(dq.exchangeTimeMs()).isEqualTo(lastBookEvent.exchangeTimeMs());
                    } else if (e instanceof BookSnapshot || e instanceof BookDelta) {
                        lastBookEvent = e;
                    }
                }
                assertThat(lost).as("SYNC_LOST of " + symbol).hasSize(1);
                int secondSnapshot = -1;
                for (int i = 0, seen = 0; i < events.size(); i++) {
                    if (events.get(i) instanceof BookSnapshot && events.get(i).symbol().equals(symbol) && ++seen == 2) {
                        secondSnapshot = i;
                    }
                }
                assertThat(lost.get(0)).isLessThan(secondSnapshot);
            }
            replay(Venues.byId("binance-spot"), events); // and every delta after each snapshot chains
        }
    }

    /** Runs the source until the exchange's script ends; {@code midway} runs after 300 events if given. */
    private static List<MarketEvent> run(String venueId, LocalExchange exchange, Runnable midway) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        WebSocketSource source = WebSocketSource.builder()
                .venue(venueId, List.of("BTCUSDT", "ETHUSDT"),
                        new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                .finishOnServerClose(true)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        List<MarketEvent> events = new ArrayList<>();
        try (CloseableIterator<MarketEvent> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "ws").executeAndCollect()) {
            while (it.hasNext()) {
                events.add(it.next());
                if (midway != null && events.size() == 300) {
                    midway.run();
                }
            }
        }
        return events;
    }

    /** Once; {@code -Pstress} runs it {@code orderflow.stress.runs} times (snapshot timing is a race to guard). */
    static java.util.stream.IntStream runs() {
        return java.util.stream.IntStream.rangeClosed(1, Integer.getInteger("orderflow.stress.runs", 1));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "run {0}")
    @org.junit.jupiter.params.provider.MethodSource("runs")
    void aSnapshotOlderThanTheStreamIsAskedAgainAFewTimesThenGivenUpWhenTheReplayEnds(int run,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // a replay whose only REST snapshot predates every recorded delta: Binance's rule is "if lastUpdateId < U,
        // get a new snapshot", and a recording never has a newer one, so the source must not ask forever
        List<String> ws = new ArrayList<>();
        ws.add("wss://fstream.binance.com/stream?streams=btcusdt@depth@100ms <-> 1700000000.0");
        long u = 1_000;
        for (int i = 0; i < 20; i++) {
            long first = u + 1;
            long last = u + 5;
            ws.add(String.format(java.util.Locale.ROOT, "%.3f: {\"stream\":\"btcusdt@depth@100ms\",\"data\":"
                    + "{\"e\":\"depthUpdate\",\"E\":%d,\"T\":%d,\"s\":\"BTCUSDT\",\"U\":%d,\"u\":%d,\"pu\":%d,"
                    + "\"b\":[[\"60000.0\",\"1.%d\"]],\"a\":[[\"60001.0\",\"2.%d\"]]}}", 1_700_000_000.1 + i * 0.1,
                    1_700_000_000_100L + i * 100, 1_700_000_000_100L + i * 100, first, last, u, i, i));
            u = last;
        }
        java.nio.file.Path wsFile = dir.resolve("BINANCE_FUTURES.ws.1.0");
        java.nio.file.Path httpFile = dir.resolve("BINANCE_FUTURES.http.0.0");
        java.nio.file.Files.write(wsFile, ws);
        java.nio.file.Files.writeString(httpFile, "https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000 -> "
                + "1699999999.0: {\"lastUpdateId\":10,\"E\":1699999999000,\"T\":1699999999000,"
                + "\"bids\":[[\"59999.0\",\"1\"]],\"asks\":[[\"60002.0\",\"1\"]]}\n");
        // USD-M opens two connections (depth, trades): the replay waits for both, or the one that subscribes
        // second may find the whole replay already sent and wait forever
        try (LocalExchange exchange = LocalExchange.recording("binance-usdm",
                new io.orderflow.exchange.RecordedScript(wsFile, httpFile), 0, 20).startingWhenSubscribed(2)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            WebSocketSource source = WebSocketSource.builder()
                    .venue("binance-usdm", List.of("BTCUSDT"),
                            new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                    .finishOnServerClose(true)
                    .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .build();
            List<MarketEvent> events = new ArrayList<>();
            // the split must end: it used to re-fetch the same stale snapshot in a tight loop, forever (641 times in
            // 30 s here), because a snapshot that decoded reset the failure count its backoff counts
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try (CloseableIterator<MarketEvent> it =
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "ws").executeAndCollect()) {
                    it.forEachRemaining(events::add);
                }
            }, () -> "still running after " + exchange.snapshotsServed() + " snapshots served; events " + events);
            assertThat(events).filteredOn(e -> e instanceof BookSnapshot || e instanceof BookDelta)
                    .as("no book from a snapshot that never bridged").isEmpty();
            assertThat(events).filteredOn(DataQualityEvent.class::isInstance).map(DataQualityEvent.class::cast)
                    .extracting(DataQualityEvent::detail)
                    .anySatisfy(d -> assertThat(d).contains("never bridged"));
            assertThat(exchange.snapshotsServed()).as("snapshots fetched before giving up").isBetween(2L,
                    1L + io.orderflow.connector.websocket.session.VenueSession.STALE_SNAPSHOTS_AT_ONCE + io.orderflow.connector.websocket.session.VenueSession.STALE_SNAPSHOTS_AFTER_THE_END
                    + 1);
        }
    }

    /** Applies events to books, asserting each delta chains from its predecessor by the venue's rule. */
    private static Map<String, ArrayOrderBook> replay(Venue venue, List<MarketEvent> events) {
        Map<String, ArrayOrderBook> books = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        Map<String, Boolean> bridged = new HashMap<>();
        for (MarketEvent e : events) {
            if (e instanceof BookSnapshot s) {
                ArrayOrderBook b = books.computeIfAbsent(s.symbol(), k -> new ArrayOrderBook());
                b.replace(s.bids(), s.asks());
                last.put(s.symbol(), s.sequence());
                bridged.put(s.symbol(), false);
            } else if (e instanceof BookDelta d) {
                assertThat(last).as("delta before any snapshot").containsKey(d.symbol());
                long prev = last.get(d.symbol());
                boolean ok = bridged.get(d.symbol())
                        ? venue.sequenceRule().follows(prev, d)
                        : venue.sequenceRule().bridges(prev, d);
                assertThat(ok).as("delta " + d.firstSequence() + ".." + d.lastSequence() + " after " + prev).isTrue();
                bridged.put(d.symbol(), true);
                last.put(d.symbol(), d.lastSequence());
                books.get(d.symbol()).apply(Side.BUY, d.bids());
                books.get(d.symbol()).apply(Side.SELL, d.asks());
                books.get(d.symbol()).checkInvariants();
            }
        }
        return books;
    }
}
