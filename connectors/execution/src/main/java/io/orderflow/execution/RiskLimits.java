package io.orderflow.execution;

import java.io.Serializable;

/**
 * Hard limits every order is checked against before it leaves.
 *
 * @param maxPosition absolute position per instrument after the order fills completely (scaled units)
 * @param maxOpenOrders working orders per instrument
 * @param priceCollarBps a limit price further than this from the mid is refused (fat-finger guard)
 * @param maxBookAgeMs no order on a book whose last update is older than this (exchange time) than the decision
 */
public record RiskLimits(long maxPosition, int maxOpenOrders, double priceCollarBps, long maxBookAgeMs)
        implements Serializable {
    public RiskLimits {
        if (maxPosition <= 0) {
            throw new IllegalArgumentException("maxPosition must be positive");
        }
        if (maxOpenOrders < 1) {
            throw new IllegalArgumentException("maxOpenOrders must be at least 1");
        }
        if (!(priceCollarBps > 0)) {
            throw new IllegalArgumentException("priceCollarBps must be positive");
        }
    }
}
