package io.orderflow.exchange.trading;

import com.sun.net.httpserver.HttpExchange;
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

/**
 * A local OKX v5 order-entry server in demo-trading mode, strict the way OKX is: it checks the key, passphrase,
 * HMAC signature over timestamp + method + path + body and a timestamp within 30 s; requires
 * {@code x-simulated-trading: 1}; refuses a duplicated clOrdId (sCode 51016); answers bursts with HTTP 429 and
 * code 50011. Limit orders go live; market orders fill at once at a set price.
 */
public final class MockOkx extends MockVenue {
    /** An order the venue holds, in OKX's words. */
    public record HeldOrder(String ordId, String clOrdId, String instId, String side, String ordType, String px,
            String sz, String state, String accFillSz, String avgPx) {}

    private final ApiCredentials credentials;
    private final Map<String, HeldOrder> orders = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(600_000_000);
    private volatile String marketFillPrice = "60000";

    public MockOkx(String apiKey, String secret, String passphrase, int requestsPerSecond) throws IOException {
        super("mock-okx", "/api/v5/trade/", requestsPerSecond);
        this.credentials = new ApiCredentials(apiKey, secret.toCharArray(), passphrase.toCharArray());
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
        if (Math.abs(System.currentTimeMillis() - ts) > 30_000) {
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
        if (path.equals("/api/v5/trade/order") && method.equals("POST")) {
            place(ex, FlatJson.object(body));
        } else if (path.equals("/api/v5/trade/order") && method.equals("GET")) {
            HeldOrder o = find(q.get("clOrdId"));
            reply(ex, 200, o == null ? error("51603", "Order does not exist") : ok(json(o)));
        } else if (path.equals("/api/v5/trade/cancel-order") && method.equals("POST")) {
            Map<String, String> c = FlatJson.object(body);
            HeldOrder cancelled = cancel(c.get("clOrdId"));
            reply(ex, 200, cancelled == null
                    ? "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"" + c.get("clOrdId")
                            + "\",\"ordId\":\"\",\"sCode\":\"51400\",\"sMsg\":\"Order cancellation failed as the order "
                            + "has been filled, canceled or does not exist\"}]}"
                    : ok("{\"clOrdId\":\"" + cancelled.clOrdId() + "\",\"ordId\":\"" + cancelled.ordId()
                            + "\",\"sCode\":\"0\",\"sMsg\":\"\"}"));
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
        String id = r.get("clOrdId");
        HeldOrder o;
        synchronized (this) {
            if (id != null && orders.containsKey(id)) {
                duplicatesRefused.incrementAndGet();
                reply(ex, 200, "{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"" + id
                        + "\",\"ordId\":\"\",\"sCode\":\"51016\",\"sMsg\":\"Duplicated clOrdId\"}]}");
                return;
            }
            boolean market = "market".equals(r.get("ordType"));
            o = new HeldOrder(Long.toString(ids.incrementAndGet()), id, r.get("instId"), r.get("side"),
                    r.get("ordType"), r.getOrDefault("px", ""), r.get("sz"), market ? "filled" : "live",
                    market ? r.get("sz") : "0", market ? marketFillPrice : "");
            orders.put(id, o);
        }
        maybeHoldAnswer(id);
        reply(ex, 200, ok("{\"clOrdId\":\"" + id + "\",\"ordId\":\"" + o.ordId()
                + "\",\"tag\":\"\",\"sCode\":\"0\",\"sMsg\":\"Order placed\"}"));
    }

    private synchronized HeldOrder find(String clOrdId) {
        return clOrdId == null ? null : orders.get(clOrdId);
    }

    private synchronized HeldOrder cancel(String clOrdId) {
        HeldOrder o = find(clOrdId);
        if (o == null || !o.state().equals("live")) {
            return null;
        }
        HeldOrder c = new HeldOrder(o.ordId(), o.clOrdId(), o.instId(), o.side(), o.ordType(), o.px(), o.sz(),
                "canceled", o.accFillSz(), o.avgPx());
        orders.put(clOrdId, c);
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
