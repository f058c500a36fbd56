package io.orderflow.connector.websocket.session;

import java.io.Serializable;

/**
 * How the source behaves; built and checked by {@link io.orderflow.connector.websocket.WebSocketSourceBuilder}.
 *
 * @param maxFramesPerConnection bounded mode: a connection's split finishes after this many frames (0 = no limit)
 * @param finishOnServerClose bounded mode: a normal close by the server (code 1000) finishes the split instead of
 *     reconnecting, so a replay ends by itself
 * @param reconnect backoff between connection attempts
 * @param queueCapacity frames waiting between the network threads and the fetcher past which the source reports
 *     FALLING_BEHIND; the network threads never wait on the job, whatever the backlog (a thread that waits cannot
 *     answer the venue's pings, and the venue drops the connection as if the network had failed)
 * @param maxBufferedDeltas per instrument, while waiting for a snapshot
 * @param snapshotTimeout a requested snapshot that has not arrived after this long is requested again
 * @param stallTimeout overrides every venue's own stall limit when not null (tests, unusual networks)
 * @param maxLag when not null, a connection whose oldest unhandled frame is older than this is dropped by the
 *     source itself (saying so), what it received is still handled, and it reconnects with fresh books; null never
 *     drops (a bounded replay, whose server ends it anyway)
 */
public record WebSocketSourceOptions(
        long maxFramesPerConnection,
        boolean finishOnServerClose,
        ReconnectPolicy reconnect,
        int queueCapacity,
        int maxBufferedDeltas,
        java.time.Duration snapshotTimeout,
        java.time.Duration stallTimeout,
        java.time.Duration maxLag)
        implements Serializable {

    public boolean bounded() {
        return maxFramesPerConnection > 0 || finishOnServerClose;
    }
}
