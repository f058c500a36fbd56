package io.orderflow.venue.trading;

import io.orderflow.model.execution.OrderStatus;

/**
 * An order as the venue reports it. {@code status} is UNKNOWN only when the venue could not be asked (it is then
 * the caller's to reconcile later); an order the venue has never heard of is {@link #notFound}.
 *
 * @param filledQuantity cumulative filled quantity, scaled
 * @param averagePrice average fill price, scaled; 0 before any fill
 * @param reason the venue's code and message for a rejection, or what happened
 */
public record VenueOrder(String clientOrderId, String venueOrderId, OrderStatus status, long filledQuantity,
        long averagePrice, String reason) {
    /**
     * {@code filledQuantity} of a report that does not say it (Kraken's cancel deltas carry only the ids): the
     * feed looks the order up before passing it on.
     */
    public static final long QUANTITY_NOT_REPORTED = -1;

    /** Whether the report leaves the filled quantity out. */
    public boolean filledUnknown() {
        return filledQuantity == QUANTITY_NOT_REPORTED;
    }

    public static VenueOrder notFound(String clientOrderId, String reason) {
        return new VenueOrder(clientOrderId, null, OrderStatus.REJECTED, 0, 0, reason);
    }

    public static VenueOrder unknown(String clientOrderId, String reason) {
        return new VenueOrder(clientOrderId, null, OrderStatus.UNKNOWN, 0, 0, reason);
    }
}
