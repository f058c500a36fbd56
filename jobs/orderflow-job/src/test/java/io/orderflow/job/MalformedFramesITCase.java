package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.RecordedScript;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.venue.VenueEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Binance USD-M capture (fixtures/NOTICE) replayed by the local exchange with malformed frames injected
 * between real ones: each is recorded with its reason in data_quality, and every book still syncs with no gap.
 */
class MalformedFramesITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    private static final List<String> SYMBOLS = BinanceUsdmCapture.SYMBOLS;

    /** Once; {@code -Pstress} runs it {@code orderflow.stress.runs} times (the replay start is a race to guard). */
    static java.util.stream.IntStream runs() {
        return java.util.stream.IntStream.rangeClosed(1, Integer.getInteger("orderflow.stress.runs", 1));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "run {0}")
    @org.junit.jupiter.params.provider.MethodSource("runs")
    void malformedFramesAreRecordedWithTheirReasonAndNothingGoodIsLost(int run, @TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of(resource("BINANCE_FUTURES.ws.1.0").split("\n")));
        // Three kinds of bad frame, placed among real ones (timestamps copied from their neighbours).
        inject(lines, 200, "{\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":16269927");
        inject(lines, 400, "{\"stream\":\"akrousdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":\"soon\","
                + "\"s\":\"AKROUSDT\",\"U\":1,\"u\":2,\"pu\":0,\"b\":[],\"a\":[]}}");
        inject(lines, 600, "{\"stream\":\"ctkusdt@depth@100ms\",\"data\":{\"e\":\"fundingRate\",\"E\":1626992745000,"
                + "\"s\":\"CTKUSDT\"}}");
        Path ws = dir.resolve("ws.txt");
        Path http = dir.resolve("http.txt");
        Files.write(ws, lines);
        Files.writeString(http, resource("BINANCE_FUTURES.http.0.0"));

        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        // Binance USD-M books and trades come on two connections: the replay (at full speed) starts once both are
        // subscribed, or a late books connection would find the snapshot's bridging delta already gone
        try (LocalExchange exchange = LocalExchange.recording("binance-usdm", new RecordedScript(ws, http), 0, 20)
                .startingWhenSubscribed(2)) {
            WebSocketSource source = WebSocketSource.builder()
                    .venue("binance-usdm", SYMBOLS, new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                    .finishOnServerClose(true)
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new OrderflowJob(source, output, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1)))
                    .build(env);
            env.execute("malformed frames");
        }

        SqlRunner sql = new SqlRunner(output);
        List<Row> malformed = sql.query(
                "SELECT detail, sample FROM data_quality WHERE kind = 'MALFORMED_FRAME' ORDER BY detail");
        assertThat(malformed).extracting(r -> (String) r.getField("detail")).containsExactly(
                "field E: expected an integer, got a string",
                "truncated frame",
                "unknown event type 'fundingRate'");
        assertThat(malformed).allMatch(r -> ((String) r.getField("sample")).startsWith("{\"stream\""));
        assertThat(sql.query("SELECT kind FROM data_quality WHERE kind IN "
                + "('SEQUENCE_GAP', 'DROPPED_OUT_OF_SYNC', 'CROSSED_BOOK', 'RESYNC_STARTED')")).isEmpty();
        List<Row> books = sql.query("SELECT symbol, COUNT(*) AS n FROM bbo GROUP BY symbol");
        assertThat(books).as("books written; data quality: %s", sql.query(
                "SELECT symbol, kind, detail FROM data_quality WHERE kind <> 'MALFORMED_FRAME' ORDER BY symbol"))
                .extracting(r -> (String) r.getField("symbol")).containsExactlyInAnyOrderElementsOf(SYMBOLS);
        // every recorded depthUpdate after each symbol's REST snapshot reached the table
        long recordedAfterSnapshot = 0;
        for (String symbol : SYMBOLS) {
            long snapshotId = Long.parseLong(resource("BINANCE_FUTURES.http.0.0").lines()
                    .filter(l -> l.contains("symbol=" + symbol)).findFirst().orElseThrow()
                    .replaceAll(".*\"lastUpdateId\":(\\d+).*", "$1"));
            recordedAfterSnapshot += lines.stream()
                    .filter(l -> l.contains("\"e\":\"depthUpdate\"") && l.contains("\"s\":\"" + symbol + "\""))
                    .map(l -> Long.parseLong(l.replaceAll(".*\"u\":(\\d+).*", "$1")))
                    .filter(u -> u >= snapshotId).count();
        }
        List<Row> deltas = sql.query("SELECT COUNT(*) AS n FROM book_updates WHERE NOT is_snapshot");
        assertThat((Long) deltas.get(0).getField("n")).isEqualTo(recordedAfterSnapshot);
    }

    private static void inject(List<String> lines, int at, String frame) {
        String ts = lines.get(at).substring(0, lines.get(at).indexOf(':'));
        lines.add(at, ts + ": " + frame);
    }

    private static String resource(String name) throws Exception {
        return BinanceUsdmCapture.resource(name);
    }
}
