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
