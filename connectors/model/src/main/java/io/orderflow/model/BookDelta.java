package io.orderflow.model;

/**
 * One incremental book message with all its levels (absolute sizes; 0 deletes). Sequence fields follow the
 * venue's own numbering: {@code firstSequence}/{@code lastSequence} are the first and last update ids covered
 * (Binance {@code U}/{@code u}); {@code previousSequence} is the id the venue says came just before
 * (Binance futures {@code pu}), or {@link #NO_SEQUENCE} where the venue does not send one.
 */
public record BookDelta(
        String venue,
        String symbol,
        long exchangeTimeMs,
        long receivedAtNanos,
        long firstSequence,
        long lastSequence,
        long previousSequence,
        PriceLevels bids,
        PriceLevels asks)
        implements MarketEvent {
    public static final long NO_SEQUENCE = Long.MIN_VALUE;
}
