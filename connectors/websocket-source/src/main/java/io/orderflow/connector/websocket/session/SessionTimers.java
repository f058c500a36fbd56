package io.orderflow.connector.websocket.session;

/** Delivers an item to the fetcher's queue later: reconnects and snapshot requests after their backoff. */
@FunctionalInterface
public interface SessionTimers {
    void schedule(Inbound item, long delayMs);
}
