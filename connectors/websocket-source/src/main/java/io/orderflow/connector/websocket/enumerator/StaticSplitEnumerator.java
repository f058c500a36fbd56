package io.orderflow.connector.websocket.enumerator;

import io.orderflow.connector.websocket.split.WebSocketSplit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands out a fixed set of connections (one split each) to the readers as they register: the i-th split in order of
 * id goes to reader i mod parallelism, so each split has one owner whatever the order readers register in, and no
 * reader is left without a split while another has two. Splits a failed reader gives back go back to it. In bounded
 * mode every reader is told there will be no more splits, so it finishes once its own are done.
 *
 * <p>Why balanced: a reader without a split finishes at once in bounded mode, and a finished reader's watermark is
 * the end of time; whenever every other reader is idle (a venue still connecting, or holding its feed), event time
 * downstream jumps to the end and stays there, and every later record is late. Owners by hash of the id left two
 * venues' splits on one of two readers about half the time.
 */
public final class StaticSplitEnumerator implements SplitEnumerator<WebSocketSplit, List<WebSocketSplit>> {
    private final SplitEnumeratorContext<WebSocketSplit> context;
    private final List<WebSocketSplit> unassigned;
    /** Every split's id, sorted: a split's place in it fixes its reader. */
    private final List<String> allSplitIds;
    private final boolean bounded;

    /**
     * @param unassigned the splits still to hand out (all of them at a fresh start; a checkpoint's on restore)
     * @param all every split of the source, assigned or not
     */
    public StaticSplitEnumerator(SplitEnumeratorContext<WebSocketSplit> context, List<WebSocketSplit> unassigned,
            List<WebSocketSplit> all, boolean bounded) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
        this.allSplitIds = all.stream().map(WebSocketSplit::splitId).sorted().toList();
        this.bounded = bounded;
    }

    /** The reader a split belongs to: its place among all splits by id, round-robin over the readers. */
    static int owner(String splitId, List<String> sortedIds, int parallelism) {
        int at = java.util.Collections.binarySearch(sortedIds, splitId);
        // a split not among those the source was built with (a checkpoint of another configuration): by its hash
        return Math.floorMod(at >= 0 ? at : splitId.hashCode(), parallelism);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<WebSocketSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        if (context.registeredReaders().containsKey(subtaskId)) {
            assign(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assign(subtaskId);
    }

    private void assign(int subtaskId) {
        int parallelism = context.currentParallelism();
        List<WebSocketSplit> mine = new ArrayList<>();
        for (WebSocketSplit s : new ArrayList<>(unassigned)) {
            if (owner(s.splitId(), allSplitIds, parallelism) == subtaskId) {
                mine.add(s);
                unassigned.remove(s);
            }
        }
        for (WebSocketSplit s : mine) {
            context.assignSplit(s, subtaskId);
        }
        if (bounded) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public List<WebSocketSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}
}
