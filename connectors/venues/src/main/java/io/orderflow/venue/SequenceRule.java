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

    /** How a delta stands to the book it would be applied to. */
    enum Link {
        /** Before the first delta on a snapshot: already in the snapshot; dropped silently. */
        STALE,
        /** The first delta on a snapshot: applied. */
        BRIDGES,
        /** The next delta of a book in sync: applied. */
        FOLLOWS,
        /** A book in sync already holds it (a duplicated frame): dropped and counted, not a gap. */
        REPEAT,
        /** The chain is broken: the book is out of sync until a new snapshot. */
        BREAKS
    }

    /**
     * The rule's three questions in the order every book asks them, the one decision the source's synchronizer and
     * the keyed book operator share: {@code awaitingBridge} while no delta has been applied on the snapshot at
     * {@code sequence}, else {@code sequence} is the last applied delta's.
     */
    default Link link(long sequence, boolean awaitingBridge, BookDelta delta) {
        if (awaitingBridge) {
            return isStale(sequence, delta) ? Link.STALE : bridges(sequence, delta) ? Link.BRIDGES : Link.BREAKS;
        }
        return follows(sequence, delta) ? Link.FOLLOWS : isRepeat(sequence, delta) ? Link.REPEAT : Link.BREAKS;
    }
}
