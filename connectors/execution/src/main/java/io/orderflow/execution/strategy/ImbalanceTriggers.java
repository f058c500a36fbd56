package io.orderflow.execution.strategy;

import io.orderflow.estimators.BookFeatures;
import io.orderflow.model.BookTop;
import io.orderflow.model.codec.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The two imbalance patterns strategies act on, matched on each instrument's own books where the decision is taken,
 * so a match reaches its strategy with the book that completed it and no hand-over. They match what Flink CEP
 * matches for the {@code patterns} table's {@code sustained_imbalance} and {@code imbalance_flip} over the same
 * samples (the job's {@code Patterns}, skip past the last event, event time; held to it by
 * {@code ImbalanceTriggersITCase}):
 * <ul>
 *   <li>a <b>sample</b> is the first two-sided book of each {@code samplingMs} slot of event time, with its top-N
 *       volume imbalance, as the feature stream samples it; a book in a slot before the last sampled one is not a
 *       new instant (CEP in event time would sort it before the samples already matched, or drop it as late);</li>
 *   <li>{@code sustained_imbalance}: {@code sustainedSamples} consecutive samples beyond ±θ with one sign, the last
 *       less than {@code sustainedWithinMs} after the first;</li>
 *   <li>{@code imbalance_flip}: a sample beyond θ one way, then a later one beyond θ the other way less than
 *       {@code flipWithinMs} after it (samples in between do not matter).</li>
 * </ul>
 * After a match each pattern starts afresh from the next sample, as skip-past-last-event does. The state is a few
 * numbers per instrument ({@link State}); the matching allocates nothing unless a pattern matches.
 */
public final class ImbalanceTriggers implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SUSTAINED_IMBALANCE = ImbalanceMomentumStrategy.SUSTAINED_IMBALANCE;
    public static final String IMBALANCE_FLIP = ImbalanceMomentumStrategy.IMBALANCE_FLIP;
    private static final long NONE = Long.MIN_VALUE;

    /**
     * @param samplingMs one sample per this much event time (the feature stream's sampling)
     * @param levels levels per side in the imbalance
     */
    public record Settings(long samplingMs, int levels, double sustainedThreshold, int sustainedSamples,
            long sustainedWithinMs, double flipThreshold, long flipWithinMs) implements Serializable {
        /** The job's defaults: beyond 0.6 for 5 samples within 1.5 s; a flip beyond ±0.5 within 1 s. */
        public static final double SUSTAINED_THRESHOLD = 0.6;
        public static final int SUSTAINED_SAMPLES = 5;
        public static final long SUSTAINED_WITHIN_MS = 1_500;
        public static final double FLIP_THRESHOLD = 0.5;
        public static final long FLIP_WITHIN_MS = 1_000;

        public Settings {
            if (samplingMs < 1 || levels < 1) {
                throw new IllegalArgumentException("trigger sampling must be at least 1 ms and levels at least 1, got "
                        + samplingMs + " ms and " + levels);
            }
            if (!(sustainedThreshold > 0 && sustainedThreshold < 1) || !(flipThreshold > 0 && flipThreshold < 1)) {
                throw new IllegalArgumentException("imbalance thresholds must be in (0, 1), got " + sustainedThreshold
                        + " and " + flipThreshold);
            }
            if (sustainedSamples < 2 || sustainedWithinMs < 1 || flipWithinMs < 1) {
                throw new IllegalArgumentException("a sustained imbalance needs at least 2 samples and both patterns "
                        + "a positive window, got " + sustainedSamples + ", " + sustainedWithinMs + " ms and "
                        + flipWithinMs + " ms");
            }
        }

        /** The default patterns over the feature stream's sampling. */
        public static Settings defaults(long samplingMs, int levels) {
            return new Settings(samplingMs, levels, SUSTAINED_THRESHOLD, SUSTAINED_SAMPLES, SUSTAINED_WITHIN_MS,
                    FLIP_THRESHOLD, FLIP_WITHIN_MS);
        }
    }

    /** One instrument's matching state. */
    public static final class State {
        long lastSlot = NONE;
        int runSign;
        int runLength;
        long[] runTimes; // the times of the run's last sustainedSamples samples, a ring
        long lastPositiveMs = NONE; // the latest sample beyond +θ since the last flip (a flip's start)
        long lastNegativeMs = NONE;
    }

    private final Settings settings;

    public ImbalanceTriggers(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The matches this book completes (none unless it is a new sample). */
    public List<Signal> onBook(BookTop book, State s) {
        if (!book.twoSided()) {
            return List.of();
        }
        long t = book.exchangeTimeMs();
        long slot = Math.floorDiv(t, settings.samplingMs());
        if (s.lastSlot != NONE && slot <= s.lastSlot) {
            return List.of();
        }
        s.lastSlot = slot;
        double imbalance = BookFeatures.imbalance(book.bids(), book.asks(), settings.levels());
        List<Signal> matches = List.of();
        if (sustained(imbalance, t, s)) {
            matches = new ArrayList<>(2);
            matches.add(new Signal(SUSTAINED_IMBALANCE, book.venue(), book.symbol(), t, imbalance));
        }
        if (flip(imbalance, t, s)) {
            matches = matches.isEmpty() ? new ArrayList<>(1) : matches;
            matches.add(new Signal(IMBALANCE_FLIP, book.venue(), book.symbol(), t, imbalance));
        }
        return matches;
    }

    private boolean sustained(double imbalance, long t, State s) {
        int k = settings.sustainedSamples();
        int sign = Math.abs(imbalance) > settings.sustainedThreshold() ? (int) Math.signum(imbalance) : 0;
        if (sign == 0 || sign != s.runSign) { // strict contiguity: the run so far ends here
            s.runSign = sign;
            s.runLength = 0;
        }
        if (sign == 0) {
            return false;
        }
        if (s.runTimes == null || s.runTimes.length != k) {
            s.runTimes = new long[k];
        }
        s.runTimes[s.runLength % k] = t;
        s.runLength++;
        // the run's last k samples start at the ring's next slot; an older start has timed out (within)
        if (s.runLength >= k && t - s.runTimes[s.runLength % k] < settings.sustainedWithinMs()) {
            s.runSign = 0;
            s.runLength = 0;
            return true;
        }
        return false;
    }

    private boolean flip(double imbalance, long t, State s) {
        if (!(Math.abs(imbalance) > settings.flipThreshold())) {
            return false;
        }
        boolean up = imbalance > 0;
        long from = up ? s.lastNegativeMs : s.lastPositiveMs;
        if (from != NONE && t - from < settings.flipWithinMs()) {
            s.lastPositiveMs = NONE;
            s.lastNegativeMs = NONE;
            return true;
        }
        if (up) {
            s.lastPositiveMs = t;
        } else {
            s.lastNegativeMs = t;
        }
        return false;
    }

    /** The state's binary form, for the operator's explicit state serializer. */
    public static final class StateCodec implements BinaryCodec<State> {
        public static final StateCodec INSTANCE = new StateCodec();

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(State s, DataOutput out) throws IOException {
            out.writeLong(s.lastSlot);
            out.writeInt(s.runSign);
            out.writeInt(s.runLength);
            int n = s.runTimes == null ? 0 : s.runTimes.length;
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeLong(s.runTimes[i]);
            }
            out.writeLong(s.lastPositiveMs);
            out.writeLong(s.lastNegativeMs);
        }

        @Override
        public State read(DataInput in) throws IOException {
            State s = new State();
            s.lastSlot = in.readLong();
            s.runSign = in.readInt();
            s.runLength = in.readInt();
            int n = in.readInt();
            s.runTimes = n == 0 ? null : new long[n];
            for (int i = 0; i < n; i++) {
                s.runTimes[i] = in.readLong();
            }
            s.lastPositiveMs = in.readLong();
            s.lastNegativeMs = in.readLong();
            return s;
        }
    }
}
