package io.orderflow.job.signals;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Parameters of the per-instrument signals ({@link InstrumentSignals}), validated on construction.
 *
 * @param imbalanceLevels levels per side in the volume imbalance and the microprice (default 5)
 * @param depthBps depth is the quote notional resting within this many bps of the mid (default 10)
 * @param samplingMs the pattern stream samples the book features once per this much event time (default 200 ms)
 * @param slippageNotionals order sizes in quote currency walked through the book once a second
 * @param spikeWindowSeconds short-horizon volatility: realized variance on a 200 ms grid over this many seconds
 *     (default 3: the planted bursts last 3 s)
 * @param spikeHistorySeconds the rolling median of that volatility looks back this far (default 60)
 * @param spikeFactor a spike is the short-horizon volatility above this multiple of its rolling median (default 3)
 * @param forgetting forgetting factor of the online regressions (default 0.999: a memory of about 1,000 samples)
 * @param baselineSeconds time constant of the spread and depth baselines the patterns compare with (default 30 s):
 *     each is the time-weighted exponential average of the value as it held, e^(−Δt/τ) per Δt of event time, so it
 *     means the same on a venue that sends one message a step as on one that sends sixty
 */
public record SignalSettings(int imbalanceLevels, double depthBps, long samplingMs, double[] slippageNotionals,
        int spikeWindowSeconds, int spikeHistorySeconds, double spikeFactor, double forgetting,
        double baselineSeconds) implements Serializable {

    public SignalSettings {
        if (imbalanceLevels < 1) {
            throw new IllegalArgumentException("imbalance levels must be at least 1, got " + imbalanceLevels);
        }
        if (!(depthBps > 0)) {
            throw new IllegalArgumentException("depth band must be a positive number of bps, got " + depthBps);
        }
        if (samplingMs < 1 || 1000 % samplingMs != 0) {
            throw new IllegalArgumentException("pattern sampling must divide one second, got " + samplingMs + " ms");
        }
        if (slippageNotionals.length == 0 || Arrays.stream(slippageNotionals).anyMatch(n -> !(n > 0))) {
            throw new IllegalArgumentException("slippage sizes must be positive quote notionals, got "
                    + Arrays.toString(slippageNotionals));
        }
        if (spikeWindowSeconds < 2 || spikeHistorySeconds < 3 * spikeWindowSeconds) {
            throw new IllegalArgumentException("spike window must be >= 2 s and its history >= 3 windows");
        }
        if (!(spikeFactor > 1)) {
            throw new IllegalArgumentException("spike factor must exceed 1, got " + spikeFactor);
        }
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new IllegalArgumentException("forgetting factor must be in (0, 1], got " + forgetting);
        }
        if (!(baselineSeconds > 0)) {
            throw new IllegalArgumentException("baseline time constant must be positive, got " + baselineSeconds + " s");
        }
        slippageNotionals = slippageNotionals.clone();
    }

    /** The largest order walked: the book operator carries the levels it needs once a second. */
    public double largestSlippageNotional() {
        return Arrays.stream(slippageNotionals).max().orElseThrow();
    }

    public static SignalSettings defaults() {
        return new SignalSettings(5, 10, 200, new double[] {10_000, 100_000, 1_000_000}, 3, 60, 3, 0.999, 30);
    }
}
