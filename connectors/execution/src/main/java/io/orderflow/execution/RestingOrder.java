package io.orderflow.execution;

import io.orderflow.model.execution.OrderIntent;

/** A paper order resting on the book, with what is filled so far. */
public record RestingOrder(OrderIntent intent, long filled, long placedAtMs) {
    public long remaining() {
        return intent.quantity() - filled;
    }
}
