package io.orderflow.venue.trading;

import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.venue.instruments.InstrumentCatalog;
import java.util.List;

/**
 * Order entry on one venue account, the same for every venue: signed REST, the venue's own error codes mapped to
 * explicit outcomes. Placing never resends blindly: a lost answer (timeout, "status unknown") is reconciled by
 * asking for the order by its client id, and a duplicate-id rejection means the order is already there.
 */
public interface VenueTrading extends AutoCloseable {
    /**
     * The venue's instruments for these symbols, read from its public instruments endpoint; from then on this
     * adapter converts sizes by them (the job's base units to the venue's contracts and back). Throws with the
     * venue's answer when it cannot be read or lacks a symbol.
     */
    InstrumentCatalog loadInstruments(List<String> symbols);

    /** Converts sizes by this catalogue from now on (one loaded earlier, or read from the cache). */
    void useInstruments(InstrumentCatalog catalog);

    /** Places the order; ACKED, FILLED / PARTIALLY_FILLED (if it traded at once), REJECTED, or UNKNOWN. */
    VenueOrder place(OrderIntent intent);

    /** The order by client id, or {@link VenueOrder#notFound} when the venue has no such order. */
    VenueOrder query(String symbol, String clientOrderId);

    VenueOrder cancel(String symbol, String clientOrderId);

    /** Cancels every open order of the symbol; returns how the venue answered. */
    String cancelAll(String symbol);

    List<VenueOrder> openOrders(String symbol);

    /**
     * Changes a working order's price and quantity in place, keeping its client id (Binance USD-M modify, OKX
     * amend-order, Kraken Futures editorder); the venue may reset its queue priority.
     */
    VenueOrder amend(String symbol, String clientOrderId, Side side, long newPrice, long newQuantity);

    /** The account's open positions (nonzero only). */
    List<VenuePosition> positions();

    /** The account's fills of {@code symbol} at or after {@code sinceMs}, oldest first (the venue's trade history). */
    List<VenueFill> fills(String symbol, long sinceMs);

    /**
     * The account's private stream of order updates and fills on {@code webSocketBase}, not yet started; a REST
     * fallback is the caller's ({@link OrderEventFeed}).
     */
    OrderEventStream privateStream(String webSocketBase);

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
