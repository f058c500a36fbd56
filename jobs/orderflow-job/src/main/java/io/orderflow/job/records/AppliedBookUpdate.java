package io.orderflow.job.records;

import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.MarketEvent;

/**
 * A snapshot or delta as the book operator applied it, with its place in that instrument's apply order. Venue
 * update ids cannot order a book's history on their own: Gemini's restart at every connection, and a snapshot after
 * a resync can carry an id below deltas already applied; {@code received_at} jumps back at a REST snapshot fetched
 * before the buffered deltas it bridges. {@code applyOrder} is what does: strictly increasing per instrument, in the
 * order the operator applied the messages.
 */
public record AppliedBookUpdate(MarketEvent update, long applyOrder) {
    public AppliedBookUpdate {
        if (!(update instanceof BookSnapshot) && !(update instanceof BookDelta)) {
            throw new IllegalArgumentException("only snapshots and deltas are applied to a book, not " + update);
        }
    }
}
