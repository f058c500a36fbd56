package io.orderflow.job.features;

import io.orderflow.job.signals.InstrumentSignals.Features;

/** One instrument's book features at a sampling instant: the events the pattern detector reads. */
public record FeatureSample(String venue, String symbol, Features features) {
    public double imbalance() {
        return features.imbalance();
    }

    public double spreadBps() {
        return features.spreadBps();
    }

    public double depth() {
        return features.bidDepth() + features.askDepth();
    }

    public long timeMs() {
        return features.timeMs();
    }
}
