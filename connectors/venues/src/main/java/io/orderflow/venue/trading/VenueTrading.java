package io.orderflow.venue.trading;

import io.orderflow.model.execution.OrderIntent;
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

    @Override
    void close();
}
