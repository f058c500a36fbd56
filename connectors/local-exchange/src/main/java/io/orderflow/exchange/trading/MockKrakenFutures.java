package io.orderflow.exchange.trading;

import com.sun.net.httpserver.HttpExchange;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.auth.RequestSigners;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A local Kraken Futures (demo) order-entry server, strict the way the venue is: it checks APIKey, a strictly
 * increasing Nonce and the Authent signature (over postData + nonce + the path after {@code /derivatives});
 * reports a reused cliOrdId as {@code clientOrderIdAlreadyExist}; answers bursts with HTTP 429
 * {@code apiLimitExceeded}. Limit orders enter the book; market orders execute at once at a set price.
 */
public final class MockKrakenFutures extends MockVenue {
    /** An order the venue holds. */
    public record HeldOrder(String orderId, String cliOrdId, String symbol, String side, String orderType,
            String limitPrice, String size, String status, String filled, String avgFillPrice) {}

    private final ApiCredentials credentials;
    private final Map<String, HeldOrder> orders = new LinkedHashMap<>();
    private long lastNonce;
    private volatile String marketFillPrice = "60000";

    public MockKrakenFutures(String apiKey, String secret, int requestsPerSecond) throws IOException {
        super("mock-kraken-futures", "/derivatives/api/v3/", requestsPerSecond);
        this.credentials = new ApiCredentials(apiKey, secret.toCharArray(), null);
    }

    public void fillMarketOrdersAt(String price) {
        marketFillPrice = price;
    }

    public synchronized List<HeldOrder> orders() {
        return new ArrayList<>(orders.values());
    }

    @Override
    void handle(HttpExchange ex) throws IOException {
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
        String postData = method.equals("GET") ? (ex.getRequestURI().getRawQuery() == null ? ""
                : ex.getRequestURI().getRawQuery()) : body(ex);
        String endpoint = ex.getRequestURI().getPath().substring("/derivatives".length());
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
        switch (endpoint) {
            case "/api/v3/sendorder" -> place(ex, form);
            case "/api/v3/orders/status" -> {
                HeldOrder o = find(form.get("cliOrdIds"));
                reply(ex, 200, "{\"result\":\"success\",\"serverTime\":\"2026-11-22T00:00:00.000Z\",\"orders\":["
                        + (o == null ? "" : status(o)) + "]}");
            }
            case "/api/v3/cancelorder" -> {
                HeldOrder c = cancel(form.get("cliOrdId"));
                reply(ex, 200, "{\"result\":\"success\",\"cancelStatus\":{\"status\":\""
                        + (c == null ? "notFound" : "cancelled") + "\",\"cliOrdId\":\"" + form.get("cliOrdId")
                        + "\"}}");
            }
            case "/api/v3/cancelallorders" -> {
                for (HeldOrder o : orders()) {
                    if (o.symbol().equalsIgnoreCase(form.get("symbol")) && o.status().equals("ENTERED_BOOK")) {
                        cancel(o.cliOrdId());
                    }
                }
                reply(ex, 200, "{\"result\":\"success\",\"cancelStatus\":{\"status\":\"cancelled\"}}");
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
            default -> reply(ex, 404, error("no such endpoint in the mock: " + endpoint));
        }
    }

    private void place(HttpExchange ex, Map<String, String> f) throws IOException {
        String id = f.get("cliOrdId");
        HeldOrder o;
        synchronized (this) {
            if (id != null && orders.containsKey(id)) {
                duplicatesRefused.incrementAndGet();
                reply(ex, 200, "{\"result\":\"success\",\"sendStatus\":{\"status\":\"clientOrderIdAlreadyExist\"}}");
                return;
            }
            boolean market = "mkt".equals(f.get("orderType"));
            o = new HeldOrder(UUID.randomUUID().toString(), id, f.get("symbol"), f.get("side"), f.get("orderType"),
                    f.getOrDefault("limitPrice", "0"), f.get("size"), market ? "FULLY_EXECUTED" : "ENTERED_BOOK",
                    market ? f.get("size") : "0", market ? marketFillPrice : "0");
            orders.put(id, o);
        }
        maybeHoldAnswer(id);
        reply(ex, 200, "{\"result\":\"success\",\"sendStatus\":{\"order_id\":\"" + o.orderId()
                + "\",\"status\":\"placed\",\"receivedTime\":\"2026-11-22T00:00:00.000Z\"}}");
    }

    private synchronized HeldOrder find(String cliOrdId) {
        return cliOrdId == null ? null : orders.get(cliOrdId);
    }

    private synchronized HeldOrder cancel(String cliOrdId) {
        HeldOrder o = find(cliOrdId);
        if (o == null || !o.status().equals("ENTERED_BOOK")) {
            return null;
        }
        HeldOrder c = new HeldOrder(o.orderId(), o.cliOrdId(), o.symbol(), o.side(), o.orderType(), o.limitPrice(),
                o.size(), "CANCELLED", o.filled(), o.avgFillPrice());
        orders.put(cliOrdId, c);
        return c;
    }

    private static String status(HeldOrder o) {
        return "{\"order\":{\"type\":\"ORDER\",\"orderId\":\"" + o.orderId() + "\",\"cliOrdId\":\"" + o.cliOrdId()
                + "\",\"symbol\":\"" + o.symbol() + "\",\"side\":\"" + o.side() + "\",\"quantity\":" + o.size()
                + ",\"filled\":" + o.filled() + ",\"limitPrice\":" + o.limitPrice() + ",\"avgFillPrice\":"
                + o.avgFillPrice() + "},\"status\":\"" + o.status() + "\",\"updateReason\":null,\"error\":null}";
    }

    private static String error(String error) {
        return "{\"result\":\"error\",\"error\":\"" + error + "\",\"serverTime\":\"2026-11-22T00:00:00.000Z\"}";
    }
}
