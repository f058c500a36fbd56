package io.orderflow.execution.risk;

import java.io.Serializable;

/**
 * Hard limits every order is checked against before it leaves. Quantities and money are scaled longs (10⁻⁸).
 *
 * @param maxPosition absolute position per instrument if every working order on the same side filled
 * @param maxNotional the same worst-case position valued at the order's price (limit) or the touch (market), quote
 * @param maxOpenOrders working orders per instrument
 * @param priceCollarBps a limit price further than this from the mid is refused (fat-finger guard)
 * @param maxBookAgeMs no order on a book whose last update is older than this (exchange time) at the decision
 * @param maxDailyLoss once the day's PnL (UTC, fees included, open position marked to the mid) is down this much,
 *     only orders that reduce the position may go
 */
public record RiskLimits(long maxPosition, long maxNotional, int maxOpenOrders, double priceCollarBps,
        long maxBookAgeMs, long maxDailyLoss) implements Serializable {
    public RiskLimits {
        positive(maxPosition, "maxPosition");
        positive(maxNotional, "maxNotional");
        positive(maxBookAgeMs, "maxBookAgeMs");
        positive(maxDailyLoss, "maxDailyLoss (a positive amount of quote currency)");
        if (maxOpenOrders < 1) {
            throw new IllegalArgumentException("maxOpenOrders must be at least 1, got " + maxOpenOrders);
        }
        if (!(priceCollarBps > 0)) {
            throw new IllegalArgumentException("priceCollarBps must be positive, got " + priceCollarBps);
        }
    }

    private static void positive(long v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
    }
}
