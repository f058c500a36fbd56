package io.orderflow.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderflow.book.OrderBook;
import io.orderflow.exchange.protocol.Client;
import io.orderflow.exchange.protocol.VenueProtocol;
import io.orderflow.exchange.protocol.VenueProtocols;
import io.orderflow.model.Side;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local exchange on loopback speaking one venue's public market-data protocol ({@link VenueProtocol}): WebSocket
 * subscriptions and frames in the venue's own dialect, and its REST snapshot endpoint where it has one. It plays a
 * {@link SimulatedMarket} (or, with {@link #recording}, a capture file verbatim) starting when the first client
 * subscribes, at {@code speed} times the market's pace (0 = as fast as possible). It pings every client and drops one
 * that stops answering, sends the venue's heartbeats, and can misbehave on command ({@link #faults()},
 * {@link #dropAllConnections}, {@link #closeEvery}). When the market closes it closes every connection with code
 * 1000. With truth recording on, it remembers each symbol's true book at every sequence it sent and at every step's
 * market time, so tests can check that nothing downstream ever disagrees with it. Ports are ephemeral; {@link #close()} stops everything.
 */
public final class LocalExchange implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExchange.class);

    private final VenueProtocol protocol;
    private final SimulatedMarket market;
    private final RecordedScript recording;
    private final double speed;
    private final boolean recordTruth;
    private final Object lock = new Object();
    private final StreamServer streams;
    private final HttpServer rest;
    private final Set<Conn> connections = ConcurrentHashMap.newKeySet();
    /** The market starts when the first client subscribes to something (by URL or by message). */
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    /** ... or, with {@link #startingWhenSubscribed}, once that many connections have subscribed. */
    private volatile CountDownLatch allSubscribed = new CountDownLatch(0);
    private final Set<Conn> subscribed = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong snapshotsServed = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();
    private final Map<String, Map<Long, long[][]>> truth = new ConcurrentHashMap<>();
    private final Map<String, java.util.NavigableMap<Long, long[][]>> truthByTime = new ConcurrentHashMap<>();
    private final Faults faults = new Faults(11);
    private final ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-exchange-chaos");
        t.setDaemon(true);
        return t;
    });
    private final Thread publisher;
    private volatile boolean closed;
    private volatile boolean holdConnectionsAfterClose;

    private LocalExchange(VenueProtocol protocol, SimulatedMarket market, RecordedScript recording, double speed,
            int pingIntervalSeconds, boolean recordTruth) throws IOException {
        if (speed < 0) {
            throw new IllegalArgumentException("speed must be 0 (as fast as possible) or positive, got " + speed);
        }
        this.protocol = protocol;
        this.market = market;
        this.recording = recording;
        this.speed = speed;
        this.recordTruth = recordTruth;
        this.streams = new StreamServer(pingIntervalSeconds);
        this.rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        this.rest.createContext("/", this::serveRest);
        this.publisher = new Thread(this::publish, "local-exchange-publisher");
        this.publisher.setDaemon(true);
        if (recordTruth && market != null) {
            // a client that subscribes before the first step is served the opening book, stamped with the opening
            // time: that book is the truth from then until the first step
            for (String symbol : market.symbols()) {
                truthByTime.computeIfAbsent(symbol, k -> new java.util.concurrent.ConcurrentSkipListMap<>())
                        .put(market.clockMs(), wholeBook(market.book(symbol)));
            }
        }
    }

    /**
     * Starts a local exchange speaking {@code venueId}'s protocol over a simulated market.
     *
     * @param speed 1 for real time, 20 for twenty times faster, 0 for as fast as possible
     * @param pingIntervalSeconds protocol-level pings to clients; one that does not answer within 1.5 intervals
     *     is disconnected
     */
    public static LocalExchange simulated(String venueId, SimulatedMarket market, double speed,
            int pingIntervalSeconds) throws IOException {
        return start(new LocalExchange(VenueProtocols.forVenue(venueId, market), market, null, speed,
                pingIntervalSeconds, false));
    }

    /** As {@link #simulated}, remembering the true book at every sequence sent (for tests; costs memory). */
    public static LocalExchange simulatedWithTruth(String venueId, SimulatedMarket market, double speed,
            int pingIntervalSeconds) throws IOException {
        return start(new LocalExchange(VenueProtocols.forVenue(venueId, market), market, null, speed,
                pingIntervalSeconds, true));
    }

    /** Replays a capture verbatim, speaking {@code venueId}'s subscription protocol. */
    public static LocalExchange recording(String venueId, RecordedScript script, double speed, int pingIntervalSeconds)
            throws IOException {
        return start(new LocalExchange(VenueProtocols.forRecording(venueId), null, script, speed,
                pingIntervalSeconds, false));
    }

    private static LocalExchange start(LocalExchange exchange) throws IOException {
        exchange.streams.start();
        exchange.rest.start();
        try {
            if (!exchange.streams.started.await(10, TimeUnit.SECONDS)) {
                throw new IOException("WebSocket server did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
        exchange.publisher.start();
        return exchange;
    }

    /**
     * Keeps client connections open once the market has closed (instead of closing them with 1000), so a client's
     * book can be compared with the market's final book at leisure. Call before the first client subscribes.
     */
    public LocalExchange holdingConnectionsAfterClose() {
        holdConnectionsAfterClose = true;
        return this;
    }

    /**
     * Starts the market only once {@code connections} client connections have subscribed (at most 10 s after the
     * first), not on the first: a client that opens several connections (Binance USD-M: books on {@code /public},
     * trades on {@code /market}) must not find a fast replay half over on its second. Call before any client
     * subscribes.
     */
    public LocalExchange startingWhenSubscribed(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        allSubscribed = new CountDownLatch(connections);
        return this;
    }

    /** {@code ws://127.0.0.1:<port>}: the WebSocket base URL to give the venue endpoints. */
    public String webSocketBase() {
        return "ws://127.0.0.1:" + streams.getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the REST base URL to give the venue endpoints. */
    public String restBase() {
        return "http://127.0.0.1:" + rest.getAddress().getPort();
    }

    public Faults faults() {
        return faults;
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long snapshotsServed() {
        return snapshotsServed.get();
    }

    public long pongsReceived() {
        return pongsReceived.get();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public long faultsInjected() {
        return faultsInjected.get();
    }

    public int openConnections() {
        return connections.size();
    }

    /**
     * The true book ({bid prices, bid sizes, ask prices, ask sizes}, best first, every level) of a symbol
     * right after the step that left the venue's sequence at {@code sequence}; null if never sent.
     */
    public long[][] truth(String symbol, long sequence) {
        Map<Long, long[][]> bySeq = truth.get(symbol);
        return bySeq == null ? null : bySeq.get(sequence);
    }

    /**
     * The true book (as {@link #truth}) of a symbol as they stood at market time {@code timeMs}: after the
     * last step at or before it (the opening book before the first step); null before the market opened or if truth
     * is not recorded.
     */
    public long[][] truthAt(String symbol, long timeMs) {
        java.util.NavigableMap<Long, long[][]> byTime = truthByTime.get(symbol);
        Map.Entry<Long, long[][]> e = byTime == null ? null : byTime.floorEntry(timeMs);
        return e == null ? null : e.getValue();
    }

    /** Market time of a symbol's last recorded step (its opening time before the first); null without truth. */
    public Long lastStepTime(String symbol) {
        java.util.NavigableMap<Long, long[][]> byTime = truthByTime.get(symbol);
        return byTime == null || byTime.isEmpty() ? null : byTime.lastKey();
    }

    /** Levels a side this venue shows its clients ({@link VenueProtocol#visibleLevels}). */
    public int visibleLevels() {
        return protocol.visibleLevels();
    }

    /** Waits until the market has closed (or the exchange was closed). */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** Closes every client connection abnormally, as a network failure would (clients should reconnect). */
    public void dropAllConnections() {
        for (Conn c : connections) {
            c.socket.closeConnection(1006, "dropped by the local exchange");
        }
    }

    /** Closes every connection (code 1001, "going away") every {@code period}, as a flaky server would. */
    public void closeEvery(Duration period) {
        chaos.scheduleAtFixedRate(() -> {
            for (Conn c : connections) {
                c.socket.close(1001, "server restarting");
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish() {
        try {
            firstSubscription.await();
            allSubscribed.await(10, TimeUnit.SECONDS);
            long due = System.nanoTime();
            long stepNanos = market != null ? market.stepMs() * 1_000_000L : 0;
            Duration heartbeat = protocol.heartbeatInterval();
            long nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
            while (!closed) {
                long delay;
                boolean more;
                if (market != null) {
                    delay = stepNanos;
                    more = publishSimulatedStep();
                } else {
                    MarketScript.Step step = recording.next();
                    more = step != null;
                    delay = more ? step.delayNanos() : 0;
                    if (more) {
                        for (MarketScript.Frame f : step.frames()) {
                            fanOut(f.symbol(), List.of(f.text()));
                        }
                    }
                }
                if (!more) {
                    break;
                }
                if (!heartbeat.isZero() && System.nanoTime() - nextHeartbeat >= 0) {
                    nextHeartbeat += heartbeat.toNanos();
                    if (!faults.silent()) {
                        long now = market != null ? market.clockMs() : System.currentTimeMillis();
                        for (Conn c : connections) {
                            String hb = protocol.heartbeat(c, now);
                            if (hb != null) {
                                c.send(hb);
                            }
                        }
                    }
                }
                if (speed > 0) {
                    due += (long) (delay / speed);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            if (!closed && holdConnectionsAfterClose) {
                LOG.info("Local exchange market closed after {} frames; connections stay open", framesSent.get());
                for (Conn c : connections) {
                    c.flushHeld();
                }
            } else if (!closed) {
                LOG.info("Local exchange market closed after {} frames; closing connections", framesSent.get());
                for (Conn c : connections) {
                    c.flushHeld();
                    c.socket.close(1000, "market closed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a bug here must end the clients' connections (as an error), not leave them waiting forever
            LOG.error("Local exchange publisher failed after {} frames; closing connections", framesSent.get(), e);
            for (Conn c : connections) {
                c.socket.close(1011, "local exchange failed: " + e);
            }
        } finally {
            finished.countDown();
        }
    }

    private boolean publishSimulatedStep() {
        synchronized (lock) {
            List<SimulatedMarket.SymbolStep> steps = market.step();
            if (steps == null) {
                return false;
            }
            for (SimulatedMarket.SymbolStep step : steps) {
                List<String> frames = protocol.render(step);
                if (recordTruth) {
                    OrderBook book = market.book(step.symbol());
                    long[][] top = wholeBook(book);
                    truth.computeIfAbsent(step.symbol(), k -> new ConcurrentHashMap<>())
                            .put(protocol.sequence(step.symbol()), top);
                    truthByTime.computeIfAbsent(step.symbol(), k -> new java.util.concurrent.ConcurrentSkipListMap<>())
                            .put(step.timeMs(), top);
                }
                fanOut(step.symbol(), frames);
            }
            return true;
        }
    }

    private static long[][] wholeBook(OrderBook book) {
        int b = book.depth(Side.BUY); // the whole book: the simulated books keep about a hundred levels a side
        int a = book.depth(Side.SELL);
        long[][] t = {new long[b], new long[b], new long[a], new long[a]};
        for (int i = 0; i < b; i++) {
            t[0][i] = book.price(Side.BUY, i);
            t[1][i] = book.size(Side.BUY, i);
        }
        for (int i = 0; i < a; i++) {
            t[2][i] = book.price(Side.SELL, i);
            t[3][i] = book.size(Side.SELL, i);
        }
        return t;
    }

    private void fanOut(String symbol, List<String> frames) {
        if (frames.isEmpty() || faults.silent()) {
            return;
        }
        String key = symbol.toLowerCase(Locale.ROOT);
        for (Conn c : connections) {
            if (c.symbols.contains(key) && c.socket.isOpen()) {
                for (String f : protocol.renderFor(c, frames)) {
                    c.deliver(f);
                }
            }
        }
    }

    private void serveRest(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, String> query = new HashMap<>();
            if (uri.getRawQuery() != null) {
                for (String kv : uri.getRawQuery().split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        query.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            VenueProtocol.RestAnswer answer;
            if (market != null) {
                synchronized (lock) {
                    answer = protocol.rest(uri.getPath(), query, market);
                }
            } else {
                String symbol = query.getOrDefault("symbol",
                        uri.getPath().contains("/orderbook/") ? uri.getPath().replaceAll(".*/orderbook/", "") : null);
                String body = symbol == null ? null : recording.depthSnapshot(symbol, 1000);
                answer = body == null ? null : new VenueProtocol.RestAnswer(200, body);
            }
            if (answer == null) {
                respond(exchange, 404, "{\"code\":-1,\"msg\":\"Not found.\"}");
                return;
            }
            if (answer.status() == 200) {
                snapshotsServed.incrementAndGet();
            }
            respond(exchange, answer.status(), answer.body());
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        publisher.interrupt();
        chaos.shutdownNow();
        try {
            streams.stop(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rest.stop(0);
        try {
            publisher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A client connection: its subscriptions (lower case, so recorded frames match whatever case the client
     * used), its Gemini-v1 counter, a frame held back for reordering, and the frames a hold delays.
     */
    private final class Conn implements Client {
        final WebSocket socket;
        final Set<String> symbols = ConcurrentHashMap.newKeySet();
        final AtomicLong socketSequence = new AtomicLong();
        final Map<String, Object> attributes = new ConcurrentHashMap<>();
        String held;
        /** Frames a {@link Faults#hold} delays, oldest first; sent before the first frame after it ends. */
        final java.util.ArrayDeque<String> delayed = new java.util.ArrayDeque<>();

        Conn(WebSocket socket) {
            this.socket = socket;
        }

        @Override
        public void subscribe(String symbol) {
            synchronized (lock) {
                symbols.add(symbol.toLowerCase(Locale.ROOT));
                if (market != null) {
                    OrderBook book = market.book(symbol);
                    if (book != null) {
                        for (String f : protocol.bookFor(this, symbol, book, market.clockMs())) {
                            send(f);
                        }
                    }
                }
            }
        }

        @Override
        public void unsubscribe(String symbol) {
            symbols.remove(symbol.toLowerCase(Locale.ROOT));
        }

        @Override
        public Set<String> symbols() {
            return symbols;
        }

        @Override
        public void send(String text) {
            synchronized (this) {
                if (faults.holding()) {
                    delayed.add(text);
                    return;
                }
                while (!delayed.isEmpty()) {
                    transmit(delayed.poll());
                }
                transmit(text);
            }
        }

        private void transmit(String text) {
            if (socket.isOpen()) {
                try {
                    socket.send(text);
                    framesSent.incrementAndGet();
                } catch (org.java_websocket.exceptions.WebsocketNotConnectedException closedMeanwhile) {
                    // the connection closed between the check and the send (a drop, a client leaving): its frames
                    // are gone with it, as on a real venue; the market goes on for everyone else
                }
            }
        }

        @Override
        public long nextSocketSequence() {
            return socketSequence.getAndIncrement();
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }

        /** A market-data frame, through the fault injector. */
        void deliver(String frame) {
            switch (faults.next()) {
                case DROP -> faultsInjected.incrementAndGet();
                case DUPLICATE -> {
                    faultsInjected.incrementAndGet();
                    sendInOrder(frame);
                    send(frame);
                }
                case REORDER -> {
                    faultsInjected.incrementAndGet();
                    flushHeld();
                    held = frame; // goes out after the next frame
                }
                case CORRUPT -> {
                    faultsInjected.incrementAndGet();
                    sendInOrder(frame.substring(0, frame.length() / 2));
                }
                case SEND -> sendInOrder(frame);
            }
        }

        void sendInOrder(String frame) {
            send(frame);
            flushHeld();
        }

        void flushHeld() {
            if (held != null) {
                String h = held;
                held = null;
                send(h);
            }
        }
    }

    private void startIfSubscribed(Conn c) {
        if (!c.symbols.isEmpty()) {
            firstSubscription.countDown();
            if (subscribed.add(c)) {
                allSubscribed.countDown();
            }
        }
    }

    private final class StreamServer extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        StreamServer(int pingIntervalSeconds) {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            setConnectionLostTimeout(pingIntervalSeconds);
            setDaemon(true);
        }

        @Override
        public void onOpen(WebSocket socket, ClientHandshake handshake) {
            if (finished.getCount() == 0) {
                socket.close(1000, "market closed"); // a client that reconnects late learns the market is over
                return;
            }
            Conn c = new Conn(socket);
            socket.setAttachment(c);
            connections.add(c);
            connectionsAccepted.incrementAndGet();
            protocol.onOpen(c, URI.create(handshake.getResourceDescriptor()));
            startIfSubscribed(c);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean remote) {
            Object c = socket.getAttachment();
            if (c != null) {
                connections.remove(c);
            }
        }

        @Override
        public void onMessage(WebSocket socket, String message) {
            Conn c = socket.getAttachment();
            if (c != null && !faults.silent()) {
                protocol.onClientText(c, message);
                startIfSubscribed(c); // after the whole message: a replay must not start between two symbols
            }
        }

        @Override
        public void onMessage(WebSocket socket, ByteBuffer message) {}

        @Override
        public void onWebsocketPong(WebSocket socket, Framedata f) {
            pongsReceived.incrementAndGet();
            super.onWebsocketPong(socket, f);
        }

        @Override
        public void onError(WebSocket socket, Exception ex) {
            if (socket == null) {
                LOG.warn("Local exchange WebSocket server error", ex);
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
