package io.orderflow.connector.websocket.reader;

import io.orderflow.connector.websocket.WebSocketSourceOptions;
import io.orderflow.connector.websocket.split.WebSocketSplit;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.venue.BookSynchronizer;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the WebSocket connections of the splits assigned to one reader. OkHttp's listener threads only enqueue
 * what they receive (frames, opens, closes, REST snapshot bodies) into one bounded queue; {@link #fetch()} drains
 * it on the fetcher thread, decodes frames with the venue's codec, runs each instrument's
 * {@link BookSynchronizer}, and issues the REST snapshot requests the synchronizers ask for. {@link #wakeUp()}
 * unblocks a waiting fetch by enqueuing a marker. A closed or failed connection is reopened after the
 * {@link ReconnectPolicy}'s backoff, and every book on it resyncs from a fresh snapshot.
 */
public final class WebSocketSplitReader implements SplitReader<MarketEvent, WebSocketSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSplitReader.class);
    private static final int MAX_ITEMS_PER_FETCH = 2_000;

    private final WebSocketSourceOptions options;
    private final BlockingQueue<Inbound> inbound;
    private final Map<String, Connection> connections = new HashMap<>();
    private final OkHttpClient http;
    private final ScheduledExecutorService timers;
    private RecordsBySplits.Builder<MarketEvent> batch;
    private final List<String> finishedInBatch = new ArrayList<>();

    public WebSocketSplitReader(WebSocketSourceOptions options) {
        this.options = options;
        this.inbound = new ArrayBlockingQueue<>(options.queueCapacity());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ZERO) // WebSockets stay open; stalls are the venue keepalive's business
                .callTimeout(Duration.ZERO)
                .build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "websocket-source-timers");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void handleSplitsChanges(SplitsChange<WebSocketSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported splits change " + change.getClass().getName());
        }
        for (WebSocketSplit split : change.splits()) {
            Connection c = new Connection(split);
            connections.put(split.splitId(), c);
            c.open();
        }
    }

    @Override
    public RecordsWithSplitIds<MarketEvent> fetch() throws IOException {
        batch = new RecordsBySplits.Builder<>();
        finishedInBatch.clear();
        try {
            Inbound item = inbound.poll(500, TimeUnit.MILLISECONDS);
            int n = 0;
            while (item != null) {
                handle(item);
                if (++n >= MAX_ITEMS_PER_FETCH) {
                    break;
                }
                item = inbound.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for frames", e);
        }
        batch.addFinishedSplits(finishedInBatch);
        RecordsBySplits<MarketEvent> out = batch.build();
        batch = null;
        return out;
    }

    private void handle(Inbound item) {
        if (item instanceof Inbound.Wake) {
            return;
        }
        if (item instanceof Inbound.Reconnect r) {
            Connection c = connections.get(r.splitId());
            if (c != null && !c.finished) {
                c.open();
            }
            return;
        }
        String splitId = splitIdOf(item);
        Connection c = connections.get(splitId);
        if (c == null || c.finished) {
            return;
        }
        if (item instanceof Inbound.Frame f) {
            if (f.generation() == c.generation) {
                c.onFrame(f);
            }
        } else if (item instanceof Inbound.SnapshotBody s) {
            c.onSnapshot(s);
        } else if (item instanceof Inbound.Opened o) {
            if (o.generation() == c.generation) {
                c.onOpened(o);
            }
        } else if (item instanceof Inbound.Closed cl) {
            if (cl.generation() == c.generation) {
                c.onClosed(cl);
            }
        }
    }

    private static String splitIdOf(Inbound item) {
        if (item instanceof Inbound.Frame f) {
            return f.splitId();
        } else if (item instanceof Inbound.SnapshotBody s) {
            return s.splitId();
        } else if (item instanceof Inbound.Opened o) {
            return o.splitId();
        } else if (item instanceof Inbound.Closed c) {
            return c.splitId();
        }
        throw new IllegalStateException("unexpected " + item);
    }

    @Override
    public void wakeUp() {
        inbound.offer(new Inbound.Wake());
    }

    @Override
    public void close() {
        for (Connection c : connections.values()) {
            c.finished = true;
            if (c.socket != null) {
                c.socket.close(1000, "source closed");
            }
        }
        timers.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private void enqueue(Inbound item) {
        try {
            inbound.put(item); // blocks the network thread when full: back-pressure, not loss
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** One split's connection and the sync state of its instruments. Touched only by the fetcher thread. */
    private final class Connection implements BookSynchronizer.Listener {
        final WebSocketSplit split;
        final Venue venue;
        final VenueEndpoints endpoints;
        final FrameDecoder decoder;
        final Map<String, BookSynchronizer> books = new HashMap<>();
        final Map<String, Integer> snapshotFailures = new HashMap<>();
        final OkHttpClient client;
        WebSocket socket;
        long generation;
        long frames;
        int failedAttempts;
        boolean finished;
        /** The server ended a bounded replay; finish once no snapshot is outstanding. */
        boolean closing;

        Connection(WebSocketSplit split) {
            this.split = split;
            this.venue = Venues.byId(split.venueId());
            this.endpoints = new VenueEndpoints(split.url().replaceFirst("^(wss?://[^/]+).*$", "$1"),
                    split.restBase());
            this.decoder = venue.newDecoder();
            Duration ping = venue.clientPingInterval();
            this.client = ping.isZero() ? http : http.newBuilder().pingInterval(ping).build();
            for (String symbol : split.symbols()) {
                books.put(symbol, new BookSynchronizer(venue.id(), symbol, venue.sequenceRule(),
                        options.maxBufferedDeltas(), this));
            }
        }

        void open() {
            long gen = ++generation;
            String splitId = split.splitId();
            LOG.info("Connecting {} ({} symbols) to {}", splitId, split.symbols().size(), split.url());
            socket = client.newWebSocket(new Request.Builder().url(split.url()).build(), new WebSocketListener() {
                @Override
                public void onOpen(WebSocket webSocket, Response response) {
                    for (String m : split.subscribeMessages()) {
                        webSocket.send(m);
                    }
                    enqueue(new Inbound.Opened(splitId, gen, nowNanos()));
                }

                @Override
                public void onMessage(WebSocket webSocket, String text) {
                    enqueue(new Inbound.Frame(splitId, gen, text, nowNanos()));
                }

                @Override
                public void onClosing(WebSocket webSocket, int code, String reason) {
                    webSocket.close(1000, null);
                    enqueue(new Inbound.Closed(splitId, gen, code, reason, false, nowNanos()));
                }

                @Override
                public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                    enqueue(new Inbound.Closed(splitId, gen, 1006, String.valueOf(t.getMessage()), true,
                            nowNanos()));
                }
            });
        }

        void onOpened(Inbound.Opened o) {
            failedAttempts = 0;
            add(quality("", o.atNanos(), DataQualityEvent.Kind.CONNECTED, "connected to " + split.url()));
        }

        void onClosed(Inbound.Closed c) {
            if (socket != null) {
                socket.cancel();
                socket = null;
            }
            String detail = (c.failure() ? "connection failed: " : "closed by server (" + c.code() + "): ")
                    + c.reason();
            add(quality("", c.atNanos(), DataQualityEvent.Kind.DISCONNECTED, detail));
            if (options.finishOnServerClose() && !c.failure() && c.code() == 1000) {
                // A finished replay: what was received still counts. Books waiting for a snapshot get it
                // first, so their buffered deltas are not lost; then the split ends.
                closing = true;
                finishWhenSnapshotsSettled();
                return;
            }
            for (BookSynchronizer b : books.values()) {
                b.reset();
            }
            long delay = options.reconnect().delayMillis(failedAttempts++);
            LOG.warn("{}: {}; reconnecting in {} ms", split.splitId(), detail, delay);
            timers.schedule(() -> enqueue(new Inbound.Reconnect(split.splitId())), delay, TimeUnit.MILLISECONDS);
        }

        void onFrame(Inbound.Frame f) {
            frames++;
            decoder.decode(f.text(), f.receivedAtNanos(), this::route);
            if (options.maxFramesPerConnection() > 0 && frames >= options.maxFramesPerConnection()) {
                finish();
            }
        }

        void route(MarketEvent e) {
            BookSynchronizer sync = books.get(e.symbol());
            if (e instanceof BookDelta d && sync != null) {
                sync.onDelta(d);
            } else if (e instanceof BookSnapshot s && sync != null) {
                sync.onSnapshot(s);
            } else {
                add(e);
            }
        }

        void onSnapshot(Inbound.SnapshotBody s) {
            BookSynchronizer sync = books.get(s.symbol());
            if (sync == null) {
                return;
            }
            handleSnapshot(sync, s);
            if (closing) {
                finishWhenSnapshotsSettled();
            }
        }

        void finishWhenSnapshotsSettled() {
            for (BookSynchronizer b : books.values()) {
                if (b.snapshotPending()) {
                    return;
                }
            }
            finish();
        }

        void handleSnapshot(BookSynchronizer sync, Inbound.SnapshotBody s) {
            if (s.error() != null) {
                snapshotFailures.merge(s.symbol(), 1, Integer::sum);
                sync.onSnapshotFailed(s.error(), s.receivedAtNanos());
                return;
            }
            try {
                BookSnapshot snapshot = venue.decodeSnapshot(s.symbol(), s.body(), s.receivedAtNanos());
                snapshotFailures.remove(s.symbol());
                sync.onSnapshot(snapshot);
            } catch (FrameException e) {
                snapshotFailures.merge(s.symbol(), 1, Integer::sum);
                sync.onSnapshotFailed("undecodable snapshot: " + e.getMessage(), s.receivedAtNanos());
            }
        }

        @Override
        public void emit(MarketEvent event) {
            add(event);
        }

        @Override
        public void requestSnapshot(String symbol) {
            int failures = snapshotFailures.getOrDefault(symbol, 0);
            if (closing && failures > 0) {
                return; // the replay is over and the snapshot endpoint keeps failing: give up on this book
            }
            if (failures == 0) {
                fetchSnapshot(symbol);
            } else { // a failing snapshot endpoint is retried with the reconnect backoff, not at frame rate
                timers.schedule(() -> fetchSnapshot(symbol), options.reconnect().delayMillis(failures - 1),
                        TimeUnit.MILLISECONDS);
            }
        }

        void fetchSnapshot(String symbol) {
            String splitId = split.splitId();
            String url = venue.snapshotUrl(endpoints, symbol);
            http.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    enqueue(new Inbound.SnapshotBody(splitId, symbol, null,
                            "snapshot request failed: " + e.getMessage(), nowNanos()));
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        String body = response.body().string();
                        long at = nowNanos();
                        if (response.isSuccessful()) {
                            enqueue(new Inbound.SnapshotBody(splitId, symbol, body, null, at));
                        } else {
                            enqueue(new Inbound.SnapshotBody(splitId, symbol, null, "snapshot HTTP "
                                    + response.code() + ": " + body.substring(0, Math.min(200, body.length())), at));
                        }
                    } catch (IOException e) {
                        enqueue(new Inbound.SnapshotBody(splitId, symbol, null,
                                "snapshot body unreadable: " + e.getMessage(), nowNanos()));
                    }
                }
            });
        }

        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (socket != null) {
                socket.close(1000, "bounded source finished");
                socket = null;
            }
            finishedInBatch.add(split.splitId());
        }

        void add(MarketEvent e) {
            batch.add(split.splitId(), e);
        }

        DataQualityEvent quality(String symbol, long atNanos, DataQualityEvent.Kind kind, String detail) {
            return new DataQualityEvent(venue.id(), symbol, atNanos / 1_000_000, atNanos, kind, detail, "");
        }
    }
}
