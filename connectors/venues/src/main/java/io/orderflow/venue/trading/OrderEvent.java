package io.orderflow.venue.trading;

/**
 * What a venue tells about one of the account's orders: the order as it now stands and, when an execution moved it,
 * that fill (otherwise null). Comes from the private stream, or from REST polling while the stream is down.
 *
 * @param source "stream" or "poll": where it came from
 */
public record OrderEvent(String symbol, VenueOrder order, VenueFill fill, long timeMs, String source) {}
