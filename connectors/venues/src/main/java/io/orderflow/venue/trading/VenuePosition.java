package io.orderflow.venue.trading;

/**
 * A position the venue holds for the account.
 *
 * @param quantity signed, scaled: positive long, negative short
 * @param entryPrice the venue's average entry price, scaled; 0 if it reports none
 */
public record VenuePosition(String symbol, long quantity, long entryPrice) implements java.io.Serializable {}
