package io.orderflow.connector.websocket.reader;

import io.orderflow.connector.websocket.WebSocketSourceOptions;
import io.orderflow.connector.websocket.split.WebSocketSplit;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.EventChecks;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Trade;
import io.orderflow.venue.BookSynchronizer;
import io.orderflow.venue.CrossedBookGuard;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Runs the WebSocket connections of the splits assigned to one reader. OkHttp's listener threads only answer
 * application pings and enqueue what they receive (frames, opens, closes, REST snapshot bodies) into one queue
 * that never makes them wait ({@link InboundQueue}); the timer thread sends the venues' text pings. So the
 * connections stay alive however far the job falls behind; the backlog is reported instead (FALLING_BEHIND rows,
 * gauges), and past the lag limit a connection is dropped by the source itself, saying so. {@link #fetch()}
 * drains the queue on the fetcher thread, where all sync state lives: it decodes frames with the venue's codec,
 * runs each instrument's {@link BookSynchronizer}, and asks for snapshots the way the venue gives them (REST, a
 * resubscription of that one instrument, or, failing both, a new connection). A periodic tick drives stall
 * detection (a connection silent past the venue's limit is reopened) and snapshot timeouts.
 * Reconnects back off exponentially with jitter and stay within a per-minute budget. {@link #wakeUp()} unblocks a
 * waiting fetch by enqueuing a marker.
 */
public final class WebSocketSplitReader implements SplitReader<MarketEvent, WebSocketSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSplitReader.class);
    private static final int MAX_ITEMS_PER_FETCH = 2_000;
    private static final long TICK_MS = 250;

    private final WebSocketSourceOptions options;
    private final InboundQueue inbound = new InboundQueue();
    /** Connections whose text pings the timer thread sends (they must not wait behind a backlog). */
    private final List<Connection> textPinging = new CopyOnWriteArrayList<>();
    /** Close code of a connection the source dropped because the job was too far behind (4000-4999: private use). */
    static final int DROPPED_BEHIND = 4000;
    /** A FALLING_BEHIND row was written for the current backlog; re-armed once it has halved. */
    private boolean reportedBehind;
    private final Map<String, Connection> connections = new HashMap<>();
    private final OkHttpClient http;
    private final ScheduledExecutorService timers;
    private RecordsBySplits.Builder<MarketEvent> batch;
    private final List<String> finishedInBatch = new ArrayList<>();
    /** Events raised outside fetch() (while a split is being added), emitted with the next batch. */
    private final List<Map.Entry<String, MarketEvent>> carryOver = new ArrayList<>();

    public WebSocketSplitReader(WebSocketSourceOptions options) {
        this.options = options;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ZERO) // WebSockets stay open; silence is the stall detector's business
                .callTimeout(Duration.ZERO)
                .build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "websocket-source-timers");
            t.setDaemon(true);
            return t;
        });
        timers.scheduleAtFixedRate(() -> {
            long now = nowNanos();
            for (Connection c : textPinging) {
                c.sendTextPingIfDue(now);
            }
            inbound.put(new Inbound.Tick(now));
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Frames received and not yet handled: how far the job is behind the network (a gauge). */
    public long framesWaiting() {
        return inbound.framesWaiting();
    }

    /** How long ago the oldest frame waiting was received, in ms; 0 when none waits (a gauge). */
    public long lagMillis() {
        return inbound.lagNanos(nowNanos()) / 1_000_000;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<WebSocketSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported splits change " + change.getClass().getName());
        }
        for (WebSocketSplit split : change.splits()) {
            Connection c = new Connection(split);
            connections.put(split.splitId(), c);
            if (c.keepAlive.textPing() != null) {
                textPinging.add(c);
            }
            c.open();
        }
    }

    @Override
    public RecordsWithSplitIds<MarketEvent> fetch() throws IOException {
        batch = new RecordsBySplits.Builder<>();
        finishedInBatch.clear();
        for (Map.Entry<String, MarketEvent> e : carryOver) {
            batch.add(e.getKey(), e.getValue());
        }
        carryOver.clear();
        reportBacklog(); // what waited while the job was away, before taking any of it
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
        if (item instanceof Inbound.Tick t) {
            for (Connection c : connections.values()) {
                c.onTick(t.atNanos());
            }
            return;
        }
        Connection c = connections.get(splitIdOf(item));
        if (c == null || c.finished) {
            return;
        }
        if (item instanceof Inbound.Reconnect) {
            if (options.maxLag() != null && inbound.lagNanos(nowNanos()) > options.maxLag().toNanos() / 2) {
                schedule(item, TICK_MS); // a connection opened now would start behind: catch up first
            } else if (!c.closing) {
                c.open();
            }
        } else if (item instanceof Inbound.SnapshotDue due) {
            c.sendSnapshotRequest(due.symbol());
        } else if (item instanceof Inbound.Frame f) {
            if (f.generation() == c.generation) {
                c.onFrame(f);
            }
        } else if (item instanceof Inbound.SnapshotBody s) {
            c.onSnapshotBody(s);
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
        } else if (item instanceof Inbound.Reconnect r) {
            return r.splitId();
        } else if (item instanceof Inbound.SnapshotDue d) {
            return d.splitId();
        }
        throw new IllegalStateException("unexpected " + item);
    }

    @Override
    public void wakeUp() {
        inbound.put(new Inbound.Wake());
    }

    @Override
    public void close() {
        for (Connection c : connections.values()) {
            c.finished = true;
            c.pingSocket = null;
            if (c.socket != null) {
                c.socket.close(1000, "source closed");
            }
        }
        timers.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private void enqueue(Inbound item) {
        inbound.put(item);
    }

    /**
     * Once per episode, on every open connection of this reader (they share the queue): the job has fallen more
     * than queueCapacity frames behind the network. Re-armed when the backlog has halved.
     */
    private void reportBacklog() {
        long waiting = inbound.framesWaiting();
        if (waiting > options.queueCapacity() && !reportedBehind) {
            reportedBehind = true;
            long now = nowNanos();
            String detail = "the job is " + waiting + " frames, " + inbound.lagNanos(now) / 1_000_000
                    + " ms behind this reader's connections (reported past " + options.queueCapacity()
                    + " frames; " + (options.maxLag() == null ? "the connections are kept whatever the lag)"
                    : "a connection is dropped by the source past " + options.maxLag().toMillis() + " ms)");
            LOG.warn("{}", detail);
            for (Connection c : connections.values()) {
                if (!c.finished) {
                    c.add(c.quality("", now, DataQualityEvent.Kind.FALLING_BEHIND, detail));
                }
            }
        } else if (waiting <= options.queueCapacity() / 2) {
            reportedBehind = false;
        }
    }

    private void schedule(Inbound item, long delayMs) {
        if (!timers.isShutdown()) {
            timers.schedule(() -> enqueue(item), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Messages without a venue time held until the first timed one on their connection. */
    static final int MAX_UNTIMED = 10_000;
    /** Stale REST snapshots (older than the buffered deltas) fetched again at once before backing off. */
    public static final int STALE_SNAPSHOTS_AT_ONCE = 3;
    /** Stale snapshots a finished replay may still serve before its book is given up. */
    public static final int STALE_SNAPSHOTS_AFTER_THE_END = 2;

    /** The last {@value #SIZE} ids seen, to know a repeat. */
    static final class RecentIds {
        static final int SIZE = 256;
        private final java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();

        /** True the first time an id is seen (among the last {@value #SIZE}). */
        boolean firstTime(String id) {
            if (!ids.add(id)) {
                return false;
            }
            if (ids.size() > SIZE) {
                ids.remove(ids.iterator().next());
            }
            return true;
        }
    }

    /** One split's connection and the sync state of its instruments. Touched only by the fetcher thread. */
    private final class Connection implements BookSynchronizer.Listener {
        final WebSocketSplit split;
        final Venue venue;
        final Venue.Subscription subscription;
        final Venue.KeepAlive keepAlive;
        final VenueEndpoints endpoints;
        final Map<String, BookSynchronizer> books = new HashMap<>();
        final CrossedBookGuard crossing = new CrossedBookGuard();
        final Map<String, Integer> snapshotFailures = new HashMap<>();
        /** Per symbol, the ids of the last trades: a trade seen again (a repeated frame) is dropped and counted. */
        final Map<String, RecentIds> recentTrades = new HashMap<>();
        /**
         * REST snapshots in a row that decoded but were older than the buffered deltas, by symbol. Binance's rule
         * is to fetch again at once (the snapshot endpoint lags the stream a little); one that keeps lagging is
         * fetched with backoff, and a finished replay, whose recorded snapshot never gets newer, gives up.
         */
        final Map<String, Integer> staleSnapshots = new HashMap<>();
        /** Snapshots asked for (or expected after subscribing), by symbol: when. */
        final Map<String, Long> pendingSince = new HashMap<>();
        final ArrayDeque<Long> attemptTimesMs = new ArrayDeque<>();
        final OkHttpClient client;
        FrameDecoder decoder;
        WebSocket socket;
        /** The open socket as the network thread saw it open, for the timer thread's text pings. */
        volatile WebSocket pingSocket;
        volatile long lastTextPingNanos;
        long generation;
        long frames;
        int failedAttempts;
        boolean connected;
        boolean finished;
        /** The server ended a bounded replay; finish once no snapshot is outstanding. */
        boolean closing;
        long lastFrameNanos;
        /** The frame being decoded, for the excerpt of an event that fails {@link EventChecks}. */
        String currentFrame;
        /** The latest venue time seen on this connection, across reconnects ({@link #route}). */
        long venueTimeMs = MarketEvent.NO_VENUE_TIME;
        final ArrayDeque<MarketEvent> untimed = new ArrayDeque<>();

        Connection(WebSocketSplit split) {
            this.split = split;
            this.venue = Venues.byId(split.venueId());
            this.subscription = new Venue.Subscription(split.url(), split.symbols(), split.subscribeMessages());
            Venue.KeepAlive own = venue.keepAlive(split.url());
            this.keepAlive = options.stallTimeout() == null ? own : new Venue.KeepAlive(own.webSocketPingInterval(),
                    own.textPing(), own.textPingInterval(), options.stallTimeout());
            this.endpoints = new VenueEndpoints(split.url().replaceFirst("^(wss?://[^/]+).*$", "$1"),
                    split.restBase());
            Duration ping = keepAlive.webSocketPingInterval();
            this.client = ping.isZero() ? http : http.newBuilder().pingInterval(ping).build();
            for (String symbol : split.symbols()) {
                books.put(symbol, new BookSynchronizer(venue.id(), symbol, venue.sequenceRule(),
                        options.maxBufferedDeltas(), this, !venue.needsRestSnapshot()));
            }
        }

        void open() {
            long nowMs = System.currentTimeMillis();
            long at = options.reconnect().budgetedAt(attemptTimesMs, nowMs);
            if (at > nowMs) {
                add(quality("", nowNanos(), DataQualityEvent.Kind.RECONNECT_THROTTLED, "reconnect budget of "
                        + options.reconnect().maxPerWindow() + " per " + options.reconnect().window().toSeconds()
                        + " s spent; next attempt in " + (at - nowMs) + " ms"));
                schedule(new Inbound.Reconnect(split.splitId()), at - nowMs);
                return;
            }
            attemptTimesMs.addLast(nowMs);
            long gen = ++generation;
            decoder = venue.newDecoder(subscription);
            String splitId = split.splitId();
            LOG.info("Connecting {} ({} symbols) to {}", splitId, split.symbols().size(), split.url());
            socket = client.newWebSocket(new Request.Builder().url(split.url()).build(), new WebSocketListener() {
                boolean droppedBehind;

                @Override
                public void onOpen(WebSocket webSocket, Response response) {
                    for (String m : split.subscribeMessages()) {
                        webSocket.send(m);
                    }
                    lastTextPingNanos = nowNanos();
                    pingSocket = webSocket;
                    enqueue(new Inbound.Opened(splitId, gen, nowNanos()));
                }

                @Override
                public void onMessage(WebSocket webSocket, String text) {
                    String reply = venue.autoReply(text); // answered here: a ping must not wait behind a backlog
                    if (reply != null) {
                        webSocket.send(reply);
                    }
                    long now = nowNanos();
                    enqueue(new Inbound.Frame(splitId, gen, text, now));
                    long lag = options.maxLag() == null ? 0 : inbound.lagNanos(now);
                    if (options.maxLag() != null && lag > options.maxLag().toNanos() && !droppedBehind) {
                        // the job cannot keep up: starting afresh later is honest, a backlog without end is not.
                        // What was received stays queued ahead of this close and is still handled.
                        droppedBehind = true;
                        webSocket.cancel();
                        enqueue(new Inbound.Closed(splitId, gen, DROPPED_BEHIND, "dropped by orderflow: the job is "
                                + lag / 1_000_000 + " ms (" + inbound.framesWaiting() + " frames) behind the network"
                                + " (limit " + options.maxLag().toMillis() + " ms); reconnecting with fresh books once"
                                + " it has caught up", false, now));
                    }
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
            connected = true;
            lastFrameNanos = o.atNanos();
            add(quality("", o.atNanos(), DataQualityEvent.Kind.CONNECTED, "connected to " + split.url()));
            if (!venue.needsRestSnapshot()) {
                // subscribing makes a stream venue send each book; wait for it rather than asking again
                for (Map.Entry<String, BookSynchronizer> b : books.entrySet()) {
                    b.getValue().snapshotComing();
                    pendingSince.put(b.getKey(), o.atNanos());
                }
            }
        }

        void onClosed(Inbound.Closed c) {
            String detail = c.code() == DROPPED_BEHIND ? c.reason()
                    : (c.failure() ? "connection failed: " : "closed by server (" + c.code() + "): ") + c.reason();
            add(quality("", c.atNanos(), DataQualityEvent.Kind.DISCONNECTED, detail));
            dropSocket();
            if (options.finishOnServerClose() && !c.failure() && c.code() == 1000) {
                // A finished replay: what was received still counts. Books waiting for a REST snapshot get it
                // first, so their buffered deltas are not lost; then the split ends.
                closing = true;
                finishWhenSnapshotsSettled();
                return;
            }
            resetBooks();
            scheduleReconnect(detail);
        }

        /** Forgets the socket; anything it still delivers carries an old generation and is ignored. */
        void dropSocket() {
            connected = false;
            pingSocket = null;
            generation++;
            if (socket != null) {
                socket.cancel();
                socket = null;
            }
        }

        void resetBooks() {
            for (BookSynchronizer b : books.values()) {
                b.reset();
            }
            if (!venue.needsRestSnapshot()) {
                pendingSince.clear(); // the next connection brings fresh books
            }
        }

        void scheduleReconnect(String why) {
            long delay = options.reconnect().delayMillis(failedAttempts++);
            LOG.warn("{}: {}; reconnecting in {} ms", split.splitId(), why, delay);
            schedule(new Inbound.Reconnect(split.splitId()), delay);
        }

        /** Closes this connection on our side (stall, connection-level gap) and reconnects after backoff. */
        void reconnect(DataQualityEvent.Kind kind, String why, long atNanos) {
            add(quality("", atNanos, kind, why));
            dropSocket();
            resetBooks();
            scheduleReconnect(why);
        }

        void onTick(long now) {
            if (finished || !connected) {
                return;
            }
            long silentNanos = now - lastFrameNanos;
            if (silentNanos > keepAlive.stallTimeout().toNanos()) {
                reconnect(DataQualityEvent.Kind.STALLED, "no frame for " + silentNanos / 1_000_000 + " ms (limit "
                        + keepAlive.stallTimeout().toMillis() + " ms)", now);
                return;
            }
            for (Map.Entry<String, Long> p : new ArrayList<>(pendingSince.entrySet())) {
                if (now - p.getValue() > options.snapshotTimeout().toNanos()) {
                    String symbol = p.getKey();
                    pendingSince.remove(symbol);
                    snapshotFailures.merge(symbol, 1, Integer::sum);
                    BookSynchronizer sync = books.get(symbol);
                    sync.onSnapshotFailed("no snapshot within " + options.snapshotTimeout().toMillis() + " ms", now);
                    sync.retrySnapshot(quality(symbol, now, DataQualityEvent.Kind.SNAPSHOT_FAILED, "timeout"));
                }
            }
        }

        /** Timer thread: the venue's text ping, when due, on the socket the network thread saw open. */
        void sendTextPingIfDue(long now) {
            WebSocket s = pingSocket;
            if (s != null && now - lastTextPingNanos >= keepAlive.textPingInterval().toNanos()) {
                s.send(keepAlive.textPing()); // thread-safe in OkHttp; a socket closed meanwhile just refuses it
                lastTextPingNanos = now;
            }
        }

        void onFrame(Inbound.Frame f) {
            lastFrameNanos = f.receivedAtNanos();
            frames++;
            currentFrame = f.text();
            decoder.decode(f.text(), f.receivedAtNanos(), this::route);
            currentFrame = null;
            if (options.maxFramesPerConnection() > 0 && frames >= options.maxFramesPerConnection()) {
                finish();
            }
        }

        /**
         * Venue time only: a message the venue sent without a time takes the latest venue time seen on this
         * connection (its timed messages: depth updates, trades) or, before the first, the time of the first
         * timed message that follows, and waits for it. The local clock never stands in.
         */
        void route(MarketEvent e) {
            if (!(e instanceof DataQualityEvent) && e.exchangeTimeMs() == MarketEvent.NO_VENUE_TIME) {
                if (venueTimeMs == MarketEvent.NO_VENUE_TIME) {
                    untimed.addLast(e);
                    if (untimed.size() > MAX_UNTIMED) {
                        MarketEvent dropped = untimed.removeFirst();
                        add(new DataQualityEvent(venue.id(), dropped.symbol(), dropped.receivedAtNanos() / 1_000_000,
                                dropped.receivedAtNanos(), DataQualityEvent.Kind.MALFORMED_FRAME, MAX_UNTIMED
                                + " messages without a venue time and none with one: dropped", ""));
                    }
                    return;
                }
                e = MarketEvent.atVenueTime(e, venueTimeMs);
            }
            String problem = EventChecks.problem(e);
            if (problem != null) {
                // decoded, but beyond what the job holds: recorded like an undecodable frame, and the job goes on
                add(new DataQualityEvent(venue.id(), e.symbol() == null ? "" : e.symbol(),
                        e.receivedAtNanos() / 1_000_000, e.receivedAtNanos(), DataQualityEvent.Kind.MALFORMED_FRAME,
                        problem, DataQualityEvent.sampleOf(currentFrame)));
                return;
            }
            if (!(e instanceof DataQualityEvent)) {
                venueTimeMs = Math.max(venueTimeMs, e.exchangeTimeMs());
                while (!untimed.isEmpty()) { // they came before this one: its time is the nearest venue time
                    route(MarketEvent.atVenueTime(untimed.removeFirst(), e.exchangeTimeMs()));
                }
            }
            if (e instanceof DataQualityEvent dq) {
                add(dq);
                BookSynchronizer sync = books.get(dq.symbol());
                if (dq.kind() == DataQualityEvent.Kind.CHECKSUM_MISMATCH && sync != null) {
                    sync.invalidate(dq, dq.detail());
                } else if (dq.kind() == DataQualityEvent.Kind.SEQUENCE_GAP && dq.symbol().isEmpty() && connected) {
                    // the connection itself lost messages (Gemini v1 socket_sequence): every book on it is suspect
                    reconnect(DataQualityEvent.Kind.RESYNC_STARTED, "connection-level gap: " + dq.detail(),
                            dq.receivedAtNanos());
                }
                return;
            }
            BookSynchronizer sync = books.get(e.symbol());
            if (sync == null) {
                add(new DataQualityEvent(venue.id(), e.symbol(), e.exchangeTimeMs(), e.receivedAtNanos(),
                        DataQualityEvent.Kind.MALFORMED_FRAME, "event for a symbol this connection did not subscribe: "
                        + e.symbol(), DataQualityEvent.sampleOf(currentFrame)));
            } else if (e instanceof BookDelta d) {
                sync.onDelta(d);
            } else if (e instanceof BookSnapshot s) {
                pendingSince.remove(s.symbol());
                snapshotFailures.remove(s.symbol());
                sync.onSnapshot(s);
            } else if (e instanceof Trade t && venue.tradeIdsAreUnique() && !recentTrades.computeIfAbsent(
                    t.symbol(), k -> new RecentIds()).firstTime(t.tradeId())) {
                // a repeated trade frame would count the same execution twice in volume, returns and signals
                add(new DataQualityEvent(venue.id(), t.symbol(), t.exchangeTimeMs(), t.receivedAtNanos(),
                        DataQualityEvent.Kind.DUPLICATE, "trade " + t.tradeId() + " repeated: dropped", ""));
            } else {
                add(e);
            }
        }

        void onSnapshotBody(Inbound.SnapshotBody s) {
            BookSynchronizer sync = books.get(s.symbol());
            if (sync == null) {
                return;
            }
            pendingSince.remove(s.symbol());
            if (s.error() != null) {
                snapshotFailures.merge(s.symbol(), 1, Integer::sum);
                sync.onSnapshotFailed(s.error(), s.receivedAtNanos());
            } else {
                try {
                    BookSnapshot snapshot = venue.decodeSnapshot(s.symbol(), s.body(), s.receivedAtNanos());
                    // untimed (Binance spot): the synchronizer dates it by the stream's deltas around it; its
                    // content is checked here all the same
                    boolean timed = snapshot.exchangeTimeMs() != MarketEvent.NO_VENUE_TIME;
                    String problem = EventChecks.problem(timed ? snapshot
                            : MarketEvent.atVenueTime(snapshot, EventChecks.MIN_TIME_MS));
                    if (problem != null) {
                        throw new FrameException(problem);
                    }
                    snapshotFailures.remove(s.symbol());
                    // counted before it is applied: a stale one asks again from inside onSnapshot, and that
                    // request must see it
                    staleSnapshots.merge(s.symbol(), 1, Integer::sum);
                    sync.onSnapshot(snapshot, timed);
                    if (sync.state() != BookSynchronizer.State.AWAITING_SNAPSHOT) {
                        staleSnapshots.remove(s.symbol()); // it bridged
                    }
                } catch (FrameException e) {
                    snapshotFailures.merge(s.symbol(), 1, Integer::sum);
                    sync.onSnapshotFailed("undecodable snapshot: " + e.getMessage(), s.receivedAtNanos());
                }
            }
            if (closing) {
                finishWhenSnapshotsSettled();
            }
        }

        void finishWhenSnapshotsSettled() {
            if (venue.needsRestSnapshot()) {
                for (BookSynchronizer b : books.values()) {
                    if (b.snapshotPending()) {
                        return;
                    }
                }
            }
            finish();
        }

        /**
         * What a synchronizer passes on. A book that crosses is not passed on: the event is recorded as
         * CROSSED_BOOK and the book rebuilt at once (a fresh snapshot, or a new connection where the venue cannot
         * resend one book), as for a gap.
         */
        @Override
        public void emit(MarketEvent event) {
            String crossed = event instanceof BookDelta d ? crossing.crossedAfter(d)
                    : event instanceof BookSnapshot s ? crossing.crossedAfter(s) : null;
            if (crossed != null) {
                add(new DataQualityEvent(venue.id(), event.symbol(), event.exchangeTimeMs(), event.receivedAtNanos(),
                        DataQualityEvent.Kind.CROSSED_BOOK, crossed, DataQualityEvent.sampleOf(currentFrame)));
                if (event instanceof BookSnapshot) {
                    snapshotFailures.merge(event.symbol(), 1, Integer::sum); // a crossed book again: back off
                }
                books.get(event.symbol()).invalidate(event, crossed);
                return;
            }
            add(event);
        }

        /** The synchronizer wants a fresh book: right away the first time, with backoff after failures. */
        @Override
        public void requestSnapshot(String symbol) {
            int failures = snapshotFailures.getOrDefault(symbol, 0);
            int stale = staleSnapshots.getOrDefault(symbol, 0);
            if (closing && (failures > 0 || stale > STALE_SNAPSHOTS_AFTER_THE_END)) {
                // the replay is over and its snapshot fails or never bridges the recorded stream: give up on this
                // book, and say so, so the split can finish
                books.get(symbol).onSnapshotFailed(failures > 0 ? "the replay ended and its snapshot kept failing"
                        : "the replay ended and its snapshot never bridged the stream", nowNanos());
                return;
            }
            int backoff = failures + Math.max(0, stale - STALE_SNAPSHOTS_AT_ONCE);
            if (backoff == 0) {
                sendSnapshotRequest(symbol);
            } else {
                schedule(new Inbound.SnapshotDue(split.splitId(), symbol), options.reconnect().delayMillis(backoff - 1));
            }
        }

        void sendSnapshotRequest(String symbol) {
            long now = nowNanos();
            if (venue.needsRestSnapshot()) {
                pendingSince.put(symbol, now);
                fetchSnapshot(symbol);
                return;
            }
            if (!connected) {
                return; // the next connection brings every book
            }
            List<String> messages = venue.resyncMessages(symbol);
            if (messages.isEmpty()) {
                reconnect(DataQualityEvent.Kind.RESYNC_STARTED, venue.id()
                        + " cannot resend one book: reopening the connection for " + symbol, now);
                return;
            }
            pendingSince.put(symbol, now);
            decoder.expectSnapshot(symbol);
            for (String m : messages) {
                socket.send(m);
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
            pingSocket = null;
            if (socket != null) {
                socket.close(1000, "bounded source finished");
                socket = null;
            }
            finishedInBatch.add(split.splitId());
        }

        void add(MarketEvent e) {
            if (batch == null) {
                carryOver.add(Map.entry(split.splitId(), e));
            } else {
                batch.add(split.splitId(), e);
            }
        }

        DataQualityEvent quality(String symbol, long atNanos, DataQualityEvent.Kind kind, String detail) {
            return new DataQualityEvent(venue.id(), symbol, atNanos / 1_000_000, atNanos, kind, detail, "");
        }
    }
}
