package io.orderflow.connector.websocket.session;

import java.time.Duration;

/**
 * The network as a venue session sees it: WebSocket connections and REST GETs. Callbacks run on the transport's
 * own threads; the session only enqueues what they bring ({@link InboundQueue}) and handles it on the fetcher
 * thread. {@link OkHttpTransport} is the real one; tests pass one they drive by hand.
 */
public interface Transport extends AutoCloseable {

    /** Opens a WebSocket; {@code pingInterval} zero sends no protocol pings (the venue pings, or pings in text). */
    Socket open(String url, Duration pingInterval, SocketListener listener);

    /** An HTTP GET whose outcome arrives on {@code handler}. */
    void get(String url, ResponseHandler handler);

    @Override
    void close();

    /** One open (or opening) WebSocket. Every method may be called from any thread. */
    interface Socket {
        /** Queues a text frame; false when the socket is closed or closing. */
        boolean send(String text);

        /** A normal close handshake. */
        void close(int code, String reason);

        /** Drops the connection at once, without a handshake. */
        void cancel();
    }

    /** What a WebSocket reports, on the transport's thread. */
    interface SocketListener {
        void onOpen(Socket socket);

        void onMessage(Socket socket, String text);

        /** The server started a close handshake. */
        void onClosing(Socket socket, int code, String reason);

        /** The connection failed (refused, reset, handshake rejected). */
        void onFailure(Socket socket, Throwable failure);
    }

    /** The outcome of a GET: any status with its body, or a failure to get one. */
    interface ResponseHandler {
        void onResponse(int status, String body);

        void onFailure(Exception failure);
    }
}
