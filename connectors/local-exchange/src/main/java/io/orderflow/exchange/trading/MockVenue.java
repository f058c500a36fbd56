package io.orderflow.exchange.trading;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every local mock of a venue's order entry shares: a real HTTP server on a loopback port, a request-rate
 * limit with a penalty second (and a ban for clients that keep sending through it), and the knob that makes the
 * venue accept the next order but answer only after the client has given up.
 */
abstract class MockVenue implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;
    private final int requestsPerSecond;
    private final Deque<Long> recent = new ArrayDeque<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger bans = new AtomicInteger();
    final AtomicInteger badSignatures = new AtomicInteger();
    final AtomicInteger duplicatesRefused = new AtomicInteger();
    private long penaltyUntil;
    private int penaltyViolations;
    private volatile long holdNextOrderMs;
    private final java.util.Map<String, Long> holdById = new java.util.concurrent.ConcurrentHashMap<>();

    MockVenue(String name, String contextPath, int requestsPerSecond) throws IOException {
        this.requestsPerSecond = requestsPerSecond;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext(contextPath, ex -> {
            try (ex) {
                handle(ex);
            }
        });
        server.start();
    }

    abstract void handle(HttpExchange ex) throws IOException;

    public String restBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Accept the next new order, but answer only after {@code hold} (past the client's timeout). */
    public void holdNextOrderAnswer(Duration hold) {
        holdNextOrderMs = hold.toMillis();
    }

    /** Accept the order with this client id (the first time it comes), but answer only after {@code hold}. */
    public void holdAnswerOf(String clientOrderId, Duration hold) {
        holdById.put(clientOrderId, hold.toMillis());
    }

    public int rateLimited() {
        return rateLimited.get();
    }

    public int bans() {
        return bans.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    /** New-order requests refused because their client order id was already there (a resend). */
    public int duplicatesRefused() {
        return duplicatesRefused.get();
    }

    /** Called after an order is stored, before its answer: sleeps if the answer is to be late. */
    void maybeHoldAnswer(String clientOrderId) {
        Long byId = clientOrderId == null ? null : holdById.remove(clientOrderId);
        long hold = byId != null ? byId : holdNextOrderMs;
        if (byId == null) {
            holdNextOrderMs = 0;
        }
        if (hold > 0) {
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Null when the request may proceed; 429 over the rate, 418 for a client that ignores 429s. */
    synchronized Integer rateLimit(long now) {
        if (now < penaltyUntil) {
            if (++penaltyViolations > 3) {
                bans.incrementAndGet();
                return 418;
            }
            rateLimited.incrementAndGet();
            return 429;
        }
        while (!recent.isEmpty() && recent.peekFirst() <= now - 1_000) {
            recent.pollFirst();
        }
        if (recent.size() >= requestsPerSecond) {
            penaltyUntil = now + 1_000;
            penaltyViolations = 0;
            rateLimited.incrementAndGet();
            return 429;
        }
        recent.addLast(now);
        return null;
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null) {
            return out;
        }
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (a held answer): the order stays in, which is the point
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
