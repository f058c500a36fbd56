package io.orderflow.model;

/** Side of an order, a fill or a trade's aggressor. */
public enum Side {
    BUY,
    SELL;

    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }

    /** +1 for BUY, -1 for SELL: the sign of a position change. */
    public int sign() {
        return this == BUY ? 1 : -1;
    }
}
