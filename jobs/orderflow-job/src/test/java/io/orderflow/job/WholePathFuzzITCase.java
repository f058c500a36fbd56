package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.RecordedScript;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.venue.FrameMutator;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import io.orderflow.venue.capture.CaptureLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole path under poison: a real capture of each venue with 26,000 mutated frames woven in (FrameMutator:
 * truncated, huge, negative, NaN, wrong types and symbols, values at the decoders' limits, far-away times), served
 * by the local exchange over WebSocket and run through the whole job (source, books, signals, CEP, strategies,
 * serializers, Iceberg) with restarts disabled, so a single exception anywhere fails the test. Across the four
 * venues that is over 100,000 mutants through the running job. Every rejection must be a MALFORMED_FRAME row with
 * its reason and excerpt, and every frame sent that is not JSON at all (judged by Jackson, not by orderflow's
 * decoders) must be among them.
 */
class WholePathFuzzITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    private static final int MUTANTS = 26_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "okx, raw_captures/OKX.ws.1.0, ",
        "gemini, raw_captures/GEMINI.ws.1.0, ",
        "kraken-futures, raw_captures/KRAKEN_FUTURES.ws.1.0, ",
        "binance-usdm, raw_captures/BINANCE_FUTURES.ws.1.0, raw_captures/BINANCE_FUTURES.http.0.0"})
    void mutatedFramesThroughTheWholeJobCostNoRestartAndEachRejectionIsARow(String venueId, String capture,
            String rest, @TempDir Path dir) throws Exception {
        List<String> real = io.orderflow.venue.Fixtures.lines(capture);
        List<String> realFrames = real.stream().map(CaptureLine::parse)
                .filter(c -> c != null && !c.isRest() && !c.connect()).map(CaptureLine::text).toList();
        int perFrame = (MUTANTS + realFrames.size() - 1) / realFrames.size();
        SplittableRandom random = new SplittableRandom(venueId.hashCode());
        List<String> lines = new ArrayList<>();
        for (String line : real) {
            lines.add(line);
            CaptureLine c = CaptureLine.parse(line);
            if (c != null && !c.isRest() && !c.connect()) {
                String stamp = line.substring(0, line.indexOf(':'));
                for (int k = 0; k < perFrame; k++) {
                    String mutant = FrameMutator.mutate(realFrames.get(random.nextInt(realFrames.size())), random);
                    lines.add(stamp + ": " + mutant.replace('\n', ' ').replace('\r', ' '));
                }
            }
        }
        Path ws = Files.write(dir.resolve("ws.txt"), lines);
        Path http = rest == null || rest.isBlank() ? null
                : Files.write(dir.resolve("http.txt"), io.orderflow.venue.Fixtures.lines(rest.trim()));
        RecordedScript script = new RecordedScript(ws, http);
        List<String> symbols = script.symbols();
        Venue venue = Venues.byId(venueId);
        VenueEndpoints placeholder = new VenueEndpoints("ws://127.0.0.1:1", "http://127.0.0.1:1");
        int connections = venue.subscriptions(placeholder, symbols).size();

        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // one exception anywhere fails the job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        long sent;
        try (LocalExchange exchange = LocalExchange.recording(venueId, script, 0, 20)
                .startingWhenSubscribed(connections)) {
            WebSocketSource source = WebSocketSource.builder()
                    .venue(venueId, symbols, new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                    .finishOnServerClose(true)
                    .build();
            new OrderflowJob(source, output, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(2))
                    .withKillSwitchFile(dir.resolve("no-kill-switch").toString())).build(env);
            env.execute("whole-path fuzz " + venueId);
            sent = exchange.framesSent();
        }

        SqlRunner sql = new SqlRunner(output);
        List<Row> rejected = sql.query("SELECT detail, sample FROM data_quality WHERE kind = 'MALFORMED_FRAME'");
        List<Row> kinds = sql.query("SELECT kind, COUNT(*) AS n FROM data_quality GROUP BY kind");
        assertThat(sent).as("frames the exchange sent").isGreaterThan(MUTANTS / 2);
        assertThat(rejected).as("rejections; data quality %s", kinds).hasSizeGreaterThan(MUTANTS / 10)
                .allSatisfy(r -> assertThat((String) r.getField("detail")).isNotBlank())
                .allSatisfy(r -> assertThat((String) r.getField("sample")).as("excerpt of %s", r)
                        .satisfiesAnyOf(sample -> assertThat(sample).isNotBlank(),
                                sample -> assertThat((String) r.getField("detail")).isEqualTo("empty frame")));
        long connected = (Long) sql.query("SELECT COUNT(*) AS n FROM data_quality WHERE kind = 'CONNECTED'")
                .get(0).getField("n");
        long notJson = notJsonObjects(symbols, lines);
        assertThat(notJson).as("mutants that are not JSON at all").isGreaterThan(MUTANTS / 10);
        assertThat((long) rejected.size()).as("rejections; data quality %s", kinds).isLessThanOrEqualTo(sent);
        if (connected == connections) {
            // every connection opened once and never lost: each frame sent that is not even JSON (by Jackson, not
            // by orderflow's decoders) must be one of the rows
            assertThat((long) rejected.size()).as("every rejection a row; data quality %s", kinds)
                    .isGreaterThanOrEqualTo(notJson);
        }
        if (!venue.needsRestSnapshot()) {
            // (a recording holds one REST snapshot per book: once a mutated update id has broken Binance's chain,
            // no newer snapshot can rebuild it, so only stream-snapshot venues are held to this)
            assertThat(sql.query("SELECT COUNT(*) AS n FROM bbo").get(0).getField("n")).as("books still built")
                    .isNotEqualTo(0L);
        }
    }

    /**
     * Of the frames the exchange routes to a subscriber of {@code symbols} (its own routing: the symbol a frame
     * names), how many are not a JSON object at all, judged by Jackson's tree parser.
     */
    private static long notJsonObjects(List<String> symbols, List<String> lines) {
        Set<String> subscribed = new HashSet<>();
        symbols.forEach(s -> subscribed.add(s.toLowerCase(Locale.ROOT)));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        long count = 0;
        for (String line : lines) {
            CaptureLine c = CaptureLine.parse(line);
            if (c == null || c.isRest() || c.connect()) {
                continue;
            }
            String routed = RecordedScript.symbolOf(c.text());
            if (routed == null || !subscribed.contains(routed)) {
                continue; // the exchange sends it to no one
            }
            try {
                if (!json.readTree(c.text()).isObject()) {
                    count++;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                count++;
            }
        }
        return count;
    }
}
