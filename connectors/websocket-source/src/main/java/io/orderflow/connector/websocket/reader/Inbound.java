package io.orderflow.connector.websocket.reader;

/**
 * What the network threads hand to the fetcher thread. Everything that touches books or sync state happens on
 * the fetcher thread, in arrival order, so no locks are needed there.
 */
sealed interface Inbound {
    record Frame(String splitId, long generation, String text, long receivedAtNanos) implements Inbound {}

    record Opened(String splitId, long generation, long atNanos) implements Inbound {}

    record Closed(String splitId, long generation, int code, String reason, boolean failure, long atNanos)
            implements Inbound {}

    record SnapshotBody(String splitId, String symbol, String body, String error, long receivedAtNanos)
            implements Inbound {}

    record Reconnect(String splitId) implements Inbound {}

    /** Periodic: stall detection, keepalive pings, snapshot timeouts. */
    record Tick(long atNanos) implements Inbound {}

    /** A delayed snapshot request is due (after failures, with backoff). */
    record SnapshotDue(String splitId, String symbol) implements Inbound {}

    /** Unblocks a waiting fetch(). */
    record Wake() implements Inbound {}
}
