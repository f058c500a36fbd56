package io.orderflow.execution.state;

import io.orderflow.model.execution.OrderIntent;

/**
 * A paper order resting on the book, with what is filled so far and its estimated place in the queue.
 *
 * @param queueAhead quantity estimated to stand before this order at its price (it fills only once that is gone)
 * @param levelSize the public size at the order's price when last seen (to tell how much the level lost since)
 * @param makerFilled the part of {@code filled} that filled while resting (the rest crossed on entry)
 * @param features the maker-share model's features at entry, for learning once the order is done
 * @param venueOrderId on a real venue, its id for the order once acknowledged; null before (and on paper)
 */
public record RestingOrder(OrderIntent intent, long filled, long placedAtMs, long queueAhead, long levelSize,
        long makerFilled, double[] features, String venueOrderId) {

    /** An order sent to a venue, not yet acknowledged. */
    public static RestingOrder sent(OrderIntent intent, long atMs) {
        return new RestingOrder(intent, 0, atMs, 0, 0, 0, new double[0], null);
    }

    public RestingOrder acknowledged(String venueId) {
        return new RestingOrder(intent, filled, placedAtMs, queueAhead, levelSize, makerFilled, features, venueId);
    }

    public RestingOrder withFilled(long total) {
        return new RestingOrder(intent, total, placedAtMs, queueAhead, levelSize, makerFilled, features, venueOrderId);
    }


    public long remaining() {
        return intent.quantity() - filled;
    }

    /** The order after the paper exchange's matching: its fills and its place in the queue at its price. */
    public RestingOrder withQueue(long filled, long queueAhead, long levelSize, long makerFilled) {
        return new RestingOrder(intent, filled, placedAtMs, queueAhead, levelSize, makerFilled, features, venueOrderId);
    }
}
