package io.orderflow.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.book.ArrayOrderBook;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.RecordedScript;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Side;
import io.orderflow.venue.VenueEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Gemini v2 feed whose book crosses (v2 has no sequence numbers, so a lost message shows only this way): the
 * source refuses the crossing update, records it, and resubscribes the symbol at once instead of waiting for the
 * next reconnect; the book Gemini then sends (its first {@code l2_updates} after a subscribe is the whole book)
 * rebuilds it. Served verbatim by the local exchange from a capture in cryptofeed's format, over a real WebSocket.
 */
class CrossedBookITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1)
                    .build());

    private static final String URL = "wss://api.gemini.com/v2/marketdata/";

    @Test
    void aCrossedGeminiBookIsRefusedAndResubscribedAtOnce(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("GEMINI.ws.crossed");
        double t = 1_624_493_666.0;
        List<String> lines = new ArrayList<>();
        lines.add(URL + " <-> " + String.format(java.util.Locale.ROOT, "%.3f", t));
        lines.add(frame(t + 0.01, l2("[\"buy\",\"100.00\",\"1\"],[\"buy\",\"99.00\",\"2\"],"
                + "[\"sell\",\"101.00\",\"1\"],[\"sell\",\"102.00\",\"2\"]")));
        lines.add(frame(t + 0.02, trade(1, 1_624_493_666_020L, "100.50")));
        lines.add(frame(t + 0.03, l2("[\"buy\",\"100.50\",\"1\"]")));
        // a message was lost in between: this bid is above the book's best ask
        lines.add(frame(t + 0.04, l2("[\"buy\",\"101.50\",\"1\"]")));
        // what Gemini sends after the resubscription (the replay leaves the source time to resubscribe): the
        // whole book
        lines.add(frame(t + 0.50, l2("[\"buy\",\"101.50\",\"1\"],[\"sell\",\"101.60\",\"3\"],"
                + "[\"sell\",\"102.00\",\"2\"]")));
        lines.add(frame(t + 0.55, trade(2, 1_624_493_666_550L, "101.55")));
        lines.add(frame(t + 0.60, l2("[\"sell\",\"101.60\",\"1\"]")));
        // the exchange ends the replay by closing the connection: not while the resubscription is on its way
        lines.add(frame(t + 1.2, trade(3, 1_624_493_667_200L, "101.55")));
        Files.write(capture, lines);

        List<MarketEvent> events = new ArrayList<>();
        try (LocalExchange gemini = LocalExchange.recording("gemini", new RecordedScript(capture, null), 1, 20)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            WebSocketSource source = WebSocketSource.builder()
                    .venue("gemini", List.of("BTCUSD"), new VenueEndpoints(gemini.webSocketBase(), gemini.restBase()))
                    .finishOnServerClose(true)
                    .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .build();
            try (CloseableIterator<MarketEvent> it =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "gemini").executeAndCollect()) {
                it.forEachRemaining(events::add);
            }
        }

        List<String> seen = new ArrayList<>();
        ArrayOrderBook book = new ArrayOrderBook();
        for (MarketEvent e : events) {
            if (e instanceof BookSnapshot s) {
                book.replace(s.bids(), s.asks());
                seen.add("snapshot");
            } else if (e instanceof BookDelta d) {
                book.apply(Side.BUY, d.bids());
                book.apply(Side.SELL, d.asks());
                seen.add("delta");
            } else if (e instanceof DataQualityEvent q && !q.symbol().isEmpty()) {
                seen.add(q.kind().name());
            } else {
                continue;
            }
            assertThat(book.isCrossed()).as("a crossed book passed downstream after " + seen).isFalse();
        }
        // the crossing update is not passed on; the symbol is resubscribed (one connection throughout) and rebuilt
        assertThat(seen).containsSubsequence("snapshot", "delta", "CROSSED_BOOK", "RESYNC_STARTED", "snapshot",
                "RESYNCED", "delta");
        assertThat(seen).filteredOn("delta"::equals).hasSize(2);
        assertThat(events).filteredOn(e -> e instanceof DataQualityEvent q
                && q.kind() == DataQualityEvent.Kind.CONNECTED).hasSize(1);
        DataQualityEvent crossed = events.stream().filter(e -> e instanceof DataQualityEvent q
                && q.kind() == DataQualityEvent.Kind.CROSSED_BOOK).map(DataQualityEvent.class::cast).findFirst()
                .orElseThrow();
        assertThat(crossed.detail()).contains("bid 10150000000 >= ask 10100000000");
        assertThat(crossed.sample()).contains("101.50");
        assertThat(book.bestBidPrice()).isEqualTo(10_150_000_000L);
        assertThat(book.bestAskPrice()).isEqualTo(10_160_000_000L);
    }

    private static String frame(double time, String text) {
        return String.format(java.util.Locale.ROOT, "%.3f: %s", time, text);
    }

    private static String l2(String changes) {
        return "{\"type\":\"l2_updates\",\"symbol\":\"BTCUSD\",\"changes\":[" + changes + "]}";
    }

    private static String trade(long id, long timeMs, String price) {
        return "{\"type\":\"trade\",\"symbol\":\"BTCUSD\",\"event_id\":" + id + ",\"timestamp\":" + timeMs
                + ",\"price\":\"" + price + "\",\"quantity\":\"0.1\",\"side\":\"buy\"}";
    }
}
