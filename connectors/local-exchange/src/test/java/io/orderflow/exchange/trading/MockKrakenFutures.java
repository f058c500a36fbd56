package io.orderflow.exchange.trading;

import com.sun.net.httpserver.HttpExchange;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.model.Side;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.auth.RequestSigners;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.java_websocket.WebSocket;

/**
 * A local Kraken Futures (demo) order-entry server, strict the way the venue is: it checks APIKey, a strictly
 * increasing Nonce and the Authent signature (over postData + nonce + the path after {@code /derivatives});
 * reports a reused cliOrdId as {@code clientOrderIdAlreadyExist}; answers bursts with HTTP 429
 * {@code apiLimitExceeded}. Limit orders enter the book until the test fills them ({@link #fill}); market orders
 * execute at once at a set price; a reduce-only order that would not reduce is refused
 * ({@code wouldNotReducePosition}). editorder, openpositions, fills and the private {@code fills} /
 * {@code open_orders} feeds behind the signed challenge are served.
 */
public final class MockKrakenFutures extends MockVenue {
    /** An order the venue holds. */
    public record HeldOrder(String orderId, String cliOrdId, String symbol, String side, String orderType,
            String limitPrice, String size, String status, String filled, String avgFillPrice) {}

    /** Each endpoint's documented method: a request with another is refused, as the venue does. */
    private static final Map<String, String> METHODS = Map.ofEntries(Map.entry("/api/v3/sendorder", "POST"),
            Map.entry("/api/v3/orders/status", "POST"), Map.entry("/api/v3/cancelorder", "POST"),
            Map.entry("/api/v3/cancelallorders", "POST"), Map.entry("/api/v3/cancelallordersafter", "POST"),
            Map.entry("/api/v3/editorder", "POST"), Map.entry("/api/v3/openorders", "GET"),
            Map.entry("/api/v3/openpositions", "GET"), Map.entry("/api/v3/fills", "GET"),
            Map.entry("/api/history/v2/orders", "GET"));

    private final ApiCredentials credentials;
    /** Every order by the venue's order id (a cliOrdId comes back once its order is final). */
    private final Map<String, HeldOrder> orders = new LinkedHashMap<>();
    /** When each final order ended: {@code orders/status} forgets it 5 s later. */
    private final Map<String, Long> finishedAt = new java.util.HashMap<>();
    /** The account's order history: one event per change, oldest first. */
    private final List<String[]> history = new ArrayList<>(); // {time ms, type, order id, order JSON}
    private long lastNonce;
    private volatile String marketFillPrice = "60000";
    private final Map<WebSocket, String> challenges = new java.util.concurrent.ConcurrentHashMap<>();
    private long fillSeq;
    private final byte[] challengeKey;

    public MockKrakenFutures(String apiKey, String secret, int requestsPerSecond) throws IOException {
        super("mock-kraken-futures", "/derivatives/api/v3/,/api/history/", requestsPerSecond);
        this.credentials = new ApiCredentials(apiKey, secret.toCharArray(), null);
        this.challengeKey = java.util.Base64.getDecoder().decode(secret);
        // Kraken's own contracts (instruments, December 2026): inverse PI_ in whole USD, linear PF_ in base steps
        list(inverse("PI_XBTUSD", "0.5"), inverse("PI_ETHUSD", "0.05"), linear("PF_XBTUSD", "0.5", 4),
                linear("PF_ETHUSD", "0.1", 3));
    }

    /** The trading API sits under {@code /derivatives}; the history API beside it. */
    @Override
    public String tradingBase() {
        return restBase() + "/derivatives";
    }

    /** An inverse perpetual: 1 USD a contract, whole contracts. */
    public static Instrument inverse(String symbol, String tick) {
        return new Instrument("kraken-futures", symbol, Instrument.Kind.INVERSE, Decimals.parse(tick), Decimals.UNIT,
                Decimals.UNIT, Decimals.UNIT, 0, Decimals.UNIT, false);
    }

    /** A linear (flexible) perpetual: 1 base a contract, in steps of 10^-precision. */
    public static Instrument linear(String symbol, String tick, int precision) {
        long step = Decimals.fromBigDecimal(java.math.BigDecimal.ONE.scaleByPowerOfTen(-precision));
        return new Instrument("kraken-futures", symbol, Instrument.Kind.LINEAR, Decimals.parse(tick), step, step,
                step, 0, Decimals.UNIT, false);
    }

    /** {@code GET /derivatives/api/v3/instruments} in the documented shape: tick and contract size as numbers. */
    private String instruments() {
        StringBuilder b = new StringBuilder("{\"result\":\"success\",\"serverTime\":\"")
                .append(java.time.Instant.now()).append("\",\"instruments\":[");
        String sep = "";
        for (Instrument i : listedInstruments()) {
            boolean inverse = i.kind() == Instrument.Kind.INVERSE;
            b.append(sep).append("{\"symbol\":\"").append(i.symbol()).append("\",\"type\":\"")
                    .append(inverse ? "futures_inverse" : "flexible_futures").append("\",\"tickSize\":")
                    .append(Decimals.toPlainString(i.tickSize())).append(",\"contractSize\":")
                    .append(Decimals.toPlainString(i.contractValue())).append(",\"tradeable\":true")
                    .append(",\"contractValueTradePrecision\":")
                    .append(java.math.BigDecimal.valueOf(i.lotSize(), Decimals.SCALE).stripTrailingZeros().scale())
                    .append(",\"postOnly\":false,\"marginLevels\":[]}");
            sep = ",";
        }
        return b.append("]}").toString();
    }

    /** Kraken's sendorder statuses for an order its contract refuses: invalidPrice, invalidSize. */
    private String ruleStatus(Map<String, String> f, long price) {
        boolean market = "mkt".equals(f.get("orderType"));
        Instrument.Violation v = violation(f.get("symbol"), market, price, Decimals.parse(f.getOrDefault("size", "0")),
                false);
        if (v == null) {
            return null;
        }
        return v.rule().equals("tick_size") ? "invalidPrice" : v.rule().equals("unknown_symbol") ? "marketSuspended"
                : "invalidSize";
    }

    public void fillMarketOrdersAt(String price) {
        marketFillPrice = price;
    }

    public synchronized List<HeldOrder> orders() {
        return new ArrayList<>(orders.values());
    }

    @Override
    void handle(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getPath().equals("/derivatives/api/v3/instruments")
                && ex.getRequestMethod().equals("GET")) {
            reply(ex, 200, instruments()); // public: no key
            return;
        }
        var h = ex.getRequestHeaders();
        if (!credentials.apiKey().equals(h.getFirst("APIKey"))) {
            reply(ex, 401, error("authenticationError"));
            return;
        }
        if (rateLimit(System.currentTimeMillis()) != null) {
            reply(ex, 429, error("apiLimitExceeded"));
            return;
        }
        String method = ex.getRequestMethod();
        // postData, what Authent signs, is the query string or the form body: Kraken documents both placements
        // (ccxt sends POST parameters in the query string, orderflow in the body)
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String sentBody = method.equals("GET") ? "" : body(ex);
        String postData = sentBody.isEmpty() ? query : sentBody;
        String path = ex.getRequestURI().getPath();
        // the trading API signs the path after /derivatives; the history API its own path
        String endpoint = path.startsWith("/derivatives") ? path.substring("/derivatives".length()) : path;
        String nonce = h.getFirst("Nonce");
        if (!RequestSigners.krakenFutures(credentials, postData, nonce, endpoint).equals(h.getFirst("Authent"))) {
            badSignatures.incrementAndGet();
            reply(ex, 401, error("authenticationError"));
            return;
        }
        synchronized (this) {
            long n = nonce == null || nonce.isEmpty() ? Long.MAX_VALUE : Long.parseLong(nonce);
            if (n != Long.MAX_VALUE && n <= lastNonce) {
                reply(ex, 200, error("nonceBelowThreshold"));
                return;
            }
            lastNonce = n == Long.MAX_VALUE ? lastNonce : n;
        }
        Map<String, String> form = parseQuery(postData);
        String allowed = METHODS.get(endpoint);
        if (allowed != null && !allowed.equals(method)) {
            reply(ex, 405, error("methodNotAllowed: " + endpoint + " takes " + allowed));
            return;
        }
        switch (endpoint) {
            case "/api/v3/sendorder" -> place(ex, form);
            case "/api/history/v2/orders" -> {
                long since = Long.parseLong(form.getOrDefault("since", "0"));
                StringBuilder b = new StringBuilder();
                synchronized (this) {
                    for (String[] e : history) {
                        if (Long.parseLong(e[0]) >= since) {
                            b.append(b.length() > 0 ? "," : "").append("{\"order\":").append(e[3])
                                    .append(",\"type\":\"").append(e[1]).append("\"}");
                        }
                    }
                }
                reply(ex, 200, "{\"serverTime\":\"" + java.time.Instant.ofEpochMilli(nowMs()) + "\",\"orderEvents\":["
                        + b + "]}");
            }
            case "/api/v3/orders/status" -> {
                HeldOrder o = recentlyKnown(find(form.get("cliOrdIds")));
                reply(ex, 200, "{\"result\":\"success\",\"serverTime\":\"2026-11-22T00:00:00.000Z\",\"orders\":["
                        + (o == null ? "" : status(o)) + "]}");
            }
            case "/api/v3/cancelorder" -> { // by order_id or by cliOrdId
                HeldOrder c = form.containsKey("order_id") ? cancel(byOrderId(form.get("order_id")))
                        : cancel(form.get("cliOrdId"));
                reply(ex, 200, "{\"result\":\"success\",\"cancelStatus\":{\"status\":\""
                        + (c == null ? "notFound" : "cancelled") + "\",\""
                        + (form.containsKey("order_id") ? "order_id\":\"" + form.get("order_id")
                                : "cliOrdId\":\"" + form.get("cliOrdId")) + "\"}}");
            }
            case "/api/v3/cancelallorders" -> {
                for (HeldOrder o : orders()) {
                    if (o.symbol().equalsIgnoreCase(form.get("symbol")) && o.status().equals("ENTERED_BOOK")) {
                        cancel(o.cliOrdId());
                    }
                }
                reply(ex, 200, "{\"result\":\"success\",\"cancelStatus\":{\"status\":\"cancelled\"}}");
            }
            case "/api/v3/cancelallordersafter" -> {
                long seconds = Long.parseLong(form.getOrDefault("timeout", "0"));
                armCancelAll("*", seconds * 1000);
                String now = java.time.Instant.ofEpochMilli(nowMs()).toString();
                reply(ex, 200, "{\"result\":\"success\",\"status\":{\"currentTime\":\"" + now
                        + "\",\"triggerTime\":\"" + (seconds == 0 ? "0" : java.time.Instant.ofEpochMilli(nowMs()
                        + seconds * 1000)) + "\"},\"serverTime\":\"" + now + "\"}");
            }
            case "/api/v3/openorders" -> {
                StringBuilder b = new StringBuilder();
                for (HeldOrder o : orders()) {
                    if (o.status().equals("ENTERED_BOOK")) {
                        b.append(b.length() > 0 ? "," : "").append("{\"order_id\":\"").append(o.orderId())
                                .append("\",\"cliOrdId\":\"").append(o.cliOrdId()).append("\",\"symbol\":\"")
                                .append(o.symbol()).append("\",\"side\":\"").append(o.side())
                                .append("\",\"orderType\":\"").append(o.orderType()).append("\",\"limitPrice\":")
                                .append(o.limitPrice()).append(",\"unfilledSize\":").append(o.size())
                                .append(",\"filledSize\":").append(o.filled()).append(",\"status\":\"untouched\"}");
                    }
                }
                reply(ex, 200, "{\"result\":\"success\",\"openOrders\":[" + b + "]}");
            }
            case "/api/v3/editorder" -> {
                HeldOrder e = edit(form.get("cliOrdId"), form.get("limitPrice"), form.get("size"));
                reply(ex, 200, "{\"result\":\"success\",\"editStatus\":{\"status\":\""
                        + (e == null ? "orderForEditNotFound" : "edited") + "\",\"orderId\":\""
                        + (e == null ? "" : e.orderId()) + "\",\"receivedTime\":\"2026-11-22T00:00:00.000Z\"}}");
            }
            case "/api/v3/openpositions" -> {
                StringBuilder b = new StringBuilder();
                for (Position p : positions()) {
                    b.append(b.length() > 0 ? "," : "").append("{\"side\":\"").append(p.quantity() > 0 ? "long" : "short")
                            .append("\",\"symbol\":\"").append(p.symbol()).append("\",\"price\":")
                            .append(Decimals.toPlainString(p.entryPrice())).append(",\"size\":")
                            .append(Decimals.toPlainString(Math.abs(p.quantity()))).append('}');
                }
                reply(ex, 200, "{\"result\":\"success\",\"openPositions\":[" + b + "]}");
            }
            case "/api/v3/fills" -> {
                StringBuilder b = new StringBuilder();
                List<Trade> all = trades();
                java.util.Collections.reverse(all); // newest first, the latest 100
                for (Trade t : all.subList(0, Math.min(100, all.size()))) {
                    b.append(b.length() > 0 ? "," : "").append("{\"fill_id\":\"").append(t.tradeId())
                            .append("\",\"symbol\":\"").append(t.symbol()).append("\",\"side\":\"")
                            .append(t.side().name().toLowerCase(java.util.Locale.ROOT)).append("\",\"order_id\":\"")
                            .append(t.venueOrderId()).append("\",\"size\":").append(Decimals.toPlainString(t.quantity())).append(",\"price\":")
                            .append(Decimals.toPlainString(t.price())).append(",\"fillTime\":\"")
                            .append(java.time.Instant.ofEpochMilli(t.timeMs())).append("\",\"fillType\":\"")
                            .append(t.maker() ? "maker" : "taker").append("\"}");
                }
                reply(ex, 200, "{\"result\":\"success\",\"fills\":[" + b + "]}");
            }
            default -> reply(ex, 404, error("no such endpoint in the mock: " + endpoint));
        }
    }

    private void place(HttpExchange ex, Map<String, String> f) throws IOException {
        String id = f.get("cliOrdId");
        if (loseThisRequest(id)) {
            return; // lost on the way: never stored, never answered
        }
        HeldOrder o;
        synchronized (this) {
            HeldOrder same = find(id);
            if (same != null && working(same)) { // strict reading: a cliOrdId is refused only while it is open
                duplicatesRefused.incrementAndGet();
                reply(ex, 200, "{\"result\":\"success\",\"sendStatus\":{\"status\":\"clientOrderIdAlreadyExist\"}}");
                return;
            }
            long price = "mkt".equals(f.get("orderType")) ? Decimals.parse(marketFillPrice)
                    : Decimals.parse(f.getOrDefault("limitPrice", "0"));
            String refused = ruleStatus(f, price);
            if (refused != null) {
                reply(ex, 200, "{\"result\":\"success\",\"sendStatus\":{\"status\":\"" + refused + "\"}}");
                return;
            }
            if ("true".equals(f.get("reduceOnly"))) {
                long position = position(f.get("symbol"));
                long signed = "buy".equals(f.get("side")) ? Decimals.parse(f.get("size")) : -Decimals.parse(f.get("size"));
                if (position == 0 || Long.signum(position) == Long.signum(signed)) {
                    reply(ex, 200, "{\"result\":\"success\",\"sendStatus\":{\"status\":\"wouldNotReducePosition\"}}");
                    return;
                }
            }
            o = new HeldOrder(UUID.randomUUID().toString(), id, f.get("symbol"), f.get("side"), f.get("orderType"),
                    f.getOrDefault("limitPrice", "0"), f.get("size"), "ENTERED_BOOK", "0", "0");
            orders.put(o.orderId(), o);
            record("PLACE", o);
            pushOrder(o, false, "new_placed_order_by_user");
            if ("mkt".equals(f.get("orderType"))) {
                o = execute(o, Decimals.parse(marketFillPrice), Decimals.parse(f.get("size")), false);
            } else if ("ioc".equals(f.get("orderType"))) {
                // the market stands at the market-fill price: an IOC that reaches it fills there, else is cancelled
                long market = Decimals.parse(marketFillPrice);
                boolean crosses = "buy".equals(f.get("side")) ? price >= market : price <= market;
                o = crosses ? execute(o, market, Decimals.parse(f.get("size")), false) : cancel(id);
            }
        }
        maybeHoldAnswer(id);
        // as documented: the order's events ride along (PLACE, and EXECUTION when it traded at once)
        String when = java.time.Instant.ofEpochMilli(nowMs()).toString();
        String placed = "{\"orderId\":\"" + o.orderId() + "\",\"cliOrdId\":\"" + o.cliOrdId() + "\",\"type\":\""
                + o.orderType() + "\",\"symbol\":\"" + o.symbol() + "\",\"side\":\"" + o.side() + "\",\"quantity\":"
                + o.size() + ",\"filled\":0,\"limitPrice\":" + o.limitPrice()
                + ",\"reduceOnly\":" + "true".equals(f.get("reduceOnly")) + ",\"timestamp\":\"" + when
                + "\",\"lastUpdateTimestamp\":\"" + when + "\"}";
        String events = "{\"type\":\"PLACE\",\"order\":" + placed + ",\"reducedQuantity\":null}";
        if (Decimals.parse(o.filled()) > 0) {
            events += ",{\"type\":\"EXECUTION\",\"executionId\":\"" + UUID.randomUUID() + "\",\"price\":"
                    + o.avgFillPrice() + ",\"amount\":" + o.filled() + ",\"orderPriorEdit\":null,"
                    + "\"orderPriorExecution\":" + placed + ",\"takerReducedQuantity\":null}";
        }
        reply(ex, 200, "{\"result\":\"success\",\"sendStatus\":{\"order_id\":\"" + o.orderId()
                + "\",\"status\":\"placed\",\"receivedTime\":\"" + when + "\",\"orderEvents\":[" + events
                + "]},\"serverTime\":\"" + when + "\"}");
    }

    @Override
    public synchronized List<WorkingOrder> workingOrders() {
        List<WorkingOrder> out = new ArrayList<>();
        for (HeldOrder o : orders.values()) {
            if (working(o) && !o.orderType().equals("mkt")) {
                out.add(new WorkingOrder(o.cliOrdId(), o.symbol(), o.limitPrice(),
                        Decimals.parse(o.size()) - Decimals.parse(o.filled()), o.status().startsWith("PART")));
            }
        }
        return out;
    }

    /** An execution of a working order (a resting order meeting the market): trade, position, stream events. */
    @Override
    public synchronized void fill(String cliOrdId, String price, String quantity, boolean maker) {
        HeldOrder o = find(cliOrdId);
        if (o == null || !(o.status().equals("ENTERED_BOOK") || o.status().equals("PARTIALLY_FILLED"))) {
            throw new IllegalArgumentException("no working order " + cliOrdId);
        }
        execute(o, Decimals.parse(price), Decimals.parse(quantity), maker);
    }

    private synchronized HeldOrder execute(HeldOrder o, long price, long quantity, boolean maker) {
        long before = Decimals.parse(o.filled());
        long after = before + quantity;
        long average = averagePrice(Decimals.parse(o.avgFillPrice()), before, price, quantity);
        boolean full = after >= Decimals.parse(o.size());
        HeldOrder filled = new HeldOrder(o.orderId(), o.cliOrdId(), o.symbol(), o.side(), o.orderType(),
                o.limitPrice(), o.size(), full ? "FULLY_EXECUTED" : "PARTIALLY_FILLED", Decimals.toPlainString(after),
                Decimals.toPlainString(average));
        orders.put(filled.orderId(), filled);
        record("EXECUTION", filled);
        Trade t = recordTrade(o.cliOrdId(), o.orderId(), o.symbol(), Side.valueOf(o.side().toUpperCase(
                java.util.Locale.ROOT)), price, quantity, maker);
        push("{\"feed\":\"fills\",\"username\":\"demo\",\"fills\":[" + fillJson(t) + "]}");
        if (full) {
            cancelDelta(filled, "full_fill");
        } else {
            pushOrder(filled, false, "partial_fill");
        }
        return filled;
    }

    private String fillJson(Trade t) {
        return "{\"instrument\":\"" + t.symbol() + "\",\"time\":" + t.timeMs() + ",\"price\":"
                + Decimals.toPlainString(t.price()) + ",\"seq\":" + (++fillSeq) + ",\"buy\":" + (t.side() == Side.BUY)
                + ",\"qty\":" + Decimals.toPlainString(t.quantity()) + ",\"order_id\":\"" + t.venueOrderId()
                + "\",\"cli_ord_id\":\"" + t.clientOrderId() + "\",\"fill_id\":\"" + t.tradeId()
                + "\",\"fill_type\":\"" + (t.maker() ? "maker" : "taker") + "\",\"fee_paid\":"
                + Decimals.toPlainString(feePaid(t)) + ",\"fee_currency\":\"" + feeCurrency(t) + "\"}";
    }

    /** Inverse contracts settle, and pay fees, in the base currency: the quote fee at the fill price. */
    private boolean inverse(Trade t) {
        Instrument i = listed(t.symbol());
        return i != null && i.kind() == Instrument.Kind.INVERSE;
    }

    private long feePaid(Trade t) {
        return inverse(t) ? Decimals.fromBigDecimal(Decimals.toBigDecimal(t.fee()).divide(
                Decimals.toBigDecimal(t.price()), Decimals.SCALE, java.math.RoundingMode.HALF_EVEN)) : t.fee();
    }

    private String feeCurrency(Trade t) {
        return inverse(t) ? (t.symbol().contains("ETH") ? "ETH" : "BTC") : "USD";
    }

    /** An {@code open_orders} push: the order, and whether (and why) it left the book. */
    private void pushOrder(HeldOrder o, boolean gone, String reason) {
        long now = System.currentTimeMillis();
        push("{\"feed\":\"open_orders\",\"order\":{\"instrument\":\"" + o.symbol() + "\",\"time\":" + now
                + ",\"last_update_time\":" + now + ",\"qty\":" + o.size() + ",\"filled\":" + o.filled()
                + ",\"limit_price\":" + o.limitPrice() + ",\"stop_price\":null,\"type\":\"limit\",\"order_id\":\""
                + o.orderId() + "\",\"cli_ord_id\":\"" + o.cliOrdId() + "\",\"direction\":"
                + ("buy".equals(o.side()) ? 0 : 1) + ",\"reduce_only\":false},\"is_cancel\":" + gone
                + ",\"reason\":\"" + reason + "\"}");
    }

    private synchronized HeldOrder edit(String cliOrdId, String limitPrice, String size) {
        HeldOrder o = find(cliOrdId);
        if (o == null || !o.status().equals("ENTERED_BOOK")) {
            return null;
        }
        HeldOrder e = new HeldOrder(o.orderId(), o.cliOrdId(), o.symbol(), o.side(), o.orderType(), limitPrice, size,
                o.status(), o.filled(), o.avgFillPrice());
        orders.put(e.orderId(), e);
        record("EDIT", e);
        pushOrder(e, false, "edited_by_user");
        return e;
    }

    @Override
    void privateOpened(WebSocket ws, String path) {
        if (!path.equals("/ws/v1")) {
            ws.close(1008, "no such path");
        }
    }

    /**
     * challenge → a UUID; subscriptions must carry it and its signature, checked here with its own HMAC code:
     * base64(HMAC-SHA512(base64decode(secret), SHA256(challenge))).
     */
    @Override
    void privateMessage(WebSocket ws, String text) {
        Map<String, String> m = io.orderflow.venue.trading.FlatJson.object(text);
        String event = m.getOrDefault("event", "");
        if (event.equals("challenge") && credentials.apiKey().equals(m.get("api_key"))) {
            String challenge = UUID.randomUUID().toString();
            challenges.put(ws, challenge);
            ws.send("{\"event\":\"challenge\",\"message\":\"" + challenge + "\"}");
        } else if (event.equals("subscribe")) {
            String challenge = challenges.get(ws);
            if (challenge == null || !challenge.equals(m.get("original_challenge"))
                    || !signChallenge(challenge).equals(m.get("signed_challenge"))) {
                badSignatures.incrementAndGet();
                ws.send("{\"event\":\"error\",\"message\":\"Invalid challenge\"}");
                return;
            }
            ws.send("{\"event\":\"subscribed\",\"feed\":\"" + m.get("feed") + "\"}");
            if ("fills".equals(m.get("feed"))) {
                // the account's recent fills first, as Kraken sends them: without cli_ord_id
                StringBuilder snapshot = new StringBuilder();
                for (Trade t : trades()) {
                    snapshot.append(snapshot.length() > 0 ? "," : "")
                            .append(fillJson(t).replace(",\"cli_ord_id\":\"" + t.clientOrderId() + "\"", ""));
                }
                ws.send("{\"feed\":\"fills_snapshot\",\"account\":\"demo\",\"fills\":[" + snapshot + "]}");
                markAuthenticated(ws);
            }
        }
    }

    private String signChallenge(String challenge) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                    challenge.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
            mac.init(new javax.crypto.spec.SecretKeySpec(challengeKey, "HmacSHA512"));
            return java.util.Base64.getEncoder().encodeToString(mac.doFinal(digest));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e.getClass().getSimpleName());
        }
    }

    @Override
    synchronized void cancelOpenOrders(String symbol) {
        for (HeldOrder o : List.copyOf(orders.values())) {
            if ((symbol == null || o.symbol().equalsIgnoreCase(symbol)) && working(o)) {
                cancel(o.cliOrdId());
            }
        }
    }

    /** The latest order with this cliOrdId. */
    private synchronized HeldOrder find(String cliOrdId) {
        HeldOrder latest = null;
        for (HeldOrder o : orders.values()) {
            if (o.cliOrdId().equals(cliOrdId)) {
                latest = o;
            }
        }
        return latest;
    }

    private static boolean working(HeldOrder o) {
        return o.status().equals("ENTERED_BOOK") || o.status().equals("PARTIALLY_FILLED");
    }

    /** What {@code orders/status} still knows: open orders, and final ones for 5 s after they ended. */
    private synchronized HeldOrder recentlyKnown(HeldOrder o) {
        if (o == null || working(o)) {
            return o;
        }
        Long ended = finishedAt.get(o.orderId());
        return ended != null && nowMs() - ended <= 5_000 ? o : null;
    }

    /** An order-history event, and the end time of a final order. */
    private synchronized void record(String type, HeldOrder o) {
        long now = nowMs();
        if (!working(o)) {
            finishedAt.putIfAbsent(o.orderId(), now);
        }
        String t = "\"" + java.time.Instant.ofEpochMilli(now) + "\"";
        history.add(new String[] {Long.toString(now), type, o.orderId(), "{\"orderId\":\"" + o.orderId()
                + "\",\"cliOrdId\":\"" + o.cliOrdId() + "\",\"type\":\"" + o.orderType() + "\",\"symbol\":\""
                + o.symbol() + "\",\"side\":\"" + o.side() + "\",\"quantity\":" + o.size() + ",\"filled\":"
                + o.filled() + ",\"limitPrice\":" + o.limitPrice() + ",\"timestamp\":" + t
                + ",\"lastUpdateTimestamp\":" + t + ",\"reduceOnly\":false}"});
    }

    /**
     * An order leaving the book, as Kraken's {@code open_orders} feed says it: ids, {@code is_cancel} and the
     * reason, without the order object.
     */
    private void cancelDelta(HeldOrder o, String reason) {
        push("{\"feed\":\"open_orders\",\"order_id\":\"" + o.orderId() + "\",\"cli_ord_id\":\"" + o.cliOrdId()
                + "\",\"is_cancel\":true,\"reason\":\"" + reason + "\"}");
    }

    private synchronized HeldOrder byOrderId(String orderId) {
        return orders.get(orderId);
    }

    private synchronized HeldOrder cancel(String cliOrdId) {
        return cancel(find(cliOrdId));
    }

    private synchronized HeldOrder cancel(HeldOrder o) {
        if (o == null || !(o.status().equals("ENTERED_BOOK") || o.status().equals("PARTIALLY_FILLED"))) {
            return null;
        }
        HeldOrder c = new HeldOrder(o.orderId(), o.cliOrdId(), o.symbol(), o.side(), o.orderType(), o.limitPrice(),
                o.size(), "CANCELLED", o.filled(), o.avgFillPrice());
        orders.put(c.orderId(), c);
        record("CANCEL", c);
        cancelDelta(c, "cancelled_by_user");
        return c;
    }

    private static String status(HeldOrder o) {
        return "{\"order\":{\"type\":\"ORDER\",\"orderId\":\"" + o.orderId() + "\",\"cliOrdId\":\"" + o.cliOrdId()
                + "\",\"symbol\":\"" + o.symbol() + "\",\"side\":\"" + o.side() + "\",\"quantity\":" + o.size()
                + ",\"filled\":" + o.filled() + ",\"limitPrice\":" + o.limitPrice() + "},\"status\":\"" + o.status() + "\",\"updateReason\":null,\"error\":null}";
    }

    private static String error(String error) {
        return "{\"result\":\"error\",\"error\":\"" + error + "\",\"serverTime\":\"2026-11-22T00:00:00.000Z\"}";
    }
}
