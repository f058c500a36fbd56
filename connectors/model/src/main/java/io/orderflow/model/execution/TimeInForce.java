package io.orderflow.model.execution;

public enum TimeInForce {
    /** Rests until filled or cancelled. */
    GTC,
    /** Fills what it can at once; the rest is cancelled. */
    IOC,
    /** Rests only if it would not take liquidity; otherwise rejected. */
    POST_ONLY
}
