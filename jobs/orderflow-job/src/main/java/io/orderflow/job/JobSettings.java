package io.orderflow.job;

import io.orderflow.job.crosssection.PairSettings;
import io.orderflow.job.signals.SignalSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * The job's tunables in one place, with defaults a user gets without any flag. Validated on construction, with
 * messages that say what to change.
 *
 * @param volatilityWindow tumbling event-time window of volatility, pair signals and ranking (default 1 min)
 * @param maxOutOfOrderness watermark bound on how late an exchange timestamp may arrive (default 500 ms)
 * @param sourceIdleness a split silent this long stops holding back the watermark (default 5 s)
 * @param checkpointInterval exactly-once checkpoints; also the Iceberg commit interval (default 10 s)
 * @param bookDepth levels carried downstream on every book update (default 20)
 * @param idleEviction instruments silent this long (event time) are removed with their state (default 1 h)
 * @param imbalanceThreshold demo strategy: |top-5 imbalance| that triggers an order (default 0.6)
 * @param orderQuantity demo strategy: order size in scaled units (default 0.001)
 * @param signals per-instrument signal parameters (imbalance levels, depth band, slippage sizes, spikes)
 * @param pairs the lead-lag grid and which pairs to compare (default: −2 s … +2 s by 100 ms, every pair)
 * @param precursorHorizon patterns that ended this long before a volatility spike are its precursors (default 10 s)
 */
public record JobSettings(
        Duration volatilityWindow,
        Duration maxOutOfOrderness,
        Duration sourceIdleness,
        Duration checkpointInterval,
        int bookDepth,
        Duration idleEviction,
        double imbalanceThreshold,
        long orderQuantity,
        SignalSettings signals,
        PairSettings pairs,
        Duration precursorHorizon)
        implements Serializable {

    public JobSettings {
        positive(volatilityWindow, "volatility window");
        if (volatilityWindow.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("volatility window must be whole seconds (1 s sampling), got "
                    + volatilityWindow);
        }
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("max out-of-orderness must not be negative");
        }
        positive(sourceIdleness, "source idleness");
        positive(checkpointInterval, "checkpoint interval");
        positive(idleEviction, "idle eviction");
        if (bookDepth < 10) {
            throw new IllegalArgumentException("book depth must be at least 10 (the per-second table has 10 levels)");
        }
        if (!(imbalanceThreshold > 0 && imbalanceThreshold < 1)) {
            throw new IllegalArgumentException("imbalance threshold must be in (0, 1), got " + imbalanceThreshold);
        }
        if (orderQuantity <= 0) {
            throw new IllegalArgumentException("order quantity must be positive");
        }
        if (signals == null || pairs == null) {
            throw new IllegalArgumentException("signal and pair settings are required");
        }
        positive(precursorHorizon, "precursor horizon");
    }

    public static JobSettings defaults() {
        return new JobSettings(Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 20, Duration.ofHours(1), 0.6, 100_000L, SignalSettings.defaults(),
                PairSettings.defaults(), Duration.ofSeconds(10));
    }

    public JobSettings withCheckpointInterval(Duration interval) {
        return new JobSettings(volatilityWindow, maxOutOfOrderness, sourceIdleness, interval, bookDepth, idleEviction,
                imbalanceThreshold, orderQuantity, signals, pairs, precursorHorizon);
    }

    /** The window of every windowed signal: volatility, pair signals and the market ranking. */
    public JobSettings withVolatilityWindow(Duration window) {
        return new JobSettings(window, maxOutOfOrderness, sourceIdleness, checkpointInterval, bookDepth, idleEviction,
                imbalanceThreshold, orderQuantity, signals, pairs, precursorHorizon);
    }

    public JobSettings withPairs(PairSettings chosen) {
        return new JobSettings(volatilityWindow, maxOutOfOrderness, sourceIdleness, checkpointInterval, bookDepth,
                idleEviction, imbalanceThreshold, orderQuantity, signals, chosen, precursorHorizon);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
    }
}
