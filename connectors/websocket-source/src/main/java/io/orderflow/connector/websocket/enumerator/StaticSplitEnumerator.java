package io.orderflow.connector.websocket.enumerator;

import io.orderflow.connector.websocket.split.WebSocketSplit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands out a fixed set of connections (one split each) round-robin to the readers as they register. Splits a
 * failed reader gives back are reassigned. In bounded mode every reader is told there will be no more splits, so
 * it finishes once its own are done.
 */
public final class StaticSplitEnumerator implements SplitEnumerator<WebSocketSplit, List<WebSocketSplit>> {
    private final SplitEnumeratorContext<WebSocketSplit> context;
    private final List<WebSocketSplit> unassigned;
    private final boolean bounded;

    public StaticSplitEnumerator(SplitEnumeratorContext<WebSocketSplit> context, List<WebSocketSplit> unassigned,
            boolean bounded) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
        this.bounded = bounded;
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
            if (Math.floorMod(s.splitId().hashCode(), parallelism) == subtaskId) {
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
