package io.orderflow.venue.trading;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue's private WebSocket of the account's order updates and fills: connect, authenticate the venue's way,
 * subscribe, keep alive, and reconnect with backoff when the connection drops. {@link #live()} is true only while
 * the stream is authenticated and subscribed: until then, and after a drop, the caller polls REST instead
 * ({@link OrderEventFeed}). Subclasses speak one venue's protocol; nothing they log carries a key or a signature.
 */
public abstract class OrderEventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderEventStream.class);

    protected final OkHttpClient http;
    private final String name;
    private final ScheduledExecutorService timer;
    private volatile Consumer<OrderEvent> sink;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile WebSocket socket;
    private ScheduledFuture<?> keepAlive;
    private int failures;

    protected OrderEventStream(String name, OkHttpClient http) {
        this.name = name;
        this.http = http;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-private-stream");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (and reconnects until closed), handing every order event to {@code events}. */
    public void start(Consumer<OrderEvent> events) {
        this.sink = events;
        timer.execute(this::connect);
    }

    /** Authenticated and subscribed right now. */
    public boolean live() {
        return live && !closed;
    }

    /** The URL to open; may ask the venue first (Binance's listen key). */
    protected abstract String url() throws IOException;

    /** Just opened: send what the venue wants first (login, challenge, subscriptions). */
    protected abstract void opened(WebSocket ws);

    /** One text frame. */
    protected abstract void received(WebSocket ws, String text);

    /** How often to send {@link #ping}; 0 for never. */
    protected long pingIntervalMs() {
        return 0;
    }

    protected void ping(WebSocket ws) {}

    /** The stream is authenticated and subscribed: events flow from now on. */
    protected final void markLive() {
        if (!live) {
            live = true;
            failures = 0;
            LOG.info("{}: private stream live", name);
        }
    }

    protected final void emit(OrderEvent event) {
        Consumer<OrderEvent> s = sink;
        if (s != null) {
            s.accept(event);
        }
    }

    /** Drops the connection (auth refused, key expired): reconnects after a backoff unless closed. */
    protected final void restart(String why) {
        LOG.warn("{}: private stream restarting: {}", name, why);
        WebSocket ws = socket;
        if (ws != null) {
            ws.cancel();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        String url;
        try {
            url = url();
        } catch (IOException | RuntimeException e) {
            retryLater("cannot open: " + VenueHttp.describe(e));
            return;
        }
        socket = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                opened(ws);
                long every = pingIntervalMs();
                if (every > 0) {
                    keepAlive = timer.scheduleAtFixedRate(() -> ping(ws), every, every, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                try {
                    received(ws, text);
                } catch (RuntimeException e) {
                    LOG.warn("{}: private stream message not understood ({}); skipped", name,
                            e.getClass().getSimpleName());
                }
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                ws.close(1000, null);
                dropped("closed by the venue (" + code + ")");
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                dropped("connection failed: " + VenueHttp.describe(t));
            }
        });
    }

    private void dropped(String why) {
        live = false;
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        retryLater(why);
    }

    private void retryLater(String why) {
        if (closed) {
            return;
        }
        long wait = Backoff.exponential(200, Math.min(failures++, 8));
        LOG.warn("{}: private stream down ({}); REST polling covers it; reconnecting in {} ms", name, why, wait);
        timer.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        live = false;
        WebSocket ws = socket;
        if (ws != null) {
            ws.close(1000, "closing");
        }
        timer.shutdownNow();
    }
}
