package io.orderflow.connector.websocket.session;

/**
 * What the network threads and timers hand to the fetcher thread. Everything that touches books or sync state
 * happens on the fetcher thread, in arrival order, so no locks are needed there.
 */
public sealed interface Inbound {
    /** An item for one split's session. */
    sealed interface ForSplit extends Inbound {
        String splitId();
    }

    record Frame(String splitId, long generation, String text, long receivedAtNanos) implements ForSplit {}

    record Opened(String splitId, long generation, long atNanos) implements ForSplit {}

    record Closed(String splitId, long generation, int code, String reason, boolean failure, long atNanos)
            implements ForSplit {}

    record SnapshotBody(String splitId, String symbol, String body, String error, long receivedAtNanos)
            implements ForSplit {}

    record Reconnect(String splitId) implements ForSplit {}

    /** A delayed snapshot request is due (after failures, with backoff). */
    record SnapshotDue(String splitId, String symbol) implements ForSplit {}

    /** Periodic, for every session: stall detection and snapshot timeouts. */
    record Tick(long atNanos) implements Inbound {}

    /** Unblocks a waiting fetch(). */
    record Wake() implements Inbound {}
}
