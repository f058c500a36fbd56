package io.orderflow.exchange.trading;

import com.sun.net.httpserver.HttpExchange;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.model.Side;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.auth.RequestSigners;
import io.orderflow.venue.trading.FlatJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;

/**
 * A local OKX v5 order-entry server in demo-trading mode, strict the way OKX is: it checks the key, passphrase,
 * HMAC signature over timestamp + method + path + body and a timestamp within 30 s; requires
 * {@code x-simulated-trading: 1}; refuses a duplicated clOrdId (sCode 51016); answers bursts with HTTP 429 and
 * code 50011. Limit orders go live until the test fills them ({@link #fill}); market orders fill at once at a set
 * price; a reduce-only order with no position to reduce is refused (51169). Amend, positions, fills (trade
 * history) and the private {@code orders} channel after a signed login are served.
 */
public final class MockOkx extends MockVenue {
    /** An order the venue holds, in OKX's words. */
    public record HeldOrder(String ordId, String clOrdId, String instId, String side, String ordType, String px,
            String sz, String state, String accFillSz, String avgPx) {}

    private final ApiCredentials credentials;
    private final Map<String, HeldOrder> orders = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(600_000_000);
    private volatile String marketFillPrice = "60000";
    private volatile String positionMode = "net_mode";
    private final java.util.Set<WebSocket> loggedIn = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public MockOkx(String apiKey, String secret, String passphrase, int requestsPerSecond) throws IOException {
        super("mock-okx", "/api/v5/", requestsPerSecond);
        this.credentials = new ApiCredentials(apiKey, secret.toCharArray(), passphrase.toCharArray());
        // OKX's own rules for these instruments (public/instruments, December 2026)
        list(spot("BTC-USDT", "0.1", "0.00000001", "0.00001"), spot("ETH-USDT", "0.01", "0.000001", "0.0001"),
                swap("BTC-USDT-SWAP", "0.1", "0.01", "0.01", "0.01"), swap("ETH-USDT-SWAP", "0.01", "0.01", "0.01",
                        "0.1"));
    }

    public static Instrument spot(String instId, String tick, String lot, String min) {
        return new Instrument("okx", instId, Instrument.Kind.SPOT, Decimals.parse(tick), Decimals.parse(lot),
                Decimals.parse(min), Decimals.parse(lot), 0, Decimals.UNIT, false);
    }

    /** A linear USDT swap: {@code lot} and {@code min} in contracts of {@code ctVal} base each. */
    public static Instrument swap(String instId, String tick, String lot, String min, String ctVal) {
        return new Instrument("okx", instId, Instrument.Kind.LINEAR, Decimals.parse(tick), Decimals.parse(lot),
                Decimals.parse(min), Decimals.parse(lot), 0, Decimals.parse(ctVal), false);
    }

    private static boolean isSpot(Instrument i) {
        return i.kind() == Instrument.Kind.SPOT;
    }

    /** {@code GET /api/v5/public/instruments?instType=...} in the documented shape; instType is required. */
    private String instruments(String instType) {
        if (instType == null || instType.isEmpty()) {
            return error("50014", "Parameter instType can not be empty.");
        }
        StringBuilder b = new StringBuilder();
        for (Instrument i : listedInstruments()) {
            String type = isSpot(i) ? "SPOT" : "SWAP";
            if (!type.equals(instType)) {
                continue;
            }
            String[] parts = i.symbol().split("-");
            b.append(b.length() > 0 ? "," : "").append("{\"instType\":\"").append(type).append("\",\"instId\":\"")
                    .append(i.symbol()).append("\",\"baseCcy\":\"").append(isSpot(i) ? parts[0] : "")
                    .append("\",\"quoteCcy\":\"").append(isSpot(i) ? parts[1] : "")
                    .append("\",\"settleCcy\":\"").append(isSpot(i) ? "" : parts[1])
                    .append("\",\"ctVal\":\"").append(isSpot(i) ? "" : Decimals.toPlainString(i.contractValue()))
                    .append("\",\"ctMult\":\"").append(isSpot(i) ? "" : "1")
                    .append("\",\"ctValCcy\":\"").append(isSpot(i) ? "" : parts[0])
                    .append("\",\"ctType\":\"").append(isSpot(i) ? "" : "linear")
                    .append("\",\"tickSz\":\"").append(Decimals.toPlainString(i.tickSize()))
                    .append("\",\"lotSz\":\"").append(Decimals.toPlainString(i.lotSize()))
                    .append("\",\"minSz\":\"").append(Decimals.toPlainString(i.minSize()))
                    .append("\",\"uly\":\"").append(isSpot(i) ? "" : parts[0] + "-" + parts[1])
                    .append("\",\"state\":\"live\",\"ruleType\":\"normal\"}");
        }
        return ok(b.toString());
    }

    /**
     * The order rules, with OKX's codes: an unlisted instrument (51001), a {@code tdMode} that does not fit it
     * (spot trades {@code cash}; swaps {@code cross} or {@code isolated}: 51000), a price off the tick (51000 px),
     * a size off the lot (51121) or under the minimum (51020). Sizes are in contracts on swaps.
     */
    private String ruleError(Map<String, String> r, long venueSize, long price) {
        String instId = r.get("instId");
        Instrument i = listed(instId);
        if (i == null) {
            countRuleRejection();
            return failed(r.get("clOrdId"), "51001", "Instrument ID does not exist.");
        }
        String mode = r.getOrDefault("tdMode", "");
        if (isSpot(i) ? !mode.equals("cash") : !(mode.equals("cross") || mode.equals("isolated"))) {
            countRuleRejection();
            return failed(r.get("clOrdId"), "51000", "Parameter tdMode error");
        }
        if (!isSpot(i) && positionMode.equals("long_short_mode") && !r.containsKey("posSide")) {
            countRuleRejection();
            return failed(r.get("clOrdId"), "51000", "Parameter posSide error");
        }
        Instrument.Violation v = violation(instId, "market".equals(r.get("ordType")), price, venueSize, false);
        if (v == null || v.rule().equals("min_notional")) {
            return null;
        }
        return switch (v.rule()) {
            case "tick_size" -> failed(r.get("clOrdId"), "51000", "Parameter px error");
            case "lot_size" -> failed(r.get("clOrdId"), "51121", "Order quantity must be a multiple of the lot size.");
            default -> failed(r.get("clOrdId"), "51020", "Your order should meet or exceed the minimum order amount.");
        };
    }

    private static String failed(String clOrdId, String sCode, String sMsg) {
        return "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"" + clOrdId
                + "\",\"ordId\":\"\",\"sCode\":\"" + sCode + "\",\"sMsg\":\"" + sMsg + "\"}]}";
    }

    /** {@code net_mode} (default) or {@code long_short_mode}, where swap orders must name posSide. */
    public void positionMode(String mode) {
        positionMode = mode;
    }

    public void fillMarketOrdersAt(String price) {
        marketFillPrice = price;
    }

    public synchronized List<HeldOrder> orders() {
        return new ArrayList<>(orders.values());
    }

    @Override
    void handle(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getPath().equals("/api/v5/public/time") && ex.getRequestMethod().equals("GET")) {
            reply(ex, 200, ok("{\"ts\":\"" + nowMs() + "\"}"));
            return;
        }
        if (ex.getRequestURI().getPath().equals("/api/v5/public/instruments") && ex.getRequestMethod().equals("GET")) {
            reply(ex, 200, instruments(parseQuery(ex.getRequestURI().getRawQuery()).get("instType"))); // public
            return;
        }
        var h = ex.getRequestHeaders();
        if (!credentials.apiKey().equals(h.getFirst("OK-ACCESS-KEY"))) {
            reply(ex, 401, error("50111", "Invalid OK-ACCESS-KEY"));
            return;
        }
        if (!credentials.passphrase().equals(h.getFirst("OK-ACCESS-PASSPHRASE"))) {
            reply(ex, 401, error("50105", "Invalid OK-ACCESS-PASSPHRASE"));
            return;
        }
        if (!"1".equals(h.getFirst("x-simulated-trading"))) {
            reply(ex, 401, error("50101", "APIKey does not match current environment."));
            return;
        }
        Integer limited = rateLimit(System.currentTimeMillis());
        if (limited != null) {
            reply(ex, 429, error("50011", "Rate limit reached. Please refer to API documentation and throttle "
                    + "requests accordingly."));
            return;
        }
        String timestamp = h.getFirst("OK-ACCESS-TIMESTAMP");
        long ts;
        try {
            ts = Instant.parse(timestamp).toEpochMilli();
        } catch (RuntimeException e) {
            reply(ex, 401, error("50112", "Invalid OK-ACCESS-TIMESTAMP"));
            return;
        }
        if (Math.abs(nowMs() - ts) > 30_000) {
            reply(ex, 401, error("50102", "Timestamp request expired"));
            return;
        }
        String method = ex.getRequestMethod();
        String pathAndQuery = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        String body = body(ex);
        if (!RequestSigners.okx(credentials, timestamp, method, pathAndQuery, body)
                .equals(h.getFirst("OK-ACCESS-SIGN"))) {
            badSignatures.incrementAndGet();
            reply(ex, 401, error("50113", "Invalid Sign"));
            return;
        }
        String path = ex.getRequestURI().getPath();
        Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
        if (path.equals("/api/v5/account/config") && method.equals("GET")) {
            reply(ex, 200, ok("{\"uid\":\"44705892343619584\",\"acctLv\":\"2\",\"posMode\":\"" + positionMode
                    + "\",\"autoLoan\":false,\"greeksType\":\"PA\",\"level\":\"Lv1\",\"ctIsoMode\":\"automatic\","
                    + "\"mgnIsoMode\":\"automatic\"}"));
        } else if (path.equals("/api/v5/trade/cancel-all-after") && method.equals("POST")) {
            long seconds = Long.parseLong(FlatJson.object(body).getOrDefault("timeOut", "-1"));
            if (seconds != 0 && (seconds < 10 || seconds > 120)) {
                reply(ex, 200, error("51000", "Parameter timeOut error"));
            } else {
                armCancelAll("*", seconds * 1000);
                reply(ex, 200, ok("{\"triggerTime\":\"" + (seconds == 0 ? 0 : nowMs() + seconds * 1000)
                        + "\",\"tag\":\"\",\"ts\":\"" + nowMs() + "\"}"));
            }
        } else if (path.equals("/api/v5/trade/order") && method.equals("POST")) {
            place(ex, FlatJson.object(body));
        } else if (path.equals("/api/v5/trade/batch-orders") && method.equals("POST")) {
            List<Map<String, String>> batch = FlatJson.array(body);
            if (batch.size() != 1) {
                // OKX takes up to 20; this mock answers a batch of one (what ccxt's createOrder sends) and says so
                reply(ex, 200, error("50000", "the mock takes batches of one order, got " + batch.size()));
                return;
            }
            place(ex, batch.get(0));
        } else if (path.equals("/api/v5/trade/order") && method.equals("GET")) {
            HeldOrder o = q.containsKey("ordId") ? orders.get(q.get("ordId")) : find(q.get("clOrdId"));
            reply(ex, 200, o == null ? error("51603", "Order does not exist") : ok(json(o)));
        } else if (path.equals("/api/v5/trade/cancel-order") && method.equals("POST")) {
            Map<String, String> c = FlatJson.object(body);
            HeldOrder cancelled = c.containsKey("ordId") ? cancel(orders.get(c.get("ordId"))) : cancel(c.get("clOrdId"));
            reply(ex, 200, cancelled == null
                    ? "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"" + c.get("clOrdId")
                            + "\",\"ordId\":\"\",\"sCode\":\"51400\",\"sMsg\":\"Order cancellation failed as the order "
                            + "has been filled, canceled or does not exist\"}]}"
                    : ok("{\"clOrdId\":\"" + cancelled.clOrdId() + "\",\"ordId\":\"" + cancelled.ordId()
                            + "\",\"sCode\":\"0\",\"sMsg\":\"\"}"));
        } else if (path.equals("/api/v5/trade/amend-order") && method.equals("POST")) {
            Map<String, String> a = FlatJson.object(body);
            HeldOrder held = find(a.get("clOrdId"));
            Instrument listedAs = held == null ? null : listed(held.instId());
            String refused = held == null ? null : ruleError(Map.of("instId", held.instId(), "clOrdId", held.clOrdId(),
                    "tdMode", isSpot(listedAs) ? "cash" : "cross", "ordType", "limit"),
                    Decimals.parse(a.getOrDefault("newSz", held.sz())), Decimals.parse(a.getOrDefault("newPx", held.px())));
            if (refused != null) {
                reply(ex, 200, refused);
                return;
            }
            HeldOrder amended = amend(a.get("clOrdId"), a.get("newPx"), a.get("newSz"));
            reply(ex, 200, amended == null
                    ? "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"" + a.get("clOrdId")
                            + "\",\"ordId\":\"\",\"sCode\":\"51503\",\"sMsg\":\"Order modification failed as the "
                            + "order has been filled, canceled or does not exist\"}]}"
                    : ok("{\"clOrdId\":\"" + amended.clOrdId() + "\",\"ordId\":\"" + amended.ordId()
                            + "\",\"reqId\":\"\",\"sCode\":\"0\",\"sMsg\":\"\"}"));
        } else if (path.equals("/api/v5/account/positions") && method.equals("GET")) {
            StringBuilder b = new StringBuilder();
            for (Position p : positions()) {
                b.append(b.length() > 0 ? "," : "").append("{\"instId\":\"").append(p.symbol())
                        .append("\",\"posSide\":\"net\",\"pos\":\"").append(Decimals.toPlainString(p.quantity()))
                        .append("\",\"avgPx\":\"").append(Decimals.toPlainString(p.entryPrice()))
                        .append("\",\"upl\":\"0\"}");
            }
            reply(ex, 200, ok(b.toString()));
        } else if ((path.equals("/api/v5/trade/fills") || path.equals("/api/v5/trade/fills-history"))
                && method.equals("GET")) { // the last 3 days, or the last 3 months: all of a test's fills
            long begin = Long.parseLong(q.getOrDefault("begin", "0"));
            StringBuilder b = new StringBuilder();
            List<Trade> all = trades();
            java.util.Collections.reverse(all); // OKX answers newest first
            for (Trade t : all) {
                if (t.symbol().equals(q.get("instId")) && t.timeMs() > begin) {
                    b.append(b.length() > 0 ? "," : "").append("{\"instId\":\"").append(t.symbol())
                            .append("\",\"tradeId\":\"").append(t.tradeId()).append("\",\"ordId\":\"")
                            .append(t.venueOrderId()).append("\",\"clOrdId\":\"").append(t.clientOrderId())
                            .append("\",\"side\":\"").append(t.side().name().toLowerCase(java.util.Locale.ROOT))
                            .append("\",\"fillPx\":\"").append(Decimals.toPlainString(t.price()))
                            .append("\",\"fillSz\":\"").append(Decimals.toPlainString(t.quantity()))
                            .append("\",\"fee\":\"").append(Decimals.toPlainString(-t.fee()))
                            .append("\",\"execType\":\"").append(t.maker() ? "M" : "T").append("\",\"ts\":\"")
                            .append(t.timeMs()).append("\"}");
                }
            }
            reply(ex, 200, ok(b.toString()));
        } else if (path.equals("/api/v5/trade/orders-pending") && method.equals("GET")) {
            StringBuilder b = new StringBuilder();
            for (HeldOrder o : orders()) {
                if (o.instId().equals(q.get("instId")) && o.state().equals("live")) {
                    b.append(b.length() > 0 ? "," : "").append(json(o));
                }
            }
            reply(ex, 200, ok(b.toString()));
        } else {
            reply(ex, 404, error("50000", "no such endpoint in the mock: " + method + " " + path));
        }
    }

    private void place(HttpExchange ex, Map<String, String> r) throws IOException {
        String id = r.getOrDefault("clOrdId", ""); // optional at OKX
        if (loseThisRequest(id)) {
            return; // lost on the way: never stored, never answered
        }
        HeldOrder o;
        synchronized (this) {
            HeldOrder same = id.isEmpty() ? null : find(id);
            if (same != null && (same.state().equals("live") || same.state().equals("partially_filled"))) {
                // OKX: a clOrdId can be used again once its order is final; only a working one is a duplicate
                duplicatesRefused.incrementAndGet();
                reply(ex, 200, "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"" + id
                        + "\",\"ordId\":\"\",\"sCode\":\"51016\",\"sMsg\":\"Duplicated clOrdId\"}]}");
                return;
            }
            boolean market = "market".equals(r.get("ordType"));
            long fillPrice = Decimals.parse(marketFillPrice);
            long size = Decimals.parse(r.getOrDefault("sz", "0"));
            Instrument listedAs = listed(r.get("instId"));
            if (market && "buy".equals(r.get("side")) && listedAs != null && isSpot(listedAs)
                    && !"base_ccy".equals(r.get("tgtCcy"))) {
                // OKX reads a spot market buy's sz as quote currency to spend, unless tgtCcy=base_ccy
                size = Decimals.fromBigDecimal(Decimals.toBigDecimal(size).divide(Decimals.toBigDecimal(fillPrice),
                        Decimals.SCALE, java.math.RoundingMode.DOWN));
                size = size / listedAs.lotSize() * listedAs.lotSize();
            }
            String refused = ruleError(r, size, market ? fillPrice : Decimals.parse(r.getOrDefault("px", "0")));
            if (refused != null) {
                reply(ex, 200, refused);
                return;
            }
            if ("true".equals(r.get("reduceOnly"))) {
                long position = position(r.get("instId"));
                long signed = "buy".equals(r.get("side")) ? Decimals.parse(r.get("sz")) : -Decimals.parse(r.get("sz"));
                if (position == 0 || Long.signum(position) == Long.signum(signed)) {
                    reply(ex, 200, "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\""
                            + id + "\",\"ordId\":\"\",\"sCode\":\"51169\",\"sMsg\":\"Order failed because you "
                            + "don't have any positions in this direction for this contract to reduce or close.\"}]}");
                    return;
                }
            }
            o = new HeldOrder(Long.toString(ids.incrementAndGet()), id, r.get("instId"), r.get("side"),
                    r.get("ordType"), r.getOrDefault("px", ""), Decimals.toPlainString(size), "live", "0", "");
            orders.put(o.ordId(), o);
            pushUpdate(o, null);
            if (market) {
                o = execute(o, fillPrice, size, false);
            } else if ("ioc".equals(r.get("ordType"))) {
                // the market stands at the market-fill price: an IOC that reaches it fills there, else is canceled
                long limit = Decimals.parse(r.get("px"));
                boolean crosses = "buy".equals(r.get("side")) ? limit >= fillPrice : limit <= fillPrice;
                o = crosses ? execute(o, fillPrice, size, false) : cancel(id);
            }
        }
        maybeHoldAnswer(id);
        reply(ex, 200, ok("{\"clOrdId\":\"" + id + "\",\"ordId\":\"" + o.ordId()
                + "\",\"tag\":\"\",\"sCode\":\"0\",\"sMsg\":\"Order placed\"}"));
    }

    @Override
    public synchronized List<WorkingOrder> workingOrders() {
        List<WorkingOrder> out = new ArrayList<>();
        for (HeldOrder o : orders.values()) {
            if ((o.state().equals("live") || o.state().equals("partially_filled")) && !o.ordType().equals("market")) {
                out.add(new WorkingOrder(o.clOrdId(), o.instId(), o.px(),
                        Decimals.parse(o.sz()) - Decimals.parse(o.accFillSz()), o.state().startsWith("partially")));
            }
        }
        return out;
    }

    /** An execution of a working order (a resting order meeting the market): trade, position, stream event. */
    @Override
    public synchronized void fill(String clOrdId, String price, String quantity, boolean maker) {
        HeldOrder o = find(clOrdId);
        if (o == null || !(o.state().equals("live") || o.state().equals("partially_filled"))) {
            throw new IllegalArgumentException("no working order " + clOrdId);
        }
        execute(o, Decimals.parse(price), Decimals.parse(quantity), maker);
    }

    private synchronized HeldOrder execute(HeldOrder o, long price, long quantity, boolean maker) {
        long before = Decimals.parse(o.accFillSz());
        long after = before + quantity;
        long previousAverage = o.avgPx().isEmpty() ? 0 : Decimals.parse(o.avgPx());
        long average = averagePrice(previousAverage, before, price, quantity);
        HeldOrder filled = new HeldOrder(o.ordId(), o.clOrdId(), o.instId(), o.side(), o.ordType(), o.px(), o.sz(),
                after >= Decimals.parse(o.sz()) ? "filled" : "partially_filled", Decimals.toPlainString(after),
                Decimals.toPlainString(average));
        orders.put(filled.ordId(), filled);
        Trade t = recordTrade(o.clOrdId(), o.ordId(), o.instId(), Side.valueOf(o.side().toUpperCase(
                java.util.Locale.ROOT)), price, quantity, maker);
        pushUpdate(filled, t);
        return filled;
    }

    private synchronized HeldOrder amend(String clOrdId, String px, String sz) {
        HeldOrder o = find(clOrdId);
        if (o == null || !o.state().equals("live")) {
            return null;
        }
        HeldOrder a = new HeldOrder(o.ordId(), o.clOrdId(), o.instId(), o.side(), o.ordType(), px, sz, o.state(),
                o.accFillSz(), o.avgPx());
        orders.put(a.ordId(), a);
        pushUpdate(a, null);
        return a;
    }

    /** A push on the {@code orders} channel: the order as it stands, and the fill that moved it. */
    private void pushUpdate(HeldOrder o, Trade t) {
        long now = System.currentTimeMillis();
        String fill = t == null ? "\"fillSz\":\"0\",\"fillPx\":\"\",\"tradeId\":\"\",\"fillFee\":\"0\",\"execType\":\"\""
                : "\"fillSz\":\"" + Decimals.toPlainString(t.quantity()) + "\",\"fillPx\":\""
                        + Decimals.toPlainString(t.price()) + "\",\"tradeId\":\"" + t.tradeId() + "\",\"fillFee\":\""
                        + Decimals.toPlainString(-t.fee()) + "\",\"execType\":\"" + (t.maker() ? "M" : "T")
                        + "\",\"fillTime\":\"" + t.timeMs() + "\"";
        String item = json(o);
        push("{\"arg\":{\"channel\":\"orders\",\"instType\":\"ANY\",\"uid\":\"1\"},\"data\":["
                + item.substring(0, item.length() - 1) + "," + fill + ",\"uTime\":\"" + now + "\"}]}");
    }

    @Override
    void privateOpened(WebSocket ws, String path) {
        if (!path.equals("/ws/v5/private")) {
            ws.close(1008, "no such channel path");
        }
    }

    /** login (key, passphrase, timestamp within 30 s, sign over ts + GET + /users/self/verify), then subscribe. */
    @Override
    void privateMessage(WebSocket ws, String text) {
        if (text.equals("ping")) {
            ws.send("pong");
            return;
        }
        Map<String, String> m = FlatJson.object(text);
        if ("login".equals(m.get("op"))) {
            Map<String, String> a = FlatJson.objectsIn(text, "args").get(0);
            String ts = a.getOrDefault("timestamp", "0");
            boolean fresh = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(ts)) <= 30;
            boolean signed = RequestSigners.okx(credentials, ts, "GET", "/users/self/verify", "").equals(a.get("sign"));
            if (credentials.apiKey().equals(a.get("apiKey")) && credentials.passphrase().equals(a.get("passphrase"))
                    && fresh && signed) {
                loggedIn.add(ws);
                ws.send("{\"event\":\"login\",\"code\":\"0\",\"msg\":\"\",\"connId\":\"a4d3ae55\"}");
            } else {
                if (!signed) {
                    badSignatures.incrementAndGet();
                }
                ws.send("{\"event\":\"error\",\"code\":\"60009\",\"msg\":\"Login failed.\",\"connId\":\"a4d3ae55\"}");
            }
        } else if ("subscribe".equals(m.get("op"))) {
            if (!loggedIn.contains(ws)) {
                ws.send("{\"event\":\"error\",\"code\":\"60011\",\"msg\":\"Please log in\"}");
                return;
            }
            ws.send("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"orders\",\"instType\":\"ANY\"}}");
            markAuthenticated(ws);
        }
    }

    @Override
    synchronized void cancelOpenOrders(String instId) {
        for (HeldOrder o : List.copyOf(orders.values())) {
            if ((instId == null || o.instId().equals(instId))
                    && (o.state().equals("live") || o.state().equals("partially_filled"))) {
                cancel(o.clOrdId());
            }
        }
    }

    /** The latest order with this clOrdId: what OKX answers a query by clOrdId with. */
    private synchronized HeldOrder find(String clOrdId) {
        HeldOrder latest = null;
        for (HeldOrder o : orders.values()) {
            if (o.clOrdId().equals(clOrdId)) {
                latest = o;
            }
        }
        return latest;
    }

    private synchronized HeldOrder cancel(String clOrdId) {
        return cancel(find(clOrdId));
    }

    private synchronized HeldOrder cancel(HeldOrder o) {
        if (o == null || !(o.state().equals("live") || o.state().equals("partially_filled"))) {
            return null;
        }
        HeldOrder c = new HeldOrder(o.ordId(), o.clOrdId(), o.instId(), o.side(), o.ordType(), o.px(), o.sz(),
                "canceled", o.accFillSz(), o.avgPx());
        orders.put(c.ordId(), c);
        pushUpdate(c, null);
        return c;
    }

    private static String json(HeldOrder o) {
        return "{\"ordId\":\"" + o.ordId() + "\",\"clOrdId\":\"" + o.clOrdId() + "\",\"instId\":\"" + o.instId()
                + "\",\"side\":\"" + o.side() + "\",\"ordType\":\"" + o.ordType() + "\",\"px\":\"" + o.px()
                + "\",\"sz\":\"" + o.sz() + "\",\"state\":\"" + o.state() + "\",\"accFillSz\":\"" + o.accFillSz()
                + "\",\"avgPx\":\"" + o.avgPx() + "\"}";
    }

    private static String ok(String items) {
        return "{\"code\":\"0\",\"msg\":\"\",\"data\":[" + items + "]}";
    }

    private static String error(String code, String msg) {
        return "{\"code\":\"" + code + "\",\"msg\":\"" + msg + "\",\"data\":[]}";
    }
}
