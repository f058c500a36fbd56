package io.orderflow.venue;

import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import java.util.ArrayDeque;

/**
 * Keeps one instrument's delta stream consistent with its snapshots, by the venue's {@link SequenceRule}: the
 * documented "manage a local order book" procedure, written once for every venue. Deltas that arrive before a
 * snapshot are buffered; when the snapshot comes, stale ones are dropped, the first remaining one must bridge
 * the snapshot, and the rest must chain. A broken chain emits a SEQUENCE_GAP event, discards the book and asks
 * for a fresh snapshot; nothing out of sequence is ever passed on. Plain Java, single-threaded, no I/O: the
 * caller performs the snapshot request it is asked for.
 */
public final class BookSynchronizer {

    /** What the synchronizer hands back to its owner. */
    public interface Listener {
        /** An event to pass downstream: a snapshot, a delta in sequence, or a data-quality event. */
        void emit(MarketEvent event);

        /** The book needs a fresh snapshot of this symbol (REST fetch or resubscribe). */
        void requestSnapshot(String symbol);
    }

    public enum State {
        /** No usable snapshot yet: deltas are buffered. */
        AWAITING_SNAPSHOT,
        /** A snapshot was passed on; the next delta must bridge it. */
        AWAITING_BRIDGE,
        /** Deltas chain; each is passed on. */
        IN_SYNC
    }

    private final String venue;
    private final String symbol;
    private final SequenceRule rule;
    private final int maxBuffered;
    private final Listener listener;
    private final ArrayDeque<BookDelta> buffer = new ArrayDeque<>();

    private State state = State.AWAITING_SNAPSHOT;
    private boolean snapshotRequested;
    private boolean hadSnapshot;
    /** A rebuild was asked for (gap, checksum, timeout): the next snapshot ends it with a RESYNCED event. */
    private boolean rebuilding;
    private long lastSequence;
    /** Venue time of the last snapshot or delta passed on: the book is known exact up to it. */
    private long lastPassedTimeMs;
    private long lastPassedReceivedNanos;
    private long gaps;
    private long resyncs;
    private long rebuilds;
    private long staleDropped;
    private long duplicates;

    private final boolean inStreamSnapshots;
    /** An untimed snapshot kept until the stream dates it (null when none). */
    private BookSnapshot undated;

    /** A synchronizer for a REST-snapshot venue (Binance's procedure). */
    public BookSynchronizer(String venue, String symbol, SequenceRule rule, int maxBuffered, Listener listener) {
        this(venue, symbol, rule, maxBuffered, listener, false);
    }

    /**
     * @param inStreamSnapshots the venue sends its snapshots on the same connection as the deltas (OKX, Kraken,
     *     Gemini): every delta received before a snapshot is then older than it, whatever its sequence says
     */
    public BookSynchronizer(String venue, String symbol, SequenceRule rule, int maxBuffered, Listener listener,
            boolean inStreamSnapshots) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be at least 1, got " + maxBuffered);
        }
        this.venue = venue;
        this.symbol = symbol;
        this.rule = rule;
        this.maxBuffered = maxBuffered;
        this.listener = listener;
        this.inStreamSnapshots = inStreamSnapshots;
    }

    public void onDelta(BookDelta delta) {
        switch (state) {
            case AWAITING_SNAPSHOT -> {
                if (buffer.size() == maxBuffered) {
                    buffer.removeFirst(); // the snapshot will then fail to bridge and be fetched again
                }
                buffer.addLast(delta);
                requestSnapshotOnce(delta, "first delta with no snapshot");
            }
            case AWAITING_BRIDGE, IN_SYNC -> {
                switch (rule.link(lastSequence, state == State.AWAITING_BRIDGE, delta)) {
                    case STALE -> {
                        staleDropped++;
                        if (undated != null && delta.lastSequence() == lastSequence) {
                            passUndated(delta.exchangeTimeMs());
                        }
                    }
                    case BRIDGES -> {
                        if (undated != null) {
                            passUndated(delta.exchangeTimeMs());
                            if (state != State.AWAITING_BRIDGE) {
                                return; // refused (crossed): a new snapshot is on its way
                            }
                        }
                        pass(delta);
                    }
                    case FOLLOWS -> pass(delta);
                    case REPEAT -> {
                        // a duplicated or replayed frame: already in the book, so not a gap (a resync would cost
                        // a snapshot and a hole), but counted where users look
                        duplicates++;
                        listener.emit(quality(delta, DataQualityEvent.Kind.DUPLICATE, "delta " + describe(delta)
                                + " repeats what the book at " + lastSequence + " holds: dropped"));
                    }
                    case BREAKS -> {
                        if (state == State.AWAITING_BRIDGE) {
                            undated = null;
                            gap(delta, "first delta " + describe(delta) + " does not bridge snapshot "
                                    + lastSequence);
                        } else {
                            gap(delta, "delta " + describe(delta) + " does not follow " + lastSequence);
                        }
                    }
                }
            }
        }
    }

    public void onSnapshot(BookSnapshot snapshot) {
        onSnapshot(snapshot, true);
    }

    /**
     * @param timed whether the snapshot carries the venue's own time. One that does not (Binance spot's REST
     *     snapshot) is dated by the stream: at the time of the delta ending exactly at its update id if one was
     *     seen (the book it shows is the book right after that delta), else at the time of the first delta that
     *     bridges it (its book held until then; no earlier time is known, and an earlier guess would date a later
     *     book into seconds it did not exist in). It is passed on only once dated.
     */
    public void onSnapshot(BookSnapshot snapshot, boolean timed) {
        snapshotRequested = false;
        undated = null;
        long l = snapshot.sequence();
        // A snapshot is never older than the deltas it already contains: Binance spot's REST snapshot has no
        // timestamp and carries the receive time, which must not put it behind the venue's clock.
        // Nor newer than the first delta that comes after it, or event time would run backwards.
        long containedTime = snapshot.exchangeTimeMs();
        long nextTime = Long.MAX_VALUE;
        for (BookDelta d : buffer) {
            if (inStreamSnapshots || rule.isStale(l, d)) {
                containedTime = Math.max(containedTime, d.exchangeTimeMs());
            } else if (nextTime == Long.MAX_VALUE) {
                nextTime = d.exchangeTimeMs();
            }
        }
        containedTime = Math.min(containedTime, nextTime);
        if (containedTime != snapshot.exchangeTimeMs()) {
            snapshot = new BookSnapshot(snapshot.venue(), snapshot.symbol(), containedTime,
                    snapshot.receivedAtNanos(), snapshot.sequence(), snapshot.bids(), snapshot.asks());
        }
        if (inStreamSnapshots) {
            staleDropped += buffer.size(); // they came before the snapshot on the same connection
            buffer.clear();
        }
        long endsAtIt = MarketEvent.NO_VENUE_TIME;
        while (!buffer.isEmpty() && rule.isStale(l, buffer.peekFirst())) {
            BookDelta stale = buffer.removeFirst();
            if (stale.lastSequence() == l) {
                endsAtIt = stale.exchangeTimeMs();
            }
            staleDropped++;
        }
        if (!buffer.isEmpty() && !rule.bridges(l, buffer.peekFirst())) {
            // The snapshot is older than what we buffered (docs: "if lastUpdateId < U, get a new snapshot").
            state = State.AWAITING_SNAPSHOT;
            requestSnapshotOnce(snapshot, "snapshot " + l + " is older than buffered delta "
                    + describe(buffer.peekFirst()));
            return;
        }
        hadSnapshot = true;
        lastSequence = l;
        state = State.AWAITING_BRIDGE;
        if (!timed) {
            long dated = endsAtIt != MarketEvent.NO_VENUE_TIME ? endsAtIt
                    : buffer.isEmpty() ? MarketEvent.NO_VENUE_TIME : buffer.peekFirst().exchangeTimeMs();
            if (dated == MarketEvent.NO_VENUE_TIME) {
                undated = snapshot; // the stream dates it (onDelta)
                return;
            }
            snapshot = (BookSnapshot) MarketEvent.atVenueTime(snapshot, dated);
        }
        passSnapshot(snapshot);
        while (!buffer.isEmpty() && state != State.AWAITING_SNAPSHOT) {
            onDelta(buffer.removeFirst());
        }
    }

    private void passSnapshot(BookSnapshot snapshot) {
        boolean wasResync = rebuilding;
        rebuilding = false;
        lastPassedTimeMs = snapshot.exchangeTimeMs();
        lastPassedReceivedNanos = snapshot.receivedAtNanos();
        listener.emit(snapshot);
        if (state == State.AWAITING_SNAPSHOT) {
            return; // the owner refused it (a crossed snapshot) and asked for another
        }
        if (wasResync) {
            listener.emit(quality(snapshot, DataQualityEvent.Kind.RESYNCED, "book rebuilt from snapshot "
                    + snapshot.sequence()));
        }
    }

    /** Passes on the untimed snapshot waiting for a date, dated by a delta of the stream. */
    private void passUndated(long timeMs) {
        BookSnapshot s = (BookSnapshot) MarketEvent.atVenueTime(undated, timeMs);
        undated = null;
        passSnapshot(s);
    }

    /**
     * A snapshot is on its way without being asked for (a stream venue sends the book right after subscribing):
     * deltas are buffered and no request is made until it arrives or the owner gives up on it.
     */
    public void snapshotComing() {
        syncLost("a new subscription brings a fresh book");
        undated = null;
        state = State.AWAITING_SNAPSHOT;
        buffer.clear();
        snapshotRequested = true;
    }

    /** Asks again for a snapshot that failed or never came (the owner applies its backoff). */
    public void retrySnapshot(MarketEvent cause) {
        if (state == State.AWAITING_SNAPSHOT && !snapshotRequested) {
            requestSnapshotOnce(cause, "retrying the snapshot");
        }
    }

    /**
     * Something only the decoder could see (a checksum mismatch) says the book is wrong: drop it and ask for a
     * fresh snapshot, exactly as for a sequence gap.
     */
    public void invalidate(MarketEvent cause, String reason) {
        if (state == State.AWAITING_SNAPSHOT) {
            return; // already rebuilding
        }
        gaps++;
        state = State.AWAITING_SNAPSHOT;
        undated = null;
        buffer.clear();
        requestSnapshotOnce(cause, "resync: " + reason);
    }

    /**
     * The snapshot asked for could not be had (HTTP error, undecodable body). The next delta asks again; the owner
     * spaces those requests out with its backoff.
     */
    public void onSnapshotFailed(String reason, long receivedAtNanos) {
        snapshotRequested = false;
        listener.emit(new DataQualityEvent(venue, symbol, receivedAtNanos / 1_000_000, receivedAtNanos,
                DataQualityEvent.Kind.SNAPSHOT_FAILED, reason, ""));
    }

    /**
     * Forgets the buffered deltas (the connection was lost): the next deltas wait for a new snapshot. A snapshot
     * request already in flight stays counted as such, so reconnects do not cause request storms.
     */
    public void reset() {
        syncLost("connection lost: the book waits for a fresh snapshot");
        undated = null;
        buffer.clear();
        state = State.AWAITING_SNAPSHOT;
    }

    /**
     * Tells downstream, on the instrument's own key, that nothing more of this book will come until a snapshot:
     * without it the keyed book would take the silence for a quiet market and keep writing the old book.
     */
    private void syncLost(String why) {
        if (state != State.AWAITING_SNAPSHOT && undated == null) {
            listener.emit(new DataQualityEvent(venue, symbol, lastPassedTimeMs, lastPassedReceivedNanos,
                    DataQualityEvent.Kind.SYNC_LOST, why + " (exact up to update " + lastSequence + ")", ""));
        }
    }

    private void pass(BookDelta delta) {
        lastSequence = delta.lastSequence();
        lastPassedTimeMs = delta.exchangeTimeMs();
        lastPassedReceivedNanos = delta.receivedAtNanos();
        state = State.IN_SYNC;
        listener.emit(delta);
    }

    private void gap(BookDelta delta, String detail) {
        gaps++;
        listener.emit(quality(delta, DataQualityEvent.Kind.SEQUENCE_GAP, detail));
        state = State.AWAITING_SNAPSHOT;
        buffer.clear();
        buffer.addLast(delta);
        requestSnapshotOnce(delta, "resync after gap");
    }

    private void requestSnapshotOnce(MarketEvent cause, String why) {
        if (snapshotRequested) {
            return;
        }
        snapshotRequested = true;
        resyncs++;
        if (hadSnapshot) { // the initial sync is not a data-quality event; a rebuild is
            rebuilds++;
            rebuilding = true;
            listener.emit(quality(cause, DataQualityEvent.Kind.RESYNC_STARTED, why));
        }
        listener.requestSnapshot(symbol);
    }

    private DataQualityEvent quality(MarketEvent cause, DataQualityEvent.Kind kind, String detail) {
        return new DataQualityEvent(
                venue, symbol, cause.exchangeTimeMs(), cause.receivedAtNanos(), kind, detail, "");
    }

    private static String describe(BookDelta d) {
        return d.previousSequence() == BookDelta.NO_SEQUENCE
                ? "[" + d.firstSequence() + ".." + d.lastSequence() + "]"
                : "[" + d.firstSequence() + ".." + d.lastSequence() + " prev " + d.previousSequence() + "]";
    }

    public State state() {
        return state;
    }

    /** True while a requested snapshot has not arrived (nor failed). */
    public boolean snapshotPending() {
        return snapshotRequested;
    }

    public long lastSequence() {
        return lastSequence;
    }

    /** Chain breaks seen (each led to a resync). */
    public long gaps() {
        return gaps;
    }

    /** Snapshots requested, the first one included. */
    public long snapshotRequests() {
        return resyncs;
    }

    /** Snapshots requested to rebuild a book that was in sync before (gaps, checksum mismatches). */
    public long rebuilds() {
        return rebuilds;
    }

    /** Deltas dropped before or at a snapshot because the snapshot already contained them. */
    public long staleDropped() {
        return staleDropped;
    }

    /** Deltas dropped once in sync because the book already held them (each with a DUPLICATE event). */
    public long duplicates() {
        return duplicates;
    }
}
