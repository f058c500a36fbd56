package io.orderflow.connector.websocket.session;

import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** The transport on OkHttp: one client (one dispatcher, one connection pool) for every session of a reader. */
public final class OkHttpTransport implements Transport {
    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ZERO) // WebSockets stay open; silence is the stall detector's business
            .callTimeout(Duration.ZERO)
            .build();

    @Override
    public Socket open(String url, Duration pingInterval, SocketListener listener) {
        OkHttpClient client = pingInterval.isZero() ? http : http.newBuilder().pingInterval(pingInterval).build();
        return new OkSocket(client.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                listener.onOpen(new OkSocket(webSocket));
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                listener.onMessage(new OkSocket(webSocket), text);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null); // complete the handshake the server started
                listener.onClosing(new OkSocket(webSocket), code, reason);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                listener.onFailure(new OkSocket(webSocket), t);
            }
        }));
    }

    @Override
    public void get(String url, ResponseHandler handler) {
        http.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                handler.onFailure(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    handler.onResponse(response.code(), response.body().string());
                } catch (IOException e) {
                    handler.onFailure(e);
                }
            }
        });
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private record OkSocket(WebSocket socket) implements Socket {
        @Override
        public boolean send(String text) {
            return socket.send(text);
        }

        @Override
        public void close(int code, String reason) {
            socket.close(code, reason);
        }

        @Override
        public void cancel() {
            socket.cancel();
        }
    }
}
