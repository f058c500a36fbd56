package io.orderflow.job.records;

import io.orderflow.job.signals.InstrumentSignals;

/**
 * A volatility spike of one instrument, and the book patterns that ended within {@code horizonSeconds} before it
 * ({@code precursors}, in order of their end). As the signals operator emits it, before the labeller has looked,
 * the horizon is 0 and there are no precursors.
 */
public record VolatilitySpike(String venue, String symbol, InstrumentSignals.Spike spike, int horizonSeconds,
        String[] precursors) {

    public static VolatilitySpike unlabelled(String venue, String symbol, InstrumentSignals.Spike spike) {
        return new VolatilitySpike(venue, symbol, spike, 0, new String[0]);
    }

    /** The spike's instant: the end of its second. */
    public long timeMs() {
        return spike.second() * 1000 + 999;
    }

    public VolatilitySpike labelled(int horizonSeconds, String[] precursors) {
        return new VolatilitySpike(venue, symbol, spike, horizonSeconds, precursors);
    }
}
