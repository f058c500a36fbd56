package io.orderflow.exchange.trading;

import com.sun.net.httpserver.HttpExchange;
import io.orderflow.model.Decimals;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.auth.RequestSigners;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Binance USD-M futures order-entry server on loopback (a real HTTP server), strict the way the venue is:
 * it checks the API key header, the HMAC signature and the timestamp against {@code recvWindow}; refuses a
 * duplicate client order id (-4116); answers bursts beyond its request rate with 429 and {@code Retry-After}, and
 * bans (418) a client that keeps sending during the penalty; and can be told to accept the next order but answer
 * only after the client has given up. Limit orders rest (NEW); market orders fill at once at a set price.
 */
public final class MockBinanceFutures extends MockVenue {
    /** An order the venue holds. */
    public record HeldOrder(long orderId, String clientOrderId, String symbol, String side, String type,
            String price, String quantity, String status, String executedQty, String avgPrice) {}

    private final ApiCredentials credentials;
    private final int requestsPerSecond;
    private final Map<String, HeldOrder> orders = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(8_000_000);
    private volatile long marketFillPrice = Decimals.parse("60000");

    public MockBinanceFutures(String apiKey, String secret, int requestsPerSecond) throws IOException {
        super("mock-binance-futures", "/fapi/v1/", requestsPerSecond);
        this.credentials = new ApiCredentials(apiKey, secret.toCharArray(), null);
        this.requestsPerSecond = requestsPerSecond;
    }

    public void fillMarketOrdersAt(String price) {
        marketFillPrice = Decimals.parse(price);
    }

    public synchronized List<HeldOrder> orders() {
        return new ArrayList<>(orders.values());
    }

    @Override
    void handle(HttpExchange ex) throws IOException {
        long now = System.currentTimeMillis();
        if (!credentials.apiKey().equals(ex.getRequestHeaders().getFirst("X-MBX-APIKEY"))) {
            reply(ex, 401, error(-2014, "API-key format invalid."));
            return;
        }
        Integer limited = rateLimit(now);
        if (limited != null) {
            ex.getResponseHeaders().add("Retry-After", "1");
            reply(ex, limited, error(-1003, limited == 418
                    ? "Way too many requests; IP banned." : "Too many requests; current limit is "
                    + requestsPerSecond + " requests per second."));
            return;
        }
        String raw = ex.getRequestURI().getRawQuery();
        int at = raw == null ? -1 : raw.lastIndexOf("&signature=");
        if (at < 0 || !RequestSigners.binance(credentials, raw.substring(0, at))
                .equals(raw.substring(at + "&signature=".length()))) {
            badSignatures.incrementAndGet();
            reply(ex, 400, error(-1022, "Signature for this request is not valid."));
            return;
        }
        Map<String, String> q = parseQuery(raw.substring(0, at));
        long ts = Long.parseLong(q.getOrDefault("timestamp", "0"));
        long window = Long.parseLong(q.getOrDefault("recvWindow", "5000"));
        if (ts > now + 1_000 || now - ts > window) {
            reply(ex, 400, error(-1021, "Timestamp for this request is outside of the recvWindow."));
            return;
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/fapi/v1/order") && method.equals("POST")) {
            place(ex, q);
        } else if (path.equals("/fapi/v1/order") && method.equals("GET")) {
            HeldOrder o = find(q.get("origClientOrderId"));
            reply(ex, o == null ? 400 : 200, o == null ? error(-2013, "Order does not exist.") : json(o));
        } else if (path.equals("/fapi/v1/order") && method.equals("DELETE")) {
            HeldOrder cancelled = cancel(q.get("origClientOrderId"));
            reply(ex, cancelled == null ? 400 : 200,
                    cancelled == null ? error(-2011, "Unknown order sent.") : json(cancelled));
        } else if (path.equals("/fapi/v1/allOpenOrders") && method.equals("DELETE")) {
            synchronized (this) {
                for (HeldOrder o : List.copyOf(orders.values())) {
                    if (o.symbol().equals(q.get("symbol")) && o.status().equals("NEW")) {
                        cancel(o.clientOrderId());
                    }
                }
            }
            reply(ex, 200, "{\"code\":200,\"msg\":\"The operation of cancel all open order is done.\"}");
        } else if (path.equals("/fapi/v1/openOrders") && method.equals("GET")) {
            StringBuilder b = new StringBuilder("[");
            for (HeldOrder o : orders()) {
                if (o.symbol().equals(q.get("symbol")) && o.status().equals("NEW")) {
                    b.append(b.length() > 1 ? "," : "").append(json(o));
                }
            }
            reply(ex, 200, b.append(']').toString());
        } else {
            reply(ex, 404, error(-1000, "no such endpoint in the mock: " + method + " " + path));
        }
    }

    private void place(HttpExchange ex, Map<String, String> q) throws IOException {
        String id = q.get("newClientOrderId");
        HeldOrder o;
        synchronized (this) {
            if (id != null && orders.containsKey(id)) {
                duplicatesRefused.incrementAndGet();
                reply(ex, 400, error(-4116, "ClientOrderId is duplicated."));
                return;
            }
            boolean market = "MARKET".equals(q.get("type"));
            String qty = q.get("quantity");
            o = new HeldOrder(ids.incrementAndGet(), id, q.get("symbol"), q.get("side"), q.get("type"),
                    q.getOrDefault("price", "0"), qty, market ? "FILLED" : "NEW", market ? qty : "0",
                    market ? Decimals.toPlainString(marketFillPrice) : "0");
            orders.put(id, o);
        }
        maybeHoldAnswer(id); // the order is in; the answer may come too late
        reply(ex, 200, json(o));
    }

    private synchronized HeldOrder find(String clientOrderId) {
        return clientOrderId == null ? null : orders.get(clientOrderId);
    }

    private synchronized HeldOrder cancel(String clientOrderId) {
        HeldOrder o = find(clientOrderId);
        if (o == null || !o.status().equals("NEW")) {
            return null;
        }
        HeldOrder c = new HeldOrder(o.orderId(), o.clientOrderId(), o.symbol(), o.side(), o.type(), o.price(),
                o.quantity(), "CANCELED", o.executedQty(), o.avgPrice());
        orders.put(clientOrderId, c);
        return c;
    }

    private static String json(HeldOrder o) {
        return "{\"orderId\":" + o.orderId() + ",\"clientOrderId\":\"" + o.clientOrderId() + "\",\"symbol\":\""
                + o.symbol() + "\",\"side\":\"" + o.side() + "\",\"type\":\"" + o.type() + "\",\"price\":\""
                + o.price() + "\",\"origQty\":\"" + o.quantity() + "\",\"executedQty\":\"" + o.executedQty()
                + "\",\"avgPrice\":\"" + o.avgPrice() + "\",\"status\":\"" + o.status() + "\"}";
    }

    private static String error(int code, String msg) {
        return "{\"code\":" + code + ",\"msg\":\"" + msg + "\"}";
    }
}
