package io.orderflow.job.book;

import io.orderflow.book.LadderOrderBook;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;

/**
 * One instrument's book as the keyed operator keeps it: the levels, where the chain stands, and the bookkeeping
 * for per-second snapshots and idle eviction. Plain Java; {@link BookStateCodec} is its explicit serializer.
 */
public final class BookState {
    public enum Sync {
        /**
         * No snapshot yet, a gap or cross was seen, or the source said sync was lost: nothing is emitted until the
         * next snapshot.
         */
        OUT_OF_SYNC,
        /** The book is exact: from a snapshot, and every delta since chained. */
        IN_SYNC
    }

    final LadderOrderBook book = new LadderOrderBook();
    Sync sync = Sync.OUT_OF_SYNC;
    /** True right after a snapshot: the next delta must bridge it (rather than follow a previous delta). */
    boolean awaitingBridge;
    long lastSequence;
    long lastEventTimeMs = Long.MIN_VALUE;
    /** The last second (epoch seconds) a top-N snapshot row was emitted for. */
    long lastTopSecond = Long.MIN_VALUE;
    /** Pending event-time timers, so they can be deleted on eviction (MIN_VALUE = none). */
    long secondTimer = Long.MIN_VALUE;
    long evictionTimer = Long.MIN_VALUE;
    /** Whether deltas were already reported as dropped in the current out-of-sync episode. */
    boolean dropReported;
    /** The apply order of the last message applied to this book (0: none since the state began). */
    long lastApplyOrder;

    public LadderOrderBook book() {
        return book;
    }

    public Sync sync() {
        return sync;
    }

    public long lastSequence() {
        return lastSequence;
    }

    /**
     * The next message's place in this instrument's apply order: its event time in microseconds, or one more than
     * the last message's when that is not larger. Strictly increasing while the state lives, and, since it tracks
     * event time, it keeps increasing for a book whose state was evicted after being idle and then started again.
     * (Sources admit event times in [2009, 2100) only, so the microseconds fit a long.)
     */
    long nextApplyOrder(long eventTimeMs) {
        lastApplyOrder = Math.max(lastApplyOrder + 1, eventTimeMs * 1000);
        return lastApplyOrder;
    }

    void replaceLevels(PriceLevels bids, PriceLevels asks) {
        book.replace(bids, asks);
    }

    void apply(PriceLevels bids, PriceLevels asks) {
        book.apply(Side.BUY, bids);
        book.apply(Side.SELL, asks);
    }
}
