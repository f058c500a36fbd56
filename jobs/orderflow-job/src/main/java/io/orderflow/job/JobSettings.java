package io.orderflow.job;

import java.io.Serializable;
import java.time.Duration;

/**
 * The job's tunables in one place, with defaults a user gets without any flag. Validated on construction, with
 * messages that say what to change.
 *
 * @param volatilityWindow tumbling event-time window of the realized-volatility signal (default 1 min)
 * @param maxOutOfOrderness watermark bound on how late an exchange timestamp may arrive (default 500 ms)
 * @param sourceIdleness a split silent this long stops holding back the watermark (default 5 s)
 * @param checkpointInterval exactly-once checkpoints; also the Iceberg commit interval (default 10 s)
 * @param bookDepth levels carried downstream on every book update (default 20)
 * @param idleEviction instruments silent this long (event time) are removed with their state (default 1 h)
 * @param imbalanceThreshold demo strategy: |top-5 imbalance| that triggers an order (default 0.6)
 * @param orderQuantity demo strategy: order size in scaled units (default 0.001)
 */
public record JobSettings(
        Duration volatilityWindow,
        Duration maxOutOfOrderness,
        Duration sourceIdleness,
        Duration checkpointInterval,
        int bookDepth,
        Duration idleEviction,
        double imbalanceThreshold,
        long orderQuantity)
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
    }

    public static JobSettings defaults() {
        return new JobSettings(Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 20, Duration.ofHours(1), 0.6, 100_000L);
    }

    public JobSettings withCheckpointInterval(Duration interval) {
        return new JobSettings(volatilityWindow, maxOutOfOrderness, sourceIdleness, interval, bookDepth, idleEviction,
                imbalanceThreshold, orderQuantity);
    }

    public JobSettings withVolatilityWindow(Duration window) {
        return new JobSettings(window, maxOutOfOrderness, sourceIdleness, checkpointInterval, bookDepth, idleEviction,
                imbalanceThreshold, orderQuantity);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
    }
}
