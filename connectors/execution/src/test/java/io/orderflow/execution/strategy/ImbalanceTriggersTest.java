package io.orderflow.execution.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The triggers' own contract; what they match is held to Flink CEP in the job's {@code ImbalanceTriggersITCase}.
 * Here: a restore in the middle of a run (the state through its codec) matches exactly what an uninterrupted run
 * matches, only new sampling instants count, and bad settings fail with what to fix.
 */
class ImbalanceTriggersTest {
    private static final ImbalanceTriggers TRIGGERS = new ImbalanceTriggers(ImbalanceTriggers.Settings.defaults(200, 5));

    @Test
    void aStateRestoredMidRunMatchesAsAnUninterruptedRun() throws IOException {
        List<BookTop> books = leaningBooks(new Random(3), 4_000);
        ImbalanceTriggers.State whole = new ImbalanceTriggers.State();
        List<Signal> uninterrupted = new ArrayList<>();
        books.forEach(b -> uninterrupted.addAll(TRIGGERS.onBook(b, whole)));
        assertThat(uninterrupted).extracting(Signal::name)
                .contains(ImbalanceTriggers.SUSTAINED_IMBALANCE, ImbalanceTriggers.IMBALANCE_FLIP);

        List<Signal> restored = new ArrayList<>();
        ImbalanceTriggers.State state = new ImbalanceTriggers.State();
        for (int i = 0; i < books.size(); i++) {
            if (i % 337 == 0) {
                state = roundTrip(state); // a checkpoint and a restore, often mid-run
            }
            restored.addAll(TRIGGERS.onBook(books.get(i), state));
        }
        assertThat(restored).isEqualTo(uninterrupted);
    }

    @Test
    void onlyTheFirstTwoSidedBookOfANewSlotIsASample() {
        ImbalanceTriggers.State s = new ImbalanceTriggers.State();
        // five strongly bid books in one 200 ms slot are one sample, not a sustained imbalance
        for (int i = 0; i < 5; i++) {
            assertThat(TRIGGERS.onBook(book(1_000 + 10 * i, 0.9), s)).isEmpty();
        }
        // an earlier slot after a later one (a venue's clock stepping back) is no new instant either
        assertThat(TRIGGERS.onBook(book(1_200, 0.9), s)).isEmpty();
        assertThat(TRIGGERS.onBook(book(900, 0.9), s)).isEmpty();
        assertThat(TRIGGERS.onBook(book(1_400, 0.9), s)).isEmpty();
        assertThat(TRIGGERS.onBook(book(1_600, 0.9), s)).isEmpty();
        assertThat(TRIGGERS.onBook(book(1_800, 0.9), s)).extracting(Signal::name)
                .containsExactly(ImbalanceTriggers.SUSTAINED_IMBALANCE);
    }

    @Test
    void badSettingsSayWhatToFix() {
        assertThatThrownBy(() -> new ImbalanceTriggers.Settings(200, 5, 1.2, 5, 1_500, 0.5, 1_000))
                .hasMessageContaining("thresholds must be in (0, 1)").hasMessageContaining("1.2");
        assertThatThrownBy(() -> new ImbalanceTriggers.Settings(200, 5, 0.6, 1, 1_500, 0.5, 1_000))
                .hasMessageContaining("at least 2 samples");
        assertThatThrownBy(() -> ImbalanceTriggers.Settings.defaults(0, 5))
                .hasMessageContaining("sampling must be at least 1 ms");
    }

    private static ImbalanceTriggers.State roundTrip(ImbalanceTriggers.State state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImbalanceTriggers.StateCodec.INSTANCE.write(state, new DataOutputStream(bytes));
        return ImbalanceTriggers.StateCodec.INSTANCE.read(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    /** A book every 100 ms whose lean changes now and then, strongly enough to match both patterns. */
    private static List<BookTop> leaningBooks(Random random, int count) {
        List<BookTop> books = new ArrayList<>();
        double lean = 0;
        for (int i = 0; i < count; i++) {
            if (random.nextInt(8) == 0) {
                lean = (random.nextInt(3) - 1) * 0.8;
            }
            books.add(book(1_000 + 100L * i, lean + (random.nextDouble() - 0.5) * 0.1));
        }
        return books;
    }

    /** Five levels a side whose top-5 volume imbalance is {@code imbalance}. */
    private static BookTop book(long timeMs, double imbalance) {
        long[] bidPrices = new long[5];
        long[] askPrices = new long[5];
        long[] bidSizes = new long[5];
        long[] askSizes = new long[5];
        for (int i = 0; i < 5; i++) {
            bidPrices[i] = (99 - i) * Decimals.UNIT;
            askPrices[i] = (101 + i) * Decimals.UNIT;
            bidSizes[i] = Math.round((1 + imbalance) * 1_000) * Decimals.UNIT / 1_000;
            askSizes[i] = Math.round((1 - imbalance) * 1_000) * Decimals.UNIT / 1_000;
        }
        return new BookTop("okx", "BTC-USDT", timeMs, timeMs * 1_000_000, timeMs, PriceLevels.wrap(bidPrices, bidSizes),
                PriceLevels.wrap(askPrices, askSizes), true);
    }
}
