package io.orderflow.job.crosssection;

/**
 * What the cross-section needs from one event: a mid with the depth around it (and whether its book was just
 * rebuilt after a gap, so no return reaches it), or a trade's quote notional. Small on purpose: every instrument's
 * ticks meet in one window operator.
 */
public record Tick(String key, long timeMs, boolean trade, double value, double depth, boolean afterGap) {
    public static Tick mid(String key, long timeMs, double mid, double depth, boolean afterGap) {
        return new Tick(key, timeMs, false, mid, depth, afterGap);
    }

    public static Tick trade(String key, long timeMs, double quoteNotional) {
        return new Tick(key, timeMs, true, quoteNotional, 0, false);
    }
}
