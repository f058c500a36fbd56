package io.orderflow.connector.websocket;

import io.orderflow.connector.websocket.reader.ReconnectPolicy;
import java.io.Serializable;

/**
 * How the source behaves; built and checked by {@link WebSocketSourceBuilder}.
 *
 * @param maxFramesPerConnection bounded mode: a connection's split finishes after this many frames (0 = no limit)
 * @param finishOnServerClose bounded mode: a normal close by the server (code 1000) finishes the split instead of
 *     reconnecting, so a replay ends by itself
 * @param reconnect backoff between connection attempts
 * @param queueCapacity frames buffered between the network threads and the fetcher; when full, the network
 *     thread waits (TCP back-pressure), so nothing is dropped
 * @param maxBufferedDeltas per instrument, while waiting for a snapshot
 * @param snapshotTimeout a requested snapshot that has not arrived after this long is requested again
 * @param stallTimeout overrides every venue's own stall limit when not null (tests, unusual networks)
 */
public record WebSocketSourceOptions(
        long maxFramesPerConnection,
        boolean finishOnServerClose,
        ReconnectPolicy reconnect,
        int queueCapacity,
        int maxBufferedDeltas,
        java.time.Duration snapshotTimeout,
        java.time.Duration stallTimeout)
        implements Serializable {

    public boolean bounded() {
        return maxFramesPerConnection > 0 || finishOnServerClose;
    }
}
