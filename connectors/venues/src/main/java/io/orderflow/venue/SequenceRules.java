package io.orderflow.venue;

import io.orderflow.model.BookDelta;
import java.util.ArrayList;
import java.util.List;

/** The sequence rules several venues share, and the per-connection split of a symbol list. */
public final class SequenceRules {
    private SequenceRules() {}

    /**
     * Each delta names the id of the one before it ({@code previousSequence}): it must equal the last id applied
     * (the snapshot's, for the first delta). With {@code orderedIds}, ids only grow, so an id at or below the book's
     * is a repeat (WOO X's ts, Gemini's local numbering); without, ids may restart (OKX's seqId after maintenance),
     * so only an exact repeat of the last message is stale.
     */
    public static SequenceRule previousIdChain(boolean orderedIds) {
        return new SequenceRule() {
            @Override
            public boolean isStale(long bookSequence, BookDelta d) {
                return orderedIds
                        ? d.lastSequence() <= bookSequence
                        : d.lastSequence() == bookSequence && d.previousSequence() != bookSequence;
            }

            @Override
            public boolean bridges(long snapshotSequence, BookDelta d) {
                return d.previousSequence() == snapshotSequence;
            }

            @Override
            public boolean follows(long lastSequence, BookDelta d) {
                return d.previousSequence() == lastSequence;
            }
        };
    }

    /** Ids step by exactly one: snapshot S, then S+1, S+2, ... (Kraken Futures' seq per product). */
    public static SequenceRule stepByOne() {
        return new SequenceRule() {
            @Override
            public boolean isStale(long bookSequence, BookDelta d) {
                return d.lastSequence() <= bookSequence;
            }

            @Override
            public boolean bridges(long snapshotSequence, BookDelta d) {
                return d.firstSequence() == snapshotSequence + 1;
            }

            @Override
            public boolean follows(long lastSequence, BookDelta d) {
                return d.firstSequence() == lastSequence + 1;
            }
        };
    }

    /** Snapshots only: no delta is ever in sequence (a gateway that sends the whole book each time). */
    public static SequenceRule snapshotsOnly() {
        return new SequenceRule() {
            @Override
            public boolean isStale(long bookSequence, BookDelta d) {
                return false;
            }

            @Override
            public boolean bridges(long snapshotSequence, BookDelta d) {
                return false;
            }

            @Override
            public boolean follows(long lastSequence, BookDelta d) {
                return false;
            }
        };
    }

    /** Splits symbols into consecutive groups of at most {@code perConnection}, one per connection. */
    public static List<List<String>> perConnection(List<String> symbols, int perConnection) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < symbols.size(); from += perConnection) {
            out.add(List.copyOf(symbols.subList(from, Math.min(symbols.size(), from + perConnection))));
        }
        return out;
    }
}
