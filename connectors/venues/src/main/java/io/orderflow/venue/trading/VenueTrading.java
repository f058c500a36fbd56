package io.orderflow.venue.trading;

import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import java.util.List;

/**
 * Order entry on one venue account, the same for every venue: signed REST, the venue's own error codes mapped to
 * explicit outcomes. Placing never resends blindly: a lost answer (timeout, "status unknown") is reconciled by
 * asking for the order by its client id, and a duplicate-id rejection means the order is already there.
 */
public interface VenueTrading extends AutoCloseable {
    /** Places the order; ACKED, FILLED / PARTIALLY_FILLED (if it traded at once), REJECTED, or UNKNOWN. */
    VenueOrder place(OrderIntent intent);

    /** The order by client id, or {@link VenueOrder#notFound} when the venue has no such order. */
    VenueOrder query(String symbol, String clientOrderId);

    VenueOrder cancel(String symbol, String clientOrderId);

    /** Cancels every open order of the symbol; returns how the venue answered. */
    String cancelAll(String symbol);

    List<VenueOrder> openOrders(String symbol);

    /**
     * After a lost answer: asks the venue for the order by client id, a few times with backoff, until it answers.
     * Found: the order as it stands. "No such order" every time: it was not placed (REJECTED). No answer: UNKNOWN,
     * for the caller to try again later; never a resend.
     */
    default VenueOrder reconcile(String symbol, String clientOrderId, String why, int attempts) {
        VenueOrder last = VenueOrder.unknown(clientOrderId, why);
        for (int attempt = 0; attempt < attempts; attempt++) {
            last = query(symbol, clientOrderId);
            if (last.status() != OrderStatus.UNKNOWN && last.venueOrderId() != null) {
                return last;
            }
            Backoff.pause(Backoff.exponential(100, attempt));
        }
        if (last.status() == OrderStatus.REJECTED) {
            return VenueOrder.notFound(clientOrderId, "not on the venue after a lost answer (" + why + ")");
        }
        return VenueOrder.unknown(clientOrderId, why + "; the venue did not answer the query either");
    }

    @Override
    void close();
}
