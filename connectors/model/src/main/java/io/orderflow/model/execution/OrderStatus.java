package io.orderflow.model.execution;

/**
 * Explicit outcome states of an order. UNKNOWN means the venue's answer was lost (timeout, "status unknown"): it
 * is resolved by querying the venue by client order id, never by sending the order again.
 */
public enum OrderStatus {
    /** Sent, no answer yet. */
    NEW,
    ACKED,
    REJECTED,
    PARTIALLY_FILLED,
    FILLED,
    CANCELLED,
    EXPIRED,
    UNKNOWN;

    public boolean isFinal() {
        return this == REJECTED || this == FILLED || this == CANCELLED || this == EXPIRED;
    }
}
