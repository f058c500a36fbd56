package io.orderflow.exchange.trading;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderflow.model.Instrument;
import io.orderflow.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
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
 * limit with a penalty second (and a ban for clients that keep sending through it), the knob that makes the
 * venue accept the next order but answer only after the client has given up, the account (executions and
 * positions), and a private WebSocket server on which each mock speaks its venue's authentication and pushes
 * order updates and fills, with an outage switch.
 */
public abstract class MockVenue implements AutoCloseable {
    /** One execution the venue made for the account. Prices, sizes and the fee are exact scaled longs. */
    public record Trade(String tradeId, String clientOrderId, String venueOrderId, String symbol, Side side,
            long price, long quantity, long fee, boolean maker, long timeMs) {}

    /** A working (resting) order as a matching engine sees it: limit price and what is left, in the venue's unit. */
    public record WorkingOrder(String clientOrderId, String symbol, String price, long remaining, boolean partlyFilled) {}

    /** The account's position in one symbol: signed size and average entry. */
    public record Position(String symbol, long quantity, long entryPrice) {}

    private final HttpServer server;
    private final PrivateServer privateServer;
    private final List<Trade> trades = new ArrayList<>();
    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final Set<WebSocket> authenticated = ConcurrentHashMap.newKeySet();
    private volatile boolean refuseStreams;
    private long tradeIds = 70_000;
    private final ExecutorService pool;
    private final int requestsPerSecond;
    private final Deque<Long> recent = new ArrayDeque<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger bans = new AtomicInteger();
    final AtomicInteger badSignatures = new AtomicInteger();
    final AtomicInteger duplicatesRefused = new AtomicInteger();
    private final AtomicInteger ruleRejections = new AtomicInteger();
    private long penaltyUntil;
    private int penaltyViolations;
    private volatile long holdNextOrderMs;
    private final java.util.Map<String, Long> holdById = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long clockSkewMs;
    /** Armed dead man's switches: scope (a symbol, or "*" for the account) -> the venue time it fires at. */
    private final Map<String, Long> cancelAllAt = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService switches =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mock-dead-mans-switch");
                t.setDaemon(true);
                return t;
            });
    private final AtomicInteger switchesFired = new AtomicInteger();
    private final AtomicInteger switchesArmed = new AtomicInteger();
    private final Set<String> lostById = ConcurrentHashMap.newKeySet();
    /** What the venue lists, by symbol: served on its instruments endpoint and enforced on every order. */
    private final Map<String, Instrument> listed = new ConcurrentHashMap<>();

    /** @param contextPath the paths served, comma-separated (e.g. the trading API and the account history) */
    MockVenue(String name, String contextPath, int requestsPerSecond) throws IOException {
        this.requestsPerSecond = requestsPerSecond;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        for (String path : contextPath.split(",")) {
            server.createContext(path, ex -> {
                try (ex) {
                    record(ex);
                    handle(ex);
                }
            });
        }
        server.start();
        switches.scheduleWithFixedDelay(this::checkSwitches, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        privateServer = new PrivateServer(name);
        privateServer.start();
        try {
            if (!privateServer.started.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IOException(name + ": private WebSocket server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + ": interrupted while starting", e);
        }
    }

    abstract void handle(HttpExchange ex) throws IOException;

    /**
     * One request as it reached the venue: method, path, raw query, body, and headers (names lower-cased), so a
     * test can compare what two clients sent for the same operation.
     */
    public record Request(String method, String path, String query, String body, Map<String, String> headers) {}

    private static final int MAX_REQUESTS_KEPT = 10_000;
    private final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    private void record(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        ex.setStreams(new java.io.ByteArrayInputStream(body), null); // handle() reads it again
        Map<String, String> headers = new java.util.TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery(),
                new String(body, StandardCharsets.UTF_8), headers);
        synchronized (requests) {
            if (requests.size() >= MAX_REQUESTS_KEPT) { // a long run keeps the latest
                requests.remove(0);
            }
            requests.add(r);
        }
    }

    /** Every request received since the last {@link #clearRequests}, in arrival order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The account's working limit orders, oldest first (for a test's matching engine). */
    public abstract List<WorkingOrder> workingOrders();

    /** An execution of a working order at {@code price} for {@code quantity} (venue unit), as maker or taker. */
    public abstract void fill(String clientOrderId, String price, String quantity, boolean maker);

    /**
     * Lists these instruments (replacing any of the same symbol): the venue serves them on its public
     * instruments endpoint and refuses orders that break their rules, or name a symbol it does not list.
     */
    public MockVenue list(Instrument... instruments) {
        for (Instrument i : instruments) {
            listed.put(i.symbol(), i);
        }
        return this;
    }

    /** The listed instrument, or null. */
    Instrument listed(String symbol) {
        return symbol == null ? null : listed.get(symbol);
    }

    /** The symbols this mock lists, in order. */
    public List<String> listedSymbols() {
        return listedInstruments().stream().map(Instrument::symbol).toList();
    }

    /** The REST base an order-entry adapter is given (the venue's API root, which may sit under a path). */
    public String tradingBase() {
        return restBase();
    }

    /** Every listed instrument, in symbol order. */
    List<Instrument> listedInstruments() {
        List<Instrument> out = new ArrayList<>(listed.values());
        out.sort(java.util.Comparator.comparing(Instrument::symbol));
        return out;
    }

    /**
     * The venue's clock runs this far from this machine's (positive: ahead): it checks request timestamps and
     * answers its server-time endpoint by it, as a venue does whose clock the client's has drifted from.
     */
    public void skewClock(Duration skew) {
        clockSkewMs = skew.toMillis();
    }

    /**
     * Arms the dead man's switch for {@code scope} (a symbol, or "*" for the whole account) to fire
     * {@code timeoutMs} from now on the venue's clock; 0 disarms it. A fired switch cancels every open order in
     * its scope ({@link #cancelOpenOrders}).
     */
    void armCancelAll(String scope, long timeoutMs) {
        switchesArmed.incrementAndGet();
        if (timeoutMs <= 0) {
            cancelAllAt.remove(scope);
        } else {
            cancelAllAt.put(scope, nowMs() + timeoutMs);
        }
    }

    /** How often a client armed (or disarmed) the dead man's switch. */
    public int deadMansSwitchesArmed() {
        return switchesArmed.get();
    }

    /** How often a dead man's switch fired (its timeout passed without being armed again). */
    public int deadMansSwitchesFired() {
        return switchesFired.get();
    }

    /** Cancels the open orders of {@code symbol} (null: every symbol), as a fired dead man's switch does. */
    abstract void cancelOpenOrders(String symbol);

    /** Fires the switches that are due now (the mock also looks every 50 ms by itself). */
    void checkSwitches() {
        long now = nowMs();
        for (Map.Entry<String, Long> e : cancelAllAt.entrySet()) {
            if (now >= e.getValue() && cancelAllAt.remove(e.getKey(), e.getValue())) {
                switchesFired.incrementAndGet();
                cancelOpenOrders(e.getKey().equals("*") ? null : e.getKey());
            }
        }
    }

    /** The venue's time. */
    long nowMs() {
        return System.currentTimeMillis() + clockSkewMs;
    }

    /** Orders the venue refused for breaking an instrument rule (tick, lot, minimum, unknown symbol). */
    public int ruleRejections() {
        return ruleRejections.get();
    }

    /**
     * The rule an order breaks, or null: {@code venueSize} in the venue's unit, {@code price} the limit (or the
     * fill price for a market order, which has no tick rule).
     */
    Instrument.Violation violation(String symbol, boolean market, long price, long venueSize, boolean reduceOnly) {
        Instrument i = listed(symbol);
        if (i == null) {
            countRuleRejection();
            return new Instrument.Violation("unknown_symbol", symbol + " is not listed");
        }
        Instrument.Violation v = venueSize <= 0 ? new Instrument.Violation("min_size", "size must be positive")
                : i.violation(market, price, i.toBaseSize(venueSize, price), reduceOnly);
        if (v != null) {
            ruleRejections.incrementAndGet();
        }
        return v;
    }

    /** An order refused for a rule the venue checks itself (precision, mode). */
    void countRuleRejection() {
        ruleRejections.incrementAndGet();
    }

    /** Digits after the point of a decimal text, as the venues count "precision". */
    static int decimals(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? 0 : new BigDecimal(text).stripTrailingZeros().scale();
    }

    /** A client opened the private WebSocket at {@code path}: greet it the venue's way (or wait for it). */
    abstract void privateOpened(WebSocket ws, String path);

    /** A text frame on the private WebSocket (login, challenge, subscribe, ping). */
    abstract void privateMessage(WebSocket ws, String text);

    /** The private WebSocket's base URL. */
    public String webSocketBase() {
        return "ws://127.0.0.1:" + privateServer.getPort();
    }

    /** Clients authenticated and subscribed on the private WebSocket right now. */
    public int privateSubscribers() {
        return authenticated.size();
    }

    /**
     * An outage of the private stream: every private connection is dropped; while {@code refuseNew}, new ones are
     * closed at once (REST keeps working), so clients must poll.
     */
    public void dropPrivateStreams(boolean refuseNew) {
        refuseStreams = refuseNew;
        for (WebSocket ws : privateServer.getConnections()) {
            ws.close(1001, "going away");
        }
        authenticated.clear();
    }

    /** Lets private connections in again after {@link #dropPrivateStreams}. */
    public void acceptPrivateStreams() {
        refuseStreams = false;
    }

    void markAuthenticated(WebSocket ws) {
        authenticated.add(ws);
    }

    /** Sends a private event to every authenticated client. */
    void push(String text) {
        for (WebSocket ws : authenticated) {
            if (ws.isOpen()) {
                ws.send(text);
            }
        }
    }

    /** The account's executions, oldest first. */
    public synchronized List<Trade> trades() {
        return new ArrayList<>(trades);
    }

    /** The account's nonzero positions. */
    public synchronized List<Position> positions() {
        List<Position> out = new ArrayList<>();
        for (Position p : positions.values()) {
            if (p.quantity() != 0) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Books an execution, {@code quantity} in the venue's unit: the trade (fee 2 bps maker, 5 bps taker of its quote
     * value, rounded half-up to 10⁻⁸) and the position it moves (in the venue's unit) (average entry on growth, unchanged on reduction, the fill price after a flip).
     */
    synchronized Trade recordTrade(String clientOrderId, String venueOrderId, String symbol, Side side, long price,
            long quantity, boolean maker) {
        Instrument i = listed(symbol);
        long base = i == null ? quantity : i.toBaseSize(quantity, price);
        long fee = BigDecimal.valueOf(price, 8).multiply(BigDecimal.valueOf(base, 8))
                .multiply(BigDecimal.valueOf(maker ? 2 : 5)).movePointLeft(4).setScale(8, RoundingMode.HALF_UP)
                .unscaledValue().longValueExact();
        Trade t = new Trade(Long.toString(++tradeIds), clientOrderId, venueOrderId, symbol, side, price, quantity,
                fee, maker, System.currentTimeMillis());
        trades.add(t);
        Position before = positions.getOrDefault(symbol, new Position(symbol, 0, 0));
        long signed = side == Side.BUY ? quantity : -quantity;
        long after = before.quantity() + signed;
        long entry;
        if (before.quantity() == 0 || Long.signum(before.quantity()) == Long.signum(signed)) {
            entry = averagePrice(before.entryPrice(), Math.abs(before.quantity()), price, quantity);
        } else {
            entry = Long.signum(after) == Long.signum(before.quantity()) ? before.entryPrice() : after == 0 ? 0 : price;
        }
        positions.put(symbol, new Position(symbol, after, entry));
        return t;
    }

    /** The average price after {@code quantity} more at {@code price}, exact, rounded half-up to the unit. */
    static long averagePrice(long average, long filled, long price, long quantity) {
        return BigDecimal.valueOf(average).multiply(BigDecimal.valueOf(filled))
                .add(BigDecimal.valueOf(price).multiply(BigDecimal.valueOf(quantity)))
                .divide(BigDecimal.valueOf(filled + quantity), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The account's position in {@code symbol} (0 if none), signed. */
    synchronized long position(String symbol) {
        Position p = positions.get(symbol);
        return p == null ? 0 : p.quantity();
    }

    public String restBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The next new-order request for this client id is lost before it reaches the venue: nothing is stored, and
     * the connection is closed without an answer (the client's call fails: "answer lost").
     */
    public void loseRequestOf(String clientOrderId) {
        lostById.add(clientOrderId);
    }

    /** Called first by a placement: true when the request is to be lost (the exchange is then closed). */
    boolean loseThisRequest(String clientOrderId) {
        return clientOrderId != null && lostById.remove(clientOrderId);
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
        switches.shutdownNow();
        try {
            privateServer.stop(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The private WebSocket: hands frames to the venue's protocol; drops everyone during an outage. */
    private final class PrivateServer extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        PrivateServer(String name) {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
            setDaemon(true);
        }

        @Override
        public void onOpen(WebSocket ws, ClientHandshake handshake) {
            if (refuseStreams) {
                ws.close(1013, "try again later");
                return;
            }
            privateOpened(ws, handshake.getResourceDescriptor());
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean remote) {
            authenticated.remove(ws);
        }

        @Override
        public void onMessage(WebSocket ws, String message) {
            if (!refuseStreams) {
                privateMessage(ws, message);
            }
        }

        @Override
        public void onError(WebSocket ws, Exception ex) {}

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
