package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Capture files are told apart by the exchange name cryptofeed writes at their head, as each venue package lists. */
class CaptureFilesTest {
    @Test
    void everyRecordedCaptureNamesItsVenue() throws Exception {
        // the real captures beside the project (../shared/data/raw_captures/cryptofeed), recorded by cryptofeed
        Path dir = sharedCaptures();
        List<Path> captures;
        try (Stream<Path> files = Files.list(dir)) {
            captures = files.filter(f -> f.getFileName().toString().contains(".ws.")).sorted().toList();
        }
        assertThat(captures).isNotEmpty();
        for (Path f : captures) {
            String name = f.getFileName().toString();
            String expected = switch (name.substring(0, name.indexOf(".ws."))) {
                case "BINANCE", "BINANCE_US" -> "binance-spot";
                case "BINANCE_FUTURES" -> "binance-usdm";
                case "BINANCE_DELIVERY" -> "binance-coinm";
                case "OKX" -> "okx";
                case "KRAKEN_FUTURES" -> "kraken-futures";
                case "GEMINI" -> "gemini";
                default -> "(not a venue orderflow reads)";
            };
            assertThat(CaptureFiles.guessVenue(f)).as(name).isEqualTo(expected);
        }
    }

    /** ../shared/data beside the checkout (the build's orderflow.shared.data; found upwards when run in a module). */
    private static Path sharedCaptures() {
        Path given = Path.of(System.getProperty("orderflow.shared.data", "shared/data"), "raw_captures", "cryptofeed");
        for (Path p = Path.of("").toAbsolutePath(); !Files.isDirectory(given) && p != null; p = p.getParent()) {
            given = p.resolve("shared/data/raw_captures/cryptofeed");
        }
        assertThat(given).as("the shared recorded data, ../shared/data beside the checkout").isDirectory();
        return given;
    }

    @Test
    void anUnknownNameAsksForTheVenue() {
        assertThatThrownBy(() -> CaptureFiles.guessVenue(Path.of("BITMEX.ws.1.0")))
                .hasMessageContaining("give --venue").hasMessageContaining("kraken-futures");
    }
}
