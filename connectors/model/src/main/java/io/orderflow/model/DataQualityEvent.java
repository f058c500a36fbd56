package io.orderflow.model;

/**
 * Something went wrong with the data, or was repaired: a malformed frame, a sequence gap, a resync, a reconnect.
 * These travel in the market stream so they land in the data-quality table next to what they explain.
 * {@code symbol} is empty when the problem is not tied to one instrument (a connection drop, an unparseable frame).
 */
public record DataQualityEvent(
        String venue,
        String symbol,
        long exchangeTimeMs,
        long receivedAtNanos,
        Kind kind,
        String detail,
        String sample)
        implements MarketEvent {

    /** The longest excerpt of an offending frame kept with the event. */
    public static final int MAX_SAMPLE_CHARS = 512;

    public enum Kind {
        /** A frame that could not be decoded: truncated JSON, wrong types, unknown event type. */
        MALFORMED_FRAME,
        /**
         * A book message that reached the book operator after event time had passed it (watermark beyond its
         * timestamp, e.g. its connection was idle while others moved on): it is applied, but the per-second rows
         * already written for the seconds it missed (detail: "late by N ms; seconds A..B") lack it.
         */
        LATE_EVENT,
        /** A delta that does not chain from the previous one: the book is out of sync. */
        SEQUENCE_GAP,
        /** A fresh snapshot was requested to rebuild an instrument's book. */
        RESYNC_STARTED,
        /** The book is in sync again after a snapshot. */
        RESYNCED,
        /** A delta that arrived while the book was out of sync and was dropped. */
        DROPPED_OUT_OF_SYNC,
        /** The connection closed or failed and will be reopened. */
        DISCONNECTED,
        /** The connection is open (again). */
        CONNECTED,
        /** A REST snapshot request failed. */
        SNAPSHOT_FAILED,
        /** A book invariant broke after applying a message (crossed book). */
        CROSSED_BOOK,
        /** The venue's checksum of the top of the book disagrees with the local book: the book is resynced. */
        CHECKSUM_MISMATCH,
        /** No frame for longer than the venue's keepalive allows: the connection is reopened. */
        STALLED,
        /** The venue answered with an error (rejected subscription, unknown symbol). */
        VENUE_ERROR,
        /** A reconnect was postponed because the per-minute reconnect budget was spent. */
        RECONNECT_THROTTLED,
        /**
         * A book update the book already holds (a repeated frame): dropped, never a gap. Kinds are encoded by
         * their position (MarketEventCodec), so new ones go last.
         */
        DUPLICATE,
        /**
         * The source stopped passing an instrument's book without a gap to show for it (its connection closed,
         * stalled or was reopened): the book is exact up to this event's time and waits for a fresh snapshot.
         */
        SYNC_LOST,
        /**
         * The job is behind the network: frames received and not yet handled passed the source's queue capacity
         * (detail: how many and how old). The connection stays open; a source with a lag limit drops it itself past
         * that limit, with a DISCONNECTED row saying so.
         */
        FALLING_BEHIND;

        /**
         * Whether an event of this kind, tied to one instrument, means the source no longer vouches for its book:
         * the keyed book stops emitting rows as if in sync until the next snapshot.
         */
        public boolean losesSync() {
            return this == SEQUENCE_GAP || this == CHECKSUM_MISMATCH || this == CROSSED_BOOK
                    || this == RESYNC_STARTED || this == SYNC_LOST;
        }
    }

    public static String sampleOf(CharSequence frame) {
        if (frame == null) {
            return "";
        }
        return frame.length() <= MAX_SAMPLE_CHARS
                ? frame.toString()
                : frame.subSequence(0, MAX_SAMPLE_CHARS) + "…";
    }
}
