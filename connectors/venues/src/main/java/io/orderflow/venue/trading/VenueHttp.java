package io.orderflow.venue.trading;

import java.time.Duration;
import okhttp3.OkHttpClient;

/** The HTTP client order entry uses: a whole-call timeout, and no silent retries (a retry could place twice). */
public final class VenueHttp {
    private VenueHttp() {}

    public static OkHttpClient client(Duration requestTimeout) {
        return new OkHttpClient.Builder().callTimeout(requestTimeout).retryOnConnectionFailure(false).build();
    }

    /**
     * For a private WebSocket (and the REST calls that open it): no read timeout, since a quiet account sends
     * nothing for long stretches; the stream's own keepalive notices a dead connection.
     */
    public static OkHttpClient webSocketClient(Duration connectTimeout) {
        return new OkHttpClient.Builder().connectTimeout(connectTimeout).readTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false).build();
    }

    public static void close(OkHttpClient http) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /**
     * A public GET (no key, no signature): instruments, server time. Throws with the status and the start of the
     * venue's answer when it is not 200, so a start-up failure says what the venue said.
     */
    public static String publicGet(OkHttpClient http, String url) {
        try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url).get().build()).execute()) {
            String body = r.body().string();
            if (r.code() != 200) {
                throw new IllegalStateException("GET " + url + " answered HTTP " + r.code() + ": "
                        + body.substring(0, Math.min(200, body.length())));
            }
            return body;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + describe(e), e);
        }
    }

    /** What went wrong, for a lost answer (never the request, which carries the key). */
    public static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
