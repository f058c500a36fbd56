package io.orderflow.connector.websocket.session;

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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's venue connection and the sync state of its instruments, in plain Java: connect and subscribe,
 * keepalive (the venue's text pings, answers to its application pings), stall detection, resync of one book by the
 * venue's rule (REST snapshot, resubscription, or a new connection), reconnects with backoff inside a budget, and
 * the end of a bounded replay. Everything but {@link #sendTextPingIfDue} runs on the one thread that drains the
 * {@link InboundQueue} ({@link #handle}); the transport's threads only enqueue. The clock, the transport and the
 * timers are passed in, so the whole lifecycle is tested without a network or a wait ({@code VenueSessionTest}).
 */
public final class VenueSession implements BookSynchronizer.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(VenueSession.class);
    /** Close code of a connection the source dropped because the job was too far behind (4000-4999: private use). */
    public static final int DROPPED_BEHIND = 4000;
    /** Messages without a venue time held until the first timed one on their connection. */
    public static final int MAX_UNTIMED = 10_000;
    /** Stale REST snapshots (older than the buffered deltas) fetched again at once before backing off. */
    public static final int STALE_SNAPSHOTS_AT_ONCE = 3;
    /** Stale snapshots a finished replay may still serve before its book is given up. */
    public static final int STALE_SNAPSHOTS_AFTER_THE_END = 2;

    private final WebSocketSplit split;
    private final WebSocketSourceOptions options;
    private final Transport transport;
    private final Clock clock;
    private final SessionTimers timers;
    private final InboundQueue inbound;
    private final SessionOutput output;
    private final Venue venue;
    private final Venue.Subscription subscription;
    private final Venue.KeepAlive keepAlive;
    private final VenueEndpoints endpoints;
    private final Map<String, BookSynchronizer> books = new HashMap<>();
    private final CrossedBookGuard crossing = new CrossedBookGuard();
    private final Map<String, Integer> snapshotFailures = new HashMap<>();
    /** Per symbol, the ids of the last trades: a trade seen again (a repeated frame) is dropped and counted. */
    private final Map<String, RecentIds> recentTrades = new HashMap<>();
    /**
     * REST snapshots in a row that decoded but were older than the buffered deltas, by symbol. Binance's rule is to
     * fetch again at once (the snapshot endpoint lags the stream a little); one that keeps lagging is fetched with
     * backoff, and a finished replay, whose recorded snapshot never gets newer, gives up.
     */
    private final Map<String, Integer> staleSnapshots = new HashMap<>();
    /** Snapshots asked for (or expected after subscribing), by symbol: when. */
    private final Map<String, Long> pendingSince = new HashMap<>();
    private final ArrayDeque<Long> attemptTimesMs = new ArrayDeque<>();
    private FrameDecoder decoder;
    private Transport.Socket socket;
    /** The open socket as the transport saw it open, for the timer thread's text pings. */
    private volatile Transport.Socket pingSocket;
    private volatile long lastTextPingNanos;
    private long generation;
    private long frames;
    private int failedAttempts;
    private boolean connected;
    private boolean finished;
    /** The server ended a bounded replay; finish once no snapshot is outstanding. */
    private boolean closing;
    private long lastFrameNanos;
    /** The frame being decoded, for the excerpt of an event that fails {@link EventChecks}. */
    private String currentFrame;
    /** The latest venue time seen on this connection, across reconnects ({@link #route}). */
    private long venueTimeMs = MarketEvent.NO_VENUE_TIME;
    private final ArrayDeque<MarketEvent> untimed = new ArrayDeque<>();

    public VenueSession(WebSocketSplit split, WebSocketSourceOptions options, Transport transport, Clock clock,
            SessionTimers timers, InboundQueue inbound, SessionOutput output) {
        this.split = split;
        this.options = options;
        this.transport = transport;
        this.clock = clock;
        this.timers = timers;
        this.inbound = inbound;
        this.output = output;
        this.venue = Venues.byId(split.venueId());
        this.subscription = new Venue.Subscription(split.url(), split.symbols(), split.subscribeMessages());
        Venue.KeepAlive own = venue.keepAlive(split.url());
        this.keepAlive = options.stallTimeout() == null ? own : new Venue.KeepAlive(own.webSocketPingInterval(),
                own.textPing(), own.textPingInterval(), options.stallTimeout());
        this.endpoints = new VenueEndpoints(split.url().replaceFirst("^(wss?://[^/]+).*$", "$1"), split.restBase());
        for (String symbol : split.symbols()) {
            books.put(symbol, new BookSynchronizer(venue.id(), symbol, venue.sequenceRule(),
                    options.maxBufferedDeltas(), this, !venue.needsRestSnapshot()));
        }
    }

    public String splitId() {
        return split.splitId();
    }

    /** Whether the timer thread must send this venue's text pings ({@link #sendTextPingIfDue}). */
    public boolean pingsInText() {
        return keepAlive.textPing() != null;
    }

    public boolean isFinished() {
        return finished;
    }

    /** The split's state of sync, by symbol (for tests and diagnostics). */
    public BookSynchronizer.State bookState(String symbol) {
        return books.get(symbol).state();
    }

    /** The current time on the session's clock, in epoch nanoseconds. */
    public long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Handles one item the transport or the timers enqueued for this split. Items of an earlier connection (an
     * older generation) are ignored: that socket was given up.
     */
    public void handle(Inbound item) {
        if (finished) {
            return;
        }
        if (item instanceof Inbound.Tick t) {
            onTick(t.atNanos());
        } else if (item instanceof Inbound.Reconnect) {
            if (options.maxLag() != null && inbound.lagNanos(nowNanos()) > options.maxLag().toNanos() / 2) {
                timers.schedule(item, 250); // a connection opened now would start behind: catch up first
            } else if (!closing) {
                open();
            }
        } else if (item instanceof Inbound.SnapshotDue due) {
            sendSnapshotRequest(due.symbol());
        } else if (item instanceof Inbound.Frame f) {
            if (f.generation() == generation) {
                onFrame(f);
            }
        } else if (item instanceof Inbound.SnapshotBody s) {
            onSnapshotBody(s);
        } else if (item instanceof Inbound.Opened o) {
            if (o.generation() == generation) {
                onOpened(o);
            }
        } else if (item instanceof Inbound.Closed cl) {
            if (cl.generation() == generation) {
                onClosed(cl);
            }
        }
    }

    /** Opens the connection now, or as soon as the reconnect budget allows (saying so). */
    public void open() {
        long nowMs = clock.millis();
        long at = options.reconnect().budgetedAt(attemptTimesMs, nowMs);
        if (at > nowMs) {
            emitQuality("", nowNanos(), DataQualityEvent.Kind.RECONNECT_THROTTLED, "reconnect budget of "
                    + options.reconnect().maxPerWindow() + " per " + options.reconnect().window().toSeconds()
                    + " s spent; next attempt in " + (at - nowMs) + " ms");
            timers.schedule(new Inbound.Reconnect(split.splitId()), at - nowMs);
            return;
        }
        attemptTimesMs.addLast(nowMs);
        long gen = ++generation;
        decoder = venue.newDecoder(subscription);
        LOG.info("Connecting {} ({} symbols) to {}", split.splitId(), split.symbols().size(), split.url());
        socket = transport.open(split.url(), keepAlive.webSocketPingInterval(), new NetworkListener(gen));
    }

    /** The transport's side of one connection: answers the venue's pings at once, enqueues everything else. */
    private final class NetworkListener implements Transport.SocketListener {
        private final long gen;
        private boolean droppedBehind;

        NetworkListener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(Transport.Socket webSocket) {
            for (String m : split.subscribeMessages()) {
                webSocket.send(m);
            }
            lastTextPingNanos = nowNanos();
            pingSocket = webSocket;
            inbound.put(new Inbound.Opened(split.splitId(), gen, nowNanos()));
        }

        @Override
        public void onMessage(Transport.Socket webSocket, String text) {
            String reply = venue.autoReply(text); // answered here: a ping must not wait behind a backlog
            if (reply != null) {
                webSocket.send(reply);
            }
            long now = nowNanos();
            inbound.put(new Inbound.Frame(split.splitId(), gen, text, now));
            long lag = options.maxLag() == null ? 0 : inbound.lagNanos(now);
            if (options.maxLag() != null && lag > options.maxLag().toNanos() && !droppedBehind) {
                // the job cannot keep up: starting afresh later is honest, a backlog without end is not. What was
                // received stays queued ahead of this close and is still handled.
                droppedBehind = true;
                webSocket.cancel();
                inbound.put(new Inbound.Closed(split.splitId(), gen, DROPPED_BEHIND, "dropped by orderflow: the job is "
                        + lag / 1_000_000 + " ms (" + inbound.framesWaiting() + " frames) behind the network (limit "
                        + options.maxLag().toMillis() + " ms); reconnecting with fresh books once it has caught up",
                        false, now));
            }
        }

        @Override
        public void onClosing(Transport.Socket webSocket, int code, String reason) {
            inbound.put(new Inbound.Closed(split.splitId(), gen, code, reason, false, nowNanos()));
        }

        @Override
        public void onFailure(Transport.Socket webSocket, Throwable failure) {
            inbound.put(new Inbound.Closed(split.splitId(), gen, 1006, String.valueOf(failure.getMessage()), true,
                    nowNanos()));
        }
    }

    private void onOpened(Inbound.Opened o) {
        failedAttempts = 0;
        connected = true;
        lastFrameNanos = o.atNanos();
        emitQuality("", o.atNanos(), DataQualityEvent.Kind.CONNECTED, "connected to " + split.url());
        if (!venue.needsRestSnapshot()) {
            // subscribing makes a stream venue send each book; wait for it rather than asking again
            for (Map.Entry<String, BookSynchronizer> b : books.entrySet()) {
                b.getValue().snapshotComing();
                pendingSince.put(b.getKey(), o.atNanos());
            }
        }
    }

    private void onClosed(Inbound.Closed c) {
        String detail = c.code() == DROPPED_BEHIND ? c.reason()
                : (c.failure() ? "connection failed: " : "closed by server (" + c.code() + "): ") + c.reason();
        emitQuality("", c.atNanos(), DataQualityEvent.Kind.DISCONNECTED, detail);
        dropSocket();
        if (options.finishOnServerClose() && !c.failure() && c.code() == 1000) {
            // A finished replay: what was received still counts. Books waiting for a REST snapshot get it first,
            // so their buffered deltas are not lost; then the split ends.
            closing = true;
            finishWhenSnapshotsSettled();
            return;
        }
        resetBooks();
        scheduleReconnect(detail);
    }

    /** Forgets the socket; anything it still delivers carries an old generation and is ignored. */
    private void dropSocket() {
        connected = false;
        pingSocket = null;
        generation++;
        if (socket != null) {
            socket.cancel();
            socket = null;
        }
    }

    private void resetBooks() {
        for (BookSynchronizer b : books.values()) {
            b.reset();
        }
        if (!venue.needsRestSnapshot()) {
            pendingSince.clear(); // the next connection brings fresh books
        }
    }

    private void scheduleReconnect(String why) {
        long delay = options.reconnect().delayMillis(failedAttempts++);
        LOG.warn("{}: {}; reconnecting in {} ms", split.splitId(), why, delay);
        timers.schedule(new Inbound.Reconnect(split.splitId()), delay);
    }

    /** Closes this connection on our side (stall, connection-level gap) and reconnects after backoff. */
    private void reconnect(DataQualityEvent.Kind kind, String why, long atNanos) {
        emitQuality("", atNanos, kind, why);
        dropSocket();
        resetBooks();
        scheduleReconnect(why);
    }

    private void onTick(long now) {
        if (!connected) {
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

    /** Timer thread: the venue's text ping, when due, on the socket the transport saw open. */
    public void sendTextPingIfDue(long now) {
        Transport.Socket s = pingSocket;
        if (s != null && now - lastTextPingNanos >= keepAlive.textPingInterval().toNanos()) {
            s.send(keepAlive.textPing()); // a socket closed meanwhile just refuses it
            lastTextPingNanos = now;
        }
    }

    private void onFrame(Inbound.Frame f) {
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
     * Venue time only: a message the venue sent without a time takes the latest venue time seen on this connection
     * (its timed messages: depth updates, trades) or, before the first, the time of the first timed message that
     * follows, and waits for it. The local clock never stands in.
     */
    private void route(MarketEvent e) {
        if (!(e instanceof DataQualityEvent) && e.exchangeTimeMs() == MarketEvent.NO_VENUE_TIME) {
            if (venueTimeMs == MarketEvent.NO_VENUE_TIME) {
                untimed.addLast(e);
                if (untimed.size() > MAX_UNTIMED) {
                    MarketEvent dropped = untimed.removeFirst();
                    output.emit(new DataQualityEvent(venue.id(), dropped.symbol(), dropped.receivedAtNanos() / 1_000_000,
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
            output.emit(new DataQualityEvent(venue.id(), e.symbol() == null ? "" : e.symbol(),
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
            output.emit(dq);
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
            output.emit(new DataQualityEvent(venue.id(), e.symbol(), e.exchangeTimeMs(), e.receivedAtNanos(),
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
            output.emit(new DataQualityEvent(venue.id(), t.symbol(), t.exchangeTimeMs(), t.receivedAtNanos(),
                    DataQualityEvent.Kind.DUPLICATE, "trade " + t.tradeId() + " repeated: dropped", ""));
        } else {
            output.emit(e);
        }
    }

    private void onSnapshotBody(Inbound.SnapshotBody s) {
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
                // untimed (Binance spot): the synchronizer dates it by the stream's deltas around it; its content is
                // checked here all the same
                boolean timed = snapshot.exchangeTimeMs() != MarketEvent.NO_VENUE_TIME;
                String problem = EventChecks.problem(timed ? snapshot
                        : MarketEvent.atVenueTime(snapshot, EventChecks.MIN_TIME_MS));
                if (problem != null) {
                    throw new FrameException(problem);
                }
                snapshotFailures.remove(s.symbol());
                // counted before it is applied: a stale one asks again from inside onSnapshot, and that request
                // must see it
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

    private void finishWhenSnapshotsSettled() {
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
     * What a synchronizer passes on. A book that crosses is not passed on: the event is recorded as CROSSED_BOOK
     * and the book rebuilt at once (a fresh snapshot, or a new connection where the venue cannot resend one book),
     * as for a gap.
     */
    @Override
    public void emit(MarketEvent event) {
        String crossed = event instanceof BookDelta d ? crossing.crossedAfter(d)
                : event instanceof BookSnapshot s ? crossing.crossedAfter(s) : null;
        if (crossed != null) {
            output.emit(new DataQualityEvent(venue.id(), event.symbol(), event.exchangeTimeMs(),
                    event.receivedAtNanos(), DataQualityEvent.Kind.CROSSED_BOOK, crossed,
                    DataQualityEvent.sampleOf(currentFrame)));
            if (event instanceof BookSnapshot) {
                snapshotFailures.merge(event.symbol(), 1, Integer::sum); // a crossed book again: back off
            }
            books.get(event.symbol()).invalidate(event, crossed);
            return;
        }
        output.emit(event);
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
            timers.schedule(new Inbound.SnapshotDue(split.splitId(), symbol),
                    options.reconnect().delayMillis(backoff - 1));
        }
    }

    private void sendSnapshotRequest(String symbol) {
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

    private void fetchSnapshot(String symbol) {
        String splitId = split.splitId();
        transport.get(venue.snapshotUrl(endpoints, symbol), new Transport.ResponseHandler() {
            @Override
            public void onResponse(int status, String body) {
                long at = nowNanos();
                if (status >= 200 && status < 300) {
                    inbound.put(new Inbound.SnapshotBody(splitId, symbol, body, null, at));
                } else {
                    inbound.put(new Inbound.SnapshotBody(splitId, symbol, null, "snapshot HTTP " + status + ": "
                            + body.substring(0, Math.min(200, body.length())), at));
                }
            }

            @Override
            public void onFailure(Exception failure) {
                inbound.put(new Inbound.SnapshotBody(splitId, symbol, null,
                        "snapshot request failed: " + failure.getMessage(), nowNanos()));
            }
        });
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        pingSocket = null;
        if (socket != null) {
            socket.close(1000, "bounded source finished");
            socket = null;
        }
        output.finished();
    }

    /** The reader is closing: leave the venue politely, and take nothing more. */
    public void close() {
        finished = true;
        pingSocket = null;
        if (socket != null) {
            socket.close(1000, "source closed");
            socket = null;
        }
    }

    /** A data-quality row from outside the session's own handling (the reader's backlog report). */
    public void emitQuality(String symbol, long atNanos, DataQualityEvent.Kind kind, String detail) {
        output.emit(quality(symbol, atNanos, kind, detail));
    }

    private DataQualityEvent quality(String symbol, long atNanos, DataQualityEvent.Kind kind, String detail) {
        return new DataQualityEvent(venue.id(), symbol, atNanos / 1_000_000, atNanos, kind, detail, "");
    }

    /** The last {@value #SIZE} ids seen, to know a repeat. */
    private static final class RecentIds {
        static final int SIZE = 256;
        private final LinkedHashSet<String> ids = new LinkedHashSet<>();

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
}
