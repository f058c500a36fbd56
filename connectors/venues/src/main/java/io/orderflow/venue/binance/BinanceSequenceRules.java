package io.orderflow.venue.binance;

import io.orderflow.model.BookDelta;
import io.orderflow.venue.SequenceRule;

/** Binance's documented "manage a local order book correctly" rules (GUIDE §5, ../shared/data/binance). */
final class BinanceSequenceRules {
    private BinanceSequenceRules() {}

    /**
     * Spot: drop {@code u <= lastUpdateId}; the first event has {@code U <= lastUpdateId+1 <= u} (the form every
     * recorded sync satisfies; the 2024 wording "lastUpdateId within [U;u]" would wrongly reject real data);
     * then each {@code U == previous u + 1}.
     */
    static final SequenceRule SPOT = new SequenceRule() {
        @Override
        public boolean isStale(long bookSequence, BookDelta d) {
            return d.lastSequence() <= bookSequence;
        }

        @Override
        public boolean bridges(long snapshotSequence, BookDelta d) {
            return d.firstSequence() <= snapshotSequence + 1 && snapshotSequence + 1 <= d.lastSequence();
        }

        @Override
        public boolean follows(long lastSequence, BookDelta d) {
            return d.firstSequence() == lastSequence + 1;
        }
    };

    /**
     * USD-M and COIN-M futures: drop {@code u < lastUpdateId}; the first event has {@code U <= lastUpdateId <= u};
     * then each {@code pu == previous u} (update ids are shared across symbols, so U itself jumps).
     */
    static final SequenceRule FUTURES = new SequenceRule() {
        @Override
        public boolean isStale(long bookSequence, BookDelta d) {
            return d.lastSequence() < bookSequence;
        }

        @Override
        public boolean bridges(long snapshotSequence, BookDelta d) {
            return d.firstSequence() <= snapshotSequence && snapshotSequence <= d.lastSequence();
        }

        @Override
        public boolean follows(long lastSequence, BookDelta d) {
            return d.previousSequence() == lastSequence;
        }

        /** Update ids only grow: once applied, an event whose u is at or below the book's is a repeat. */
        @Override
        public boolean isRepeat(long lastSequence, BookDelta d) {
            return d.lastSequence() <= lastSequence;
        }
    };
}
