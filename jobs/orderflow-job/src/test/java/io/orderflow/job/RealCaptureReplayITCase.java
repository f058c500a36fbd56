package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.RecordedScript;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.venue.Fixtures;
import io.orderflow.venue.VenueEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Binance spot capture from October 2021 (fixtures/NOTICE), replayed today through the whole job. Binance
 * spot's REST snapshots and bookTickers carry no timestamp; stamped with the local clock they once put the
 * watermark five years ahead of the capture, so its books were evicted as idle and most of its updates were
 * dropped as late. Every book message after each snapshot must be written, stamped in 2021, with no late event.
 */
class RealCaptureReplayITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    @Test
    void aBinanceSpotCaptureFrom2021WritesEveryBookMessageOnTheVenuesClock(@TempDir Path dir) throws Exception {
        List<String> ws = Fixtures.lines("raw_captures/BINANCE.ws.1.0");
        List<String> http = Fixtures.lines("raw_captures/BINANCE.http.0.0");
        RecordedScript script = new RecordedScript(Files.write(dir.resolve("ws.txt"), ws),
                Files.write(dir.resolve("http.txt"), http));
        List<String> symbols = script.symbols();
        long expected = 0;
        for (String symbol : symbols) { // the snapshot, then every depth update it does not already contain
            long snapshotId = Long.parseLong(http.stream().filter(l -> l.contains("symbol=" + symbol)).findFirst()
                    .orElseThrow().replaceAll(".*\"lastUpdateId\":(\\d+).*", "$1"));
            expected += 1 + ws.stream()
                    .filter(l -> l.contains("\"e\":\"depthUpdate\"") && l.contains("\"s\":\"" + symbol + "\""))
                    .map(l -> Long.parseLong(l.replaceAll(".*\"u\":(\\d+).*", "$1")))
                    .filter(u -> u > snapshotId).count();
        }

        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        try (LocalExchange exchange = LocalExchange.recording("binance-spot", script, 5, 20)) {
            WebSocketSource source = WebSocketSource.builder()
                    .venue("binance-spot", symbols, new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                    .finishOnServerClose(true)
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new OrderflowJob(source, output, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1))
                    .withKillSwitchFile(dir.resolve("no-kill-switch").toString())).build(env);
            env.execute("binance spot 2021");
        }

        SqlRunner sql = new SqlRunner(output);
        List<Row> quality = sql.query("SELECT kind, symbol, detail FROM data_quality WHERE kind NOT IN "
                + "('CONNECTED', 'DISCONNECTED')");
        assertThat(quality).as("data quality").noneMatch(r -> r.getField("kind").equals("LATE_EVENT"));
        assertThat((Long) sql.query("SELECT COUNT(*) AS n FROM book_updates").get(0).getField("n"))
                .as("book messages written; data quality %s", quality).isEqualTo(expected);
        Row span = sql.query("SELECT MIN(event_time) AS lo, MAX(event_time) AS hi FROM book_updates").get(0);
        assertThat(span.getField("lo").toString()).as("first book time").startsWith("2021-10-12");
        assertThat(span.getField("hi").toString()).as("last book time").startsWith("2021-10-12");
        assertThat(symbols).extracting(s -> s.toUpperCase(Locale.ROOT)).hasSize(4);
    }
}
