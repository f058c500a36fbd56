package io.orderflow.venue.trading;

import io.orderflow.venue.auth.ApiCredentials;
import java.time.Duration;

/**
 * The order-entry half of a venue, answered by the venue's own package (its market-data half is
 * {@link io.orderflow.venue.Venue}): where its test environment is, what credentials it needs, its documented order
 * rate, and how to connect an adapter. Nothing outside the package switches on a venue id to learn these.
 */
public interface TradingVenue {
    /** REST base of the venue's test environment (testnet or demo), where orderflow trades unless told otherwise. */
    String testRestBase();

    /** Private WebSocket base of that environment (order updates and fills). */
    String testPrivateWebSocketBase();

    /** Whether the API credentials include a passphrase besides key and secret (OKX). */
    boolean needsPassphrase();

    /** The documented new-order limit of one account, as a bucket that starts full at {@code nowMs}. */
    TokenBucket newOrderRate(long nowMs);

    /** An adapter for the account these credentials sign for, at {@code restBase}. */
    VenueTrading connect(String restBase, ApiCredentials credentials, Duration requestTimeout);
}
