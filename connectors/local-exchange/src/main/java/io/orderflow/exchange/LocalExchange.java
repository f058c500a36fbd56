package io.orderflow.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local exchange on loopback that speaks Binance's public market-data protocol: combined streams on
 * {@code ws://127.0.0.1:<port>/stream?streams=<symbol>@depth@100ms/...} and the REST depth snapshot on
 * {@code http://127.0.0.1:<port>/api/v3/depth?symbol=X&limit=N} (any path ending in {@code /depth}, so spot,
 * Binance.US, USD-M and COIN-M clients all work). It plays a {@link MarketScript} — a simulated market or a
 * recording — starting when the first client connects, at the script's pace times {@code speed} (0 = as fast as
 * possible). Like Binance it pings every connection and drops one that stops answering. When the script ends it
 * closes every connection with code 1000. Ports are ephemeral; {@link #close()} stops everything.
 */
public final class LocalExchange implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExchange.class);

    private final MarketScript script;
    private final double speed;
    private final StreamServer streams;
    private final HttpServer rest;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong snapshotsServed = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final Thread publisher;
    private volatile boolean closed;

    private LocalExchange(MarketScript script, double speed, int pingIntervalSeconds) throws IOException {
        if (speed < 0) {
            throw new IllegalArgumentException("speed must be 0 (as fast as possible) or positive, got " + speed);
        }
        this.script = script;
        this.speed = speed;
        this.streams = new StreamServer(pingIntervalSeconds);
        this.rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        this.rest.createContext("/", this::serveRest);
        this.publisher = new Thread(this::publish, "local-exchange-publisher");
        this.publisher.setDaemon(true);
    }

    /**
     * Starts a local exchange.
     *
     * @param script what to play
     * @param speed 1 for the script's own pace, 10 for ten times faster, 0 for as fast as possible
     * @param pingIntervalSeconds how often to ping clients (Binance spot: 20); a client that does not answer
     *     within 1.5 intervals is disconnected
     */
    public static LocalExchange start(MarketScript script, double speed, int pingIntervalSeconds) throws IOException {
        LocalExchange exchange = new LocalExchange(script, speed, pingIntervalSeconds);
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

    /** {@code ws://127.0.0.1:<port>}: the WebSocket base URL to give the venue endpoints. */
    public String webSocketBase() {
        return "ws://127.0.0.1:" + streams.getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the REST base URL to give the venue endpoints. */
    public String restBase() {
        return "http://127.0.0.1:" + rest.getAddress().getPort();
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

    public int openConnections() {
        return connections.size();
    }

    /** Waits until the script has ended (or the exchange was closed). */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** Closes every open client connection abnormally, as a network failure would (clients should reconnect). */
    public void dropAllConnections() {
        for (Connection c : connections) {
            c.socket.closeConnection(1006, "dropped by the local exchange");
        }
    }

    private void publish() {
        try {
            firstConnection.await();
            long due = System.nanoTime();
            MarketScript.Step step;
            while (!closed && (step = script.next()) != null) {
                if (speed > 0) {
                    due += (long) (step.delayNanos() / speed);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                for (MarketScript.Frame f : step.frames()) {
                    for (Connection c : connections) {
                        if (c.symbols.contains(f.symbol()) && c.socket.isOpen()) {
                            c.socket.send(f.text());
                            framesSent.incrementAndGet();
                        }
                    }
                }
            }
            if (!closed) {
                LOG.info("Local exchange script finished after {} frames; closing connections", framesSent.get());
                for (Connection c : connections) {
                    c.socket.close(1000, "replay finished");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private void serveRest(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String symbol = null;
            int limit = 100;
            if (uri.getRawQuery() != null) {
                for (String kv : uri.getRawQuery().split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String k = kv.substring(0, eq);
                    String v = kv.substring(eq + 1);
                    if (k.equals("symbol")) {
                        symbol = v;
                    } else if (k.equals("limit")) {
                        try {
                            limit = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            respond(exchange, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in limit.\"}");
                            return;
                        }
                    }
                }
            }
            if (!uri.getPath().endsWith("/depth")) {
                respond(exchange, 404, "{\"code\":-1,\"msg\":\"Not found.\"}");
                return;
            }
            String body = symbol == null ? null : script.depthSnapshot(symbol, limit);
            if (body == null) {
                respond(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                return;
            }
            snapshotsServed.incrementAndGet();
            respond(exchange, 200, body);
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

    private record Connection(WebSocket socket, Set<String> symbols) {}

    private final class StreamServer extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        StreamServer(int pingIntervalSeconds) {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            setConnectionLostTimeout(pingIntervalSeconds);
            setDaemon(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            Set<String> symbols = new HashSet<>();
            URI uri = URI.create(handshake.getResourceDescriptor());
            String query = uri.getQuery();
            if (query != null && query.startsWith("streams=")) {
                for (String stream : query.substring("streams=".length()).split("/")) {
                    int at = stream.indexOf('@');
                    symbols.add((at < 0 ? stream : stream.substring(0, at)).toLowerCase(Locale.ROOT));
                }
            } else if (uri.getPath().startsWith("/ws/")) {
                String stream = uri.getPath().substring(4);
                int at = stream.indexOf('@');
                symbols.add((at < 0 ? stream : stream.substring(0, at)).toLowerCase(Locale.ROOT));
            }
            Connection c = new Connection(conn, symbols);
            conn.setAttachment(c);
            connections.add(c);
            connectionsAccepted.incrementAndGet();
            firstConnection.countDown();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            Object c = conn.getAttachment();
            if (c != null) {
                connections.remove(c);
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            // Subscriptions come in the URL; Binance answers SUBSCRIBE requests, which orderflow does not send.
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {}

        @Override
        public void onWebsocketPong(WebSocket conn, Framedata f) {
            pongsReceived.incrementAndGet();
            super.onWebsocketPong(conn, f);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                LOG.warn("Local exchange WebSocket server error", ex);
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
