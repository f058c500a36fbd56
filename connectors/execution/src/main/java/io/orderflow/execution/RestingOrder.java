package io.orderflow.execution;

import io.orderflow.model.execution.OrderIntent;

/**
 * A paper order resting on the book, with what is filled so far and its estimated place in the queue.
 *
 * @param queueAhead quantity estimated to stand before this order at its price (it fills only once that is gone)
 * @param levelSize the public size at the order's price when last seen (to tell how much the level lost since)
 * @param makerFilled the part of {@code filled} that filled while resting (the rest crossed on entry)
 * @param features the maker-share model's features at entry, for learning once the order is done
 */
public record RestingOrder(OrderIntent intent, long filled, long placedAtMs, long queueAhead, long levelSize,
        long makerFilled, double[] features) {

    public long remaining() {
        return intent.quantity() - filled;
    }

    RestingOrder withQueue(long filled, long queueAhead, long levelSize, long makerFilled) {
        return new RestingOrder(intent, filled, placedAtMs, queueAhead, levelSize, makerFilled, features);
    }
}
