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
     * adapter converts sizes by them (the job's base units to the venue's contracts and back). No symbols: every
     * instrument the venue lists. Throws with the venue's answer when it cannot be read or lacks a symbol.
     */
    InstrumentCatalog loadInstruments(List<String> symbols);

    /** Converts sizes by this catalogue from now on (one loaded earlier, or read from the cache). */
    void useInstruments(InstrumentCatalog catalog);

    /**
     * Reads the account's modes and refuses, with what to change, one the job does not trade correctly in: it
     * keeps one net position per instrument and sends reduce-only exits, so Binance's hedge mode (positions per
     * side) and OKX's long/short mode are refused, as are accounts that cannot trade the instruments (OKX's spot
     * mode for swaps). Returns the modes found, for the start-up log.
     */
    String checkAccountModes(List<String> symbols);

    /** Places the order; ACKED, FILLED / PARTIALLY_FILLED (if it traded at once), REJECTED, or UNKNOWN. */
    VenueOrder place(OrderIntent intent);

    /** The order by client id, or {@link VenueOrder#notFound} when the venue has no such order. */
    VenueOrder query(String symbol, String clientOrderId);

    VenueOrder cancel(String symbol, String clientOrderId);

    /**
     * Arms (or, with {@code timeout} zero, disarms) the venue's dead man's switch: unless armed again within
     * {@code timeout}, the venue cancels the account's open orders (Binance USD-M per symbol,
     * {@code countdownCancelAll}; OKX {@code cancel-all-after}, 10 to 120 s; Kraken Futures
     * {@code cancelallordersafter}). Returns how the venue answered; throws when it refused.
     */
    String cancelAllAfter(List<String> symbols, java.time.Duration timeout);

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
     * How long after a placement request leaves this adapter the venue may still act on it: past that, an order
     * the venue does not know was never placed. Binance refuses a request older than its {@code recvWindow}
     * (gateway and matching engine), OKX one past its {@code expTime}; Kraken Futures documents no deadline, so a
     * generous window stands in.
     */
    long placementWindowMs();

    /**
     * The order with this client id as the venue knows it, in every state it keeps (open, filled, cancelled, and
     * for Kraken Futures its order history, since {@code orders/status} forgets an order 5 s after it ends). Not
     * found: {@link VenueOrder#notFound} only when the placement sent at {@code sentAtMs} (this machine's clock)
     * is past {@link #placementWindowMs} plus a margin, so that the venue provably does not have it and never
     * will; {@link VenueOrder#unknown} before that, or when the venue could not be asked.
     */
    VenueOrder lookup(String symbol, String clientOrderId, long sentAtMs);

    /** The margin past a placement window before a missing order counts as never placed (clock jitter, lag). */
    long LOOKUP_MARGIN_MS = 1_500;

    /**
     * After a lost answer: looks the order up until the venue has it or provably never will (its placement window
     * has passed), pausing between tries. Gives up with UNKNOWN only when the venue stops answering for
     * {@code patienceMs} past the window; the caller then looks again later. Never a resend.
     */
    default VenueOrder reconcile(String symbol, String clientOrderId, long sentAtMs, long patienceMs) {
        long until = sentAtMs + placementWindowMs() + LOOKUP_MARGIN_MS + patienceMs;
        VenueOrder last = VenueOrder.unknown(clientOrderId, "not looked up yet");
        for (int attempt = 0; System.currentTimeMillis() <= until; attempt++) {
            last = lookup(symbol, clientOrderId, sentAtMs);
            if (last.status() != OrderStatus.UNKNOWN) {
                return last;
            }
            Backoff.pause(Math.min(1_000, Backoff.exponential(100, attempt)));
        }
        return VenueOrder.unknown(clientOrderId, "the venue did not settle the order: " + last.reason());
    }

    /**
     * The lookup for venues whose order query sees every state: found, or not found (provably absent once the
     * window has passed).
     */
    static VenueOrder settle(VenueOrder queried, String clientOrderId, long sentAtMs, long windowMs) {
        if (queried.venueOrderId() != null && queried.status() != OrderStatus.UNKNOWN) {
            return queried;
        }
        if (queried.status() == OrderStatus.REJECTED
                && System.currentTimeMillis() > sentAtMs + windowMs + LOOKUP_MARGIN_MS) {
            return VenueOrder.notFound(clientOrderId, "never placed: the venue does not have it and its "
                    + windowMs + " ms placement window has passed");
        }
        return VenueOrder.unknown(clientOrderId, queried.reason());
    }

    @Override
    void close();
}
