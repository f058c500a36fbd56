package io.orderflow.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookSnapshot;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.codec.MarketEventCodec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketTapeTest {
    @Test
    void writesEveryVenueAndKeepsEachInstrumentInOnePartitionStartingFromItsBook(@TempDir Path dir) throws Exception {
        MarketTape.Summary tape = MarketTape.simulate(dir, MarketTape.demoVenues(), 5_000, 2, 7);

        assertThat(tape.events()).isGreaterThanOrEqualTo(5_000);
        assertThat(tape.instruments()).isEqualTo(14);
        assertThat(tape.eventsByVenue()).containsOnlyKeys("binance-spot", "binance-usdm", "okx", "kraken-futures",
                "gemini", "woox", "goquant-okx");
        Map<String, Integer> partitionOf = new HashMap<>();
        Map<String, MarketEvent> first = new HashMap<>();
        long read = 0;
        for (int p = 0; p < tape.files().size(); p++) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(tape.files().get(p))))) {
                while (true) {
                    int length;
                    try {
                        length = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    assertThat(length).isPositive();
                    MarketEvent e = MarketEventCodec.INSTANCE.read(in);
                    String key = InstrumentKey.of(e.venue(), e.symbol());
                    assertThat(partitionOf.putIfAbsent(key, p)).as(key).isIn(null, p);
                    first.putIfAbsent(key, e);
                    read++;
                }
            }
        }
        assertThat(read).isEqualTo(tape.events());
        assertThat(first).hasSize(14);
        first.forEach((key, e) -> assertThat(e).as(key).isInstanceOf(BookSnapshot.class));
        assertThat(tape.bytes()).isEqualTo(Files.size(tape.files().get(0)) + Files.size(tape.files().get(1)));
    }
}
