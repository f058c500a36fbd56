package io.orderflow.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.venue.BookVerifier;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import io.orderflow.venue.capture.CaptureVerifier;
import io.orderflow.venue.capture.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code record} then {@code verify}, for every venue, over real connections to a local exchange: the recording
 * holds the venue's frames (and REST snapshots where the venue has them) in the capture format, the verifier finds
 * every book in sync with no gap, and the recording can be served again.
 */
class RecordAndVerifyITCase {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "binance-spot, BTCUSDT, ETHUSDT", "binance-usdm, BTCUSDT, ETHUSDT", "okx, BTC-USDT, ETH-USDT",
        "kraken-futures, PI_XBTUSD, PI_ETHUSD", "gemini, BTCUSD, ETHUSD", "gemini-v1, BTCUSD, ETHUSD",
        "woox, SPOT_BTC_USDT, SPOT_ETH_USDT", "goquant-okx, BTC-USDT-SWAP, ETH-USDT-SWAP"})
    void aRecordingVerifiesCleanAndReplays(String venueId, String btc, String eth, @TempDir Path dir)
            throws Exception {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcAndEth(btc, eth), 1_700_000_000_000L, 100, 0,
                0.0003, 3);
        Path out = dir.resolve(venueId + ".capture");
        List<Path> files;
        try (LocalExchange exchange = LocalExchange.simulated(venueId, market, 20, 20)) {
            Recorder recorder = new Recorder(Venues.byId(venueId),
                    new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()), List.of(btc, eth), out);
            try (recorder) {
                recorder.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                long snapshots = Venues.byId(venueId).needsRestSnapshot() ? 2 : 0;
                while ((recorder.linesWritten() < 400 || recorder.snapshotsWritten() < snapshots)
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
                assertThat(recorder.failure()).as("a connection failed").isNull();
            }
            files = recorder.files();
            assertThat(recorder.linesWritten()).isGreaterThanOrEqualTo(400);
        }
        CaptureVerifier.Result r = new CaptureVerifier(Venues.byId(venueId)).verifyFiles(files);
        assertThat(r.malformedFrames()).as(r.malformedReasons().toString()).isZero();
        assertThat(r.instruments()).containsOnlyKeys(btc, eth);
        for (BookVerifier.Report k : r.instruments().values().stream().map(CaptureVerifier.Instrument::book).toList()) {
            assertThat(k.snapshots()).as(k.symbol()).isPositive();
            assertThat(k.gaps()).as(k.symbol()).isZero();
            assertThat(k.crossedStates()).isZero();
            assertThat(k.finalState()).isEqualTo("in sync");
        }
        if (venueId.equals("okx")) {
            assertThat(r.instruments().values()).allMatch(i -> i.checksumsMatched() > 0 && i.checksumsMismatched() == 0);
        }
        if (Venues.byId(venueId).needsRestSnapshot()) {
            assertThat(Files.readString(files.get(0))).contains(" -> "); // the REST snapshots are in the file
        }
        RecordedScript replay = new RecordedScript(files.get(0), files.get(0));
        assertThat(replay.frameCount()).isPositive();
    }
}
