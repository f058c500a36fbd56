package io.orderflow.venue.trading;

import io.orderflow.model.Side;

/**
 * One execution of one of the account's orders, as the venue reports it (its trade history or private stream).
 *
 * @param clientOrderId the order's client id; null where the venue's report carries only its own order id
 *     (Binance's trade history), for the caller to map through the orders it placed
 * @param fee fee in quote currency, positive = paid; null where the report has none (Kraken's REST fills)
 */
public record VenueFill(String fillId, String clientOrderId, String venueOrderId, String symbol, Side side,
        long price, long quantity, Long fee, boolean maker, long timeMs) {}
