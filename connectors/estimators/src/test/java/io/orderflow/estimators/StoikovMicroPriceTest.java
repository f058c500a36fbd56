package io.orderflow.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The micro-price estimator against books whose future is known: a process where the answer is in closed form,
 * and one with a persistent imbalance where it is simulated forward (Monte Carlo, the paper's definition of g as the
 * expected mid change over the next six mid changes).
 */
class StoikovMicroPriceTest {
    private static final long TICK = 100;

    /** A one-tick book around {@code mid2}/2 with touch imbalance {@code imbalance}. */
    private static void observe(StoikovMicroPrice m, long mid2, double imbalance) {
        m.observe((mid2 - TICK) / 2, imbalance * 10, (mid2 + TICK) / 2, (1 - imbalance) * 10, false);
    }

    /**
     * The mid moves up a tick with probability a·I, down with a·(1 − I); the imbalance is redrawn after every
     * update with probability {@code redraw}, else kept.
     */
    private static final class Book {
        final SplittableRandom random;
        final double a;
        final double redraw;
        long mid2 = 2_000_000;
        double imbalance;

        Book(long seed, double a, double redraw) {
            random = new SplittableRandom(seed);
            this.a = a;
            this.redraw = redraw;
            imbalance = random.nextDouble();
        }

        /** The next update; returns the mid change in ticks. */
        int step() {
            double u = random.nextDouble();
            int move = u < a * imbalance ? 1 : u < a ? -1 : 0;
            mid2 += 2 * TICK * move;
            if (move != 0 || random.nextDouble() < redraw) {
                imbalance = random.nextDouble();
            }
            return move;
        }
    }

    @Test
    void withAFreshImbalanceAfterEveryUpdateTheAdjustmentIsTheClosedForm() {
        // the imbalance is redrawn each update, so only the next update matters: g(I) = a·(2·E[I | bucket] − 1)
        double a = 0.3;
        StoikovMicroPrice m = new StoikovMicroPrice();
        Book book = new Book(1, a, 1.0);
        for (int i = 0; i < 400_000; i++) {
            observe(m, book.mid2, book.imbalance);
            book.step();
        }
        assertThat(m.estimate()).isTrue();
        double[] g = m.adjustments();
        for (int b = 0; b < StoikovMicroPrice.IMBALANCE_BUCKETS; b++) {
            double expected = a * (2 * (b + 0.5) / StoikovMicroPrice.IMBALANCE_BUCKETS - 1);
            // g is in units of the smallest spread (one tick here)
            assertThat(g[b]).as("bucket %d", b).isCloseTo(expected, within(0.01));
            // the mirrored counts make it antisymmetric exactly
            assertThat(g[b]).isCloseTo(-g[StoikovMicroPrice.IMBALANCE_BUCKETS - 1 - b], within(1e-12));
        }
        assertThat(m.adjustment((book.mid2 - TICK) / 2, 9, (book.mid2 + TICK) / 2, 1))
                .isCloseTo(g[StoikovMicroPrice.IMBALANCE_BUCKETS - 1] * TICK, within(1e-9));
    }

    @Test
    void withAPersistentImbalanceTheAdjustmentIsTheExpectedMoveOverTheNextSixMidChanges() {
        double a = 0.2, redraw = 0.1;
        StoikovMicroPrice m = new StoikovMicroPrice();
        Book book = new Book(2, a, redraw);
        for (int i = 0; i < 600_000; i++) {
            observe(m, book.mid2, book.imbalance);
            book.step();
        }
        assertThat(m.estimate()).isTrue();
        double[] g = m.adjustments();
        // Monte Carlo: from an imbalance uniform in each bucket, run the book until six mid changes
        SplittableRandom random = new SplittableRandom(3);
        for (int b = 0; b < StoikovMicroPrice.IMBALANCE_BUCKETS; b++) {
            double sum = 0;
            int paths = 40_000;
            for (int p = 0; p < paths; p++) {
                Book path = new Book(random.nextLong(), a, redraw);
                path.imbalance = (b + random.nextDouble()) / StoikovMicroPrice.IMBALANCE_BUCKETS;
                int changes = 0, moved = 0;
                while (changes < 6) {
                    int move = path.step();
                    moved += move;
                    changes += move != 0 ? 1 : 0;
                }
                sum += moved;
            }
            // a persistent imbalance is worth more than the next move alone: a·(2I − 1) is at most 0.2 here
            assertThat(g[b]).as("bucket %d", b).isCloseTo(sum / paths, within(0.03));
        }
        assertThat(Math.abs(g[StoikovMicroPrice.IMBALANCE_BUCKETS - 1])).isGreaterThan(0.2 * 0.8 + 0.05);
    }

    @Test
    void theStateSurvivesACheckpointAndASmallerSpreadStartsAgain() throws Exception {
        StoikovMicroPrice m = new StoikovMicroPrice();
        Book book = new Book(4, 0.3, 0.5);
        for (int i = 0; i < 50_000; i++) {
            observe(m, book.mid2, book.imbalance);
            book.step();
        }
        m.estimate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.write(new DataOutputStream(bytes));
        StoikovMicroPrice restored = StoikovMicroPrice.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.adjustments()).containsExactly(m.adjustments());
        for (int i = 0; i < 20_000; i++) {
            observe(m, book.mid2, book.imbalance);
            observe(restored, book.mid2, book.imbalance);
            book.step();
        }
        m.estimate();
        restored.estimate();
        assertThat(restored.adjustments()).containsExactly(m.adjustments());
        assertThat(restored.observations()).isEqualTo(m.observations()).isEqualTo(69_999);
        // a spread below the unit changes what every bucket means: the counts start again on the new unit
        m.observe(1_000_000, 1, 1_000_010, 1, false);
        assertThat(m.unit()).isEqualTo(10);
        assertThat(m.observations()).isZero();
        assertThat(m.estimated()).isFalse();
    }
}
