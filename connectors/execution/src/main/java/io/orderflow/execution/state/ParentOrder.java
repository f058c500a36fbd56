package io.orderflow.execution.state;

import io.orderflow.model.Side;

/**
 * A strategy's order being worked in child orders on a schedule: the n-th child goes at {@code startMs + n ·
 * sliceMs}, for {@code children[n]} (scaled units; they add up to the parent's quantity exactly), with the client
 * id {@code childIds[n]}. {@code next} is the first child not yet sent.
 */
public record ParentOrder(String parentId, String strategy, String venue, String symbol, Side side, long quantity,
        long arrivalMid, long startMs, long sliceMs, long[] children, String[] childIds, int next) {

    public ParentOrder {
        if (children.length == 0 || children.length != childIds.length || next < 0 || next > children.length) {
            throw new IllegalArgumentException("a parent order needs one id per child and a next child in range");
        }
    }

    public int slices() {
        return children.length;
    }

    public boolean done() {
        return next == children.length;
    }

    /** When child {@code n} is due. */
    public long dueAt(int n) {
        return startMs + n * sliceMs;
    }

    public ParentOrder sent() {
        return new ParentOrder(parentId, strategy, venue, symbol, side, quantity, arrivalMid, startMs, sliceMs,
                children, childIds, next + 1);
    }
}
