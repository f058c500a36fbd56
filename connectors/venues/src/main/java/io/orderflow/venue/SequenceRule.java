package io.orderflow.venue;

import io.orderflow.model.BookDelta;

/**
 * A venue's rule for chaining book deltas, in three questions. The same rule runs in the source (to decide when
 * to resync) and again on the keyed book operator (so nothing out of order can reach a book).
 */
public interface SequenceRule {
    /** The delta is already contained in a book at {@code bookSequence} and must be dropped. */
    boolean isStale(long bookSequence, BookDelta delta);

    /** The delta may be the first one applied on top of a snapshot at {@code snapshotSequence}. */
    boolean bridges(long snapshotSequence, BookDelta delta);

    /** The delta directly follows the previously applied delta, whose last update id was {@code lastSequence}. */
    boolean follows(long lastSequence, BookDelta delta);

    /**
     * Once in sync: the delta is a repeat of what the book at {@code lastSequence} already holds (a duplicated
     * frame), to be dropped and counted rather than taken for a gap. Usually the same as {@link #isStale}; a rule
     * whose pre-bridge drop keeps the bridging id ({@code u < lastUpdateId}) widens it to that id.
     */
    default boolean isRepeat(long lastSequence, BookDelta delta) {
        return isStale(lastSequence, delta);
    }
}
