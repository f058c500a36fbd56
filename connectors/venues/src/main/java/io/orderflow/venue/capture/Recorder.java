package io.orderflow.venue.capture;

import io.orderflow.model.MarketEvent;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Records a venue's live frames in cryptofeed's raw format ({@link CaptureLine}), so users can build their own
 * replay sets: a connect line, each sent subscription, every received frame with its receive time, and, for
 * venues whose books start from REST, the snapshot of each symbol fetched after its first frame (as the live
 * source does). One file per connection, because decoders keep per-connection state (Gemini v1's
 * socket_sequence): {@code out} for the first, {@code out.1}, {@code out.2}, ... for the others. The recorder
 * answers the venue's pings and sends its keepalive, so long recordings are not dropped.
 */
public final class Recorder implements AutoCloseable {
    private final Venue venue;
    private final VenueEndpoints endpoints;
    private final List<Venue.Subscription> subscriptions;
    private final List<Path> files = new ArrayList<>();
    private final List<BufferedWriter> writers = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final OkHttpClient http;
    private final ScheduledExecutorService pinger;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private volatile boolean closed;
    private volatile String failure; // the first connection that failed, and why

    public Recorder(Venue venue, VenueEndpoints endpoints, List<String> symbols, Path out) {
        this.venue = venue;
        this.endpoints = endpoints;
        this.subscriptions = venue.subscriptions(endpoints, symbols);
        Venue.KeepAlive keepAlive = venue.keepAlive();
        OkHttpClient.Builder b = new OkHttpClient.Builder().readTimeout(Duration.ZERO);
        if (!keepAlive.webSocketPingInterval().isZero()) {
            b.pingInterval(keepAlive.webSocketPingInterval());
        }
        this.http = b.build();
        this.pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recorder-keepalive");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < subscriptions.size(); i++) {
            files.add(i == 0 ? out : out.resolveSibling(out.getFileName() + "." + i));
        }
    }

    /** The files being written, one per connection. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    public long linesWritten() {
        return lines.get();
    }

    /**
     * Why a connection failed (the first one to), e.g. "ws://host:1/ws: Connection refused"; null while every
     * connection holds. The endpoint is named without its query (it may carry a listen key).
     */
    public String failure() {
        return failure;
    }

    /** REST snapshots written (venues whose books start from REST). */
    public long snapshotsWritten() {
        return snapshots.get();
    }

    public void start() throws IOException {
        for (int i = 0; i < subscriptions.size(); i++) {
            Venue.Subscription sub = subscriptions.get(i);
            BufferedWriter w = Files.newBufferedWriter(files.get(i), StandardCharsets.UTF_8);
            writers.add(w);
            FrameDecoder decoder = venue.newDecoder(sub);
            Set<String> snapshotted = new HashSet<>();
            WebSocket socket = http.newWebSocket(new Request.Builder().url(sub.url()).build(), new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws, Response response) {
                    write(w, new CaptureLine(seconds(), sub.url(), null, true).format());
                    for (String m : sub.subscribeMessages()) {
                        ws.send(m);
                        write(w, CaptureLine.sent(sub.url(), seconds(), m));
                    }
                }

                @Override
                public void onFailure(WebSocket ws, Throwable t, Response response) {
                    if (failure == null && !closed) {
                        String url = sub.url().replaceFirst("\\?.*", "");
                        failure = url + ": " + (t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName())
                                + (response != null ? " (HTTP " + response.code() + ")" : "");
                    }
                }

                @Override
                public void onMessage(WebSocket ws, String text) {
                    String reply = venue.autoReply(text);
                    if (reply != null) {
                        ws.send(reply);
                    }
                    write(w, new CaptureLine(seconds(), null, text).format());
                    if (venue.needsRestSnapshot()) {
                        List<MarketEvent> events = new ArrayList<>();
                        decoder.decode(text, 0, events::add);
                        for (MarketEvent e : events) {
                            // a book's first delta asks for its snapshot (a trades-only connection never does)
                            if (e instanceof io.orderflow.model.BookDelta && sub.symbols().contains(e.symbol())
                                    && snapshotted.add(e.symbol())) {
                                fetchSnapshot(w, e.symbol());
                            }
                        }
                    }
                }
            });
            sockets.add(socket);
            String textPing = venue.keepAlive().textPing();
            if (textPing != null) {
                long every = venue.keepAlive().textPingInterval().toMillis();
                pinger.scheduleAtFixedRate(() -> socket.send(textPing), every, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void fetchSnapshot(BufferedWriter w, String symbol) {
        String url = venue.snapshotUrl(endpoints, symbol);
        http.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {}

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    if (response.isSuccessful()) {
                        write(w, new CaptureLine(seconds(), url, response.body().string().replace('\n', ' ')).format());
                        snapshots.incrementAndGet();
                    }
                } catch (IOException e) {
                    // a lost snapshot only means the replay fetches none for this symbol
                }
            }
        });
    }

    private void write(BufferedWriter w, String line) {
        synchronized (w) {
            if (closed) {
                return; // a frame or snapshot that arrived while closing
            }
            try {
                w.write(line);
                w.newLine();
                lines.incrementAndGet();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the recording", e);
            }
        }
    }

    private static double seconds() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    @Override
    public void close() throws IOException {
        pinger.shutdownNow();
        for (BufferedWriter w : writers) {
            synchronized (w) {
                closed = true;
            }
        }
        for (WebSocket s : sockets) {
            s.close(1000, "recording finished");
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        for (BufferedWriter w : writers) {
            synchronized (w) {
                w.close();
            }
        }
    }
}
