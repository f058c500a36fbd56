package io.orderflow.venue.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.venue.BookVerifier;
import io.orderflow.venue.Fixtures;
import io.orderflow.venue.Venues;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real capture in raw_captures (fixtures/NOTICE), verified the way the {@code verify} command does: the
 * exchanges' own data is the oracle.
 */
class CaptureConformanceTest {
    private static CaptureVerifier.Result verify(String venue, String... files) throws Exception {
        List<Path> paths = java.util.Arrays.stream(files).map(f -> Fixtures.path("raw_captures/" + f)).toList();
        return new CaptureVerifier(Venues.byId(venue)).verifyFiles(paths);
    }

    private static void assertClean(CaptureVerifier.Result r, int instruments) {
        assertThat(r.malformedFrames()).as("malformed: " + r.malformedReasons()).isZero();
        assertThat(r.instruments()).hasSize(instruments);
        r.instruments().forEach((symbol, in) -> {
            BookVerifier.Report k = in.book();
            assertThat(k.snapshots()).as(symbol + " snapshots").isPositive();
            assertThat(k.gaps()).as(symbol + " gaps").isZero();
            assertThat(k.resyncs()).as(symbol + " resyncs").isZero();
            assertThat(k.crossedStates()).as(symbol + " crossed").isZero();
            assertThat(k.bboDisagreements()).as(symbol + ": " + k.firstDisagreement()).isZero();
            assertThat(k.finalState()).as(symbol).isEqualTo("in sync");
        });
    }

    @Test
    void okxReproducesEveryChecksum() throws Exception {
        CaptureVerifier.Result r = verify("okx", "OKX.ws.1.0");
        assertClean(r, 3);
        long matched = r.instruments().values().stream().mapToLong(CaptureVerifier.Instrument::checksumsMatched).sum();
        long mismatched = r.instruments().values().stream()
                .mapToLong(CaptureVerifier.Instrument::checksumsMismatched).sum();
        assertThat(matched).isEqualTo(290);
        assertThat(mismatched).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "binance-spot, BINANCE.ws.1.0, BINANCE.http.0.0, 4",
        "binance-spot, BINANCE_US.ws.3.0, BINANCE_US.http.2.0, 10",
        "binance-usdm, BINANCE_FUTURES.ws.1.0, BINANCE_FUTURES.http.0.0, 4",
        "binance-coinm, BINANCE_DELIVERY.ws.7.0, BINANCE_DELIVERY.http.6.0, 10"})
    void binanceBooksAgreeWithBookTicker(String venue, String ws, String http, int instruments) throws Exception {
        CaptureVerifier.Result r = verify(venue, ws, http);
        assertClean(r, instruments);
        assertThat(r.instruments().values().stream().mapToLong(i -> i.book().bboAgreements()).sum())
                .isGreaterThan(instruments);
    }

    @Test
    void krakenFuturesSeqIsContiguousForAllTenProductsAndNeverCrosses() throws Exception {
        CaptureVerifier.Result r = verify("kraken-futures", "KRAKEN_FUTURES.ws.1.0");
        assertClean(r, 10);
        r.instruments().forEach((symbol, in) ->
                assertThat(in.book().deltasApplied()).as(symbol + " every delta chained").isEqualTo(in.book().deltas()));
        assertThat(r.instruments().values().stream().mapToLong(i -> i.book().deltas()).sum()).isEqualTo(7014);
    }

    @ParameterizedTest
    @CsvSource({"GEMINI.ws.36.0, 10", "GEMINI.ws.1.0, 10"})
    void geminiV2BooksNeverCross(String file, int instruments) throws Exception {
        CaptureVerifier.Result r = verify("gemini", file);
        assertClean(r, instruments);
        assertThat(r.instruments().values().stream().mapToLong(i -> i.book().trades()).sum()).isPositive();
    }

    @Test
    void reportRendersAsTextAndJson() throws Exception {
        CaptureVerifier.Result r = verify("okx", "OKX.ws.1.0");
        assertThat(VerifyReport.text(r)).contains("BTC-USDT").contains("in sync");
        com.fasterxml.jackson.databind.JsonNode json =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(VerifyReport.json(r));
        assertThat(json.get("venue").asText()).isEqualTo("okx");
        assertThat(json.get("instruments").get("BTC-USDT").get("checksums_mismatched").asLong()).isZero();
        long matched = 0;
        for (var it = json.get("instruments").elements(); it.hasNext(); ) {
            matched += it.next().get("checksums_matched").asLong();
        }
        assertThat(matched).isEqualTo(290);
    }
}
