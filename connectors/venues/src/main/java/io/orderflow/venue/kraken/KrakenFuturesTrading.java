package io.orderflow.venue.kraken;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.auth.RequestSigners;
import io.orderflow.venue.instruments.InstrumentCatalog;
import io.orderflow.venue.trading.Backoff;
import io.orderflow.venue.trading.FlatJson;
import io.orderflow.venue.trading.OrderEventStream;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenuePosition;
import io.orderflow.venue.trading.VenueHttp;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenueSizes;
import io.orderflow.venue.trading.VenueTrading;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken Futures order entry over signed REST ({@code /derivatives/api/v3}); the demo environment by default.
 * <ul>
 *   <li>Headers APIKey, Nonce (strictly increasing) and Authent = base64(HMAC-SHA512(base64decode(secret),
 *       SHA256(postData + nonce + endpointPath))), endpointPath without the {@code /derivatives} prefix, as in
 *       the documented example.</li>
 *   <li>{@code apiLimitExceeded} or HTTP 429: not processed; back off and send again, a bounded number of times.</li>
 *   <li>A timeout or a 5xx: reconciled through {@code orders/status} by cliOrdId, never resent.</li>
 *   <li>{@code clientOrderIdAlreadyExist}: the order is there; it is queried and reported as it stands.</li>
 * </ul>
 */
public final class KrakenFuturesTrading implements VenueTrading {
    private static final Logger LOG = LoggerFactory.getLogger(KrakenFuturesTrading.class);
    public static final String DEMO = "https://demo-futures.kraken.com/derivatives";
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

    private final String restBase;
    /** The host's root: the account history API lives at {@code /api/history}, outside {@code /derivatives}. */
    private final String historyBase;
    private final ApiCredentials credentials;
    private final LongSupplier clock;
    private final int maxRetries;
    private final OkHttpClient http;
    /**
     * The last nonce sent with each API key from this JVM: Kraken wants them strictly increasing per key, and
     * several adapters (every strategy, every subtask) sign with the same key.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> LAST_NONCE =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong lastNonce;
    /** Every Kraken Futures size is in contracts: USD each on inverse (PI_/FI_), base on linear (PF_). */
    private final VenueSizes sizes = new VenueSizes("kraken-futures", symbol -> false);

    public KrakenFuturesTrading(String restBase, ApiCredentials credentials, LongSupplier clock,
            Duration requestTimeout, int maxRetries) {
        this.restBase = restBase.replaceAll("/+$", "");
        this.historyBase = this.restBase.replaceFirst("/derivatives$", "");
        this.credentials = credentials;
        this.lastNonce = LAST_NONCE.computeIfAbsent(credentials.apiKey(), k -> new AtomicLong());
        this.clock = clock;
        this.maxRetries = maxRetries;
        this.http = VenueHttp.client(requestTimeout);
    }

    @Override
    public InstrumentCatalog loadInstruments(List<String> symbols) {
        InstrumentCatalog loaded = KrakenFuturesInstruments.parse(VenueHttp.publicGet(http,
                restBase + KrakenFuturesInstruments.PATH)).only(symbols);
        useInstruments(loaded);
        return loaded;
    }

    @Override
    public void useInstruments(InstrumentCatalog catalog) {
        sizes.use(catalog);
    }

    /** Kraken Futures keeps one net position per contract: there is no mode to check. */
    @Override
    public String checkAccountModes(List<String> symbols) {
        return "kraken-futures: one net position per contract";
    }

    /** {@code size} in contracts: whole USD contracts on inverse instruments, valued at the limit (or the mid). */
    @Override
    public VenueOrder place(OrderIntent intent) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("orderType", intent.type() == OrderType.MARKET ? "mkt" : switch (intent.timeInForce()) {
            case GTC -> "lmt";
            case IOC -> "ioc";
            case POST_ONLY -> "post";
        });
        form.put("symbol", intent.symbol());
        form.put("side", intent.side().name().toLowerCase(java.util.Locale.ROOT));
        long valuedAt = intent.type() == OrderType.LIMIT ? intent.price() : intent.decisionMidPrice();
        form.put("size", Decimals.toPlainString(sizes.toVenue(intent.symbol(), intent.quantity(), valuedAt)));
        if (intent.type() == OrderType.LIMIT) {
            form.put("limitPrice", Decimals.toPlainString(intent.price()));
        }
        if (intent.reduceOnly()) {
            form.put("reduceOnly", "true");
        }
        form.put("cliOrdId", intent.clientOrderId());
        long sentAt = clock.getAsLong();
        Answer a = send("POST", "/api/v3/sendorder", form);
        if (a.lost()) {
            LOG.warn("order {}: answer lost ({}); looking it up by cliOrdId", intent.clientOrderId(), a.describe());
            return reconcile(intent.symbol(), intent.clientOrderId(), sentAt, 5_000);
        }
        String status = a.fields.getOrDefault("sendStatus.status", "");
        String orderId = a.fields.get("sendStatus.order_id");
        switch (status) {
            case "placed":
                return new VenueOrder(intent.clientOrderId(), orderId, OrderStatus.ACKED, 0, 0, status);
            case "partiallyFilled":
            case "filled":
            case "clientOrderIdAlreadyExist":
                return known(intent.symbol(), intent.clientOrderId());
            default:
                return VenueOrder.notFound(intent.clientOrderId(), a.describe());
        }
    }

    /**
     * Kraken Futures documents no deadline for a placement request: an order it has not reported 10 s after the
     * request left is taken as never placed.
     */
    static final long PLACEMENT_WINDOW_MS = 10_000;

    @Override
    public long placementWindowMs() {
        return PLACEMENT_WINDOW_MS;
    }

    /**
     * {@code orders/status} knows open orders and those finished in the last 5 s; older ones are found in the
     * account's order history ({@code /api/history/v2/orders}, from a minute before the request was sent). A
     * minute is enough for what a "not found" decides: the job sends an order again only while its decision is
     * younger than its resend age (15 s by default), so an order sent before that window is never doubled.
     */
    @Override
    public VenueOrder lookup(String symbol, String clientOrderId, long sentAtMs) {
        VenueOrder recent = query(symbol, clientOrderId);
        if (recent.venueOrderId() != null && recent.status() != OrderStatus.UNKNOWN) {
            return recent;
        }
        VenueOrder history = recent.status() == OrderStatus.UNKNOWN ? recent
                : fromHistory(symbol, clientOrderId, sentAtMs - 60_000);
        return VenueTrading.settle(history, clientOrderId, sentAtMs, PLACEMENT_WINDOW_MS);
    }

    /**
     * The order's last event in the account's order history since {@code sinceMs}: PLACE, EDIT, EXECUTION or FILL,
     * CANCEL, REJECT or EXPIRE, with the order as it stood; not found when it has none.
     */
    VenueOrder fromHistory(String symbol, String clientOrderId, long sinceMs) {
        Map<String, String> last = null;
        String token = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("since", Long.toString(sinceMs));
            if (token != null) {
                q.put("continuation_token", token);
            }
            Answer a = send(historyBase, "GET", "/api/history/v2/orders", q);
            if (a.http != 200 || !a.body.startsWith("{")) {
                return VenueOrder.unknown(clientOrderId, "order history: " + a.describe());
            }
            for (Map<String, String> e : FlatJson.objectsIn(a.body, "orderEvents")) {
                if (clientOrderId.equals(e.get("order.cliOrdId"))) {
                    last = e; // oldest first
                }
            }
            token = a.fields.get("continuationToken");
        } while (token != null && !token.isEmpty());
        if (last == null) {
            return VenueOrder.notFound(clientOrderId, "kraken: no order with cliOrdId " + clientOrderId
                    + " in the order history");
        }
        long quantity = Decimals.parse(last.getOrDefault("order.quantity", "0"));
        long filled = Decimals.parse(last.getOrDefault("order.filled", "0"));
        OrderStatus status = switch (last.getOrDefault("type", "")) {
            case "CANCEL" -> OrderStatus.CANCELLED;
            case "REJECT" -> OrderStatus.REJECTED;
            case "EXPIRE", "EXPIRED" -> OrderStatus.EXPIRED;
            default -> filled >= quantity && quantity > 0 ? OrderStatus.FILLED
                    : filled > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACKED;
        };
        long limit = Decimals.parse(last.getOrDefault("order.limitPrice", "0"));
        return new VenueOrder(clientOrderId, last.get("order.orderId"), status,
                filled == 0 || (limit == 0 && sizes.needsPrice(symbol)) ? 0 : sizes.toBase(symbol, filled, limit), 0,
                "history: " + last.get("type"));
    }

    /**
     * An order the venue has (it was placed, or the venue just said so): as orders/status reports it, or, once
     * status has forgotten it (5 s after it ended: a cancel or an edit sent late, on a busy machine or network),
     * as its last event in the last minute's order history. Not found in either, it is UNKNOWN, never "rejected":
     * an order that was placed must not be reported as refused.
     */
    private VenueOrder known(String symbol, String clientOrderId) {
        VenueOrder now = query(symbol, clientOrderId);
        if (now.status() != OrderStatus.REJECTED || now.venueOrderId() != null) {
            return now;
        }
        VenueOrder past = fromHistory(symbol, clientOrderId, clock.getAsLong() - 60_000);
        return past.venueOrderId() != null ? past : VenueOrder.unknown(clientOrderId, past.reason());
    }

    @Override
    public VenueOrder query(String symbol, String clientOrderId) {
        Answer a = send("POST", "/api/v3/orders/status", Map.of("cliOrdIds", clientOrderId));
        if (!a.success()) {
            return VenueOrder.unknown(clientOrderId, a.describe());
        }
        List<Map<String, String>> orders = FlatJson.objectsIn(a.body, "orders");
        if (orders.isEmpty()) {
            return VenueOrder.notFound(clientOrderId, "kraken: no order with cliOrdId " + clientOrderId);
        }
        Map<String, String> o = orders.get(0);
        OrderStatus status = switch (o.getOrDefault("status", "")) {
            case "ENTERED_BOOK" -> OrderStatus.ACKED;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
            case "FULLY_EXECUTED" -> OrderStatus.FILLED;
            case "CANCELLED" -> OrderStatus.CANCELLED;
            case "REJECTED" -> OrderStatus.REJECTED;
            default -> OrderStatus.UNKNOWN;
        };
        // the answer has no average fill price: inverse contracts are valued at the limit price (the fills, each
        // at its own price, are what the ledger books)
        long limit = Decimals.parse(o.getOrDefault("order.limitPrice", "0"));
        long filled = Decimals.parse(o.getOrDefault("order.filled", "0"));
        return new VenueOrder(o.getOrDefault("order.cliOrdId", clientOrderId), o.get("order.orderId"), status,
                filled == 0 || (limit == 0 && sizes.needsPrice(symbol)) ? 0 : sizes.toBase(symbol, filled, limit), 0,
                o.get("status"));
    }

    @Override
    public VenueOrder cancel(String symbol, String clientOrderId) {
        Answer a = send("POST", "/api/v3/cancelorder", Map.of("cliOrdId", clientOrderId));
        VenueOrder now = known(symbol, clientOrderId);
        return now.status() == OrderStatus.UNKNOWN && !a.lost() ? VenueOrder.unknown(clientOrderId, a.describe()) : now;
    }

    /** {@code POST /api/v3/cancelallordersafter}: {@code timeout} in seconds, 0 disarms; account-wide. */
    @Override
    public String cancelAllAfter(List<String> symbols, Duration timeout) {
        Answer a = send("POST", "/api/v3/cancelallordersafter", Map.of("timeout",
                Long.toString(timeout.toSeconds())));
        if (!a.success()) {
            throw new IllegalStateException("cancelallordersafter: " + a.describe());
        }
        return "kraken-futures cancels all after " + timeout.toSeconds() + " s (trigger at "
                + a.fields.getOrDefault("status.triggerTime", "?") + ")";
    }

    @Override
    public String cancelAll(String symbol) {
        Answer a = send("POST", "/api/v3/cancelallorders", Map.of("symbol", symbol));
        return a.success() ? "cancelled all open orders of " + symbol : a.describe();
    }

    @Override
    public List<VenueOrder> openOrders(String symbol) {
        Answer a = send("GET", "/api/v3/openorders", Map.of());
        if (!a.success()) {
            throw new IllegalStateException("open orders: " + a.describe());
        }
        List<VenueOrder> out = new ArrayList<>();
        for (Map<String, String> o : FlatJson.objectsIn(a.body, "openOrders")) {
            if (symbol.equalsIgnoreCase(o.getOrDefault("symbol", ""))) {
                long filled = Decimals.parse(o.getOrDefault("filledSize", "0"));
                long limit = Decimals.parse(o.getOrDefault("limitPrice", "0"));
                out.add(new VenueOrder(o.get("cliOrdId"), o.get("order_id"), filled == 0 ? OrderStatus.ACKED
                        : OrderStatus.PARTIALLY_FILLED, limit == 0 && sizes.needsPrice(symbol) ? 0
                        : sizes.toBase(symbol, filled, limit), 0,
                        o.get("status")));
            }
        }
        return out;
    }

    @Override
    public VenueOrder amend(String symbol, String clientOrderId, Side side, long newPrice, long newQuantity) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("cliOrdId", clientOrderId);
        form.put("size", Decimals.toPlainString(sizes.toVenue(symbol, newQuantity, newPrice)));
        form.put("limitPrice", Decimals.toPlainString(newPrice));
        Answer a = send("POST", "/api/v3/editorder", form);
        VenueOrder now = known(symbol, clientOrderId);
        boolean edited = a.success() && "edited".equals(a.fields.get("editStatus.status"));
        return edited || now.status() == OrderStatus.UNKNOWN ? now : new VenueOrder(now.clientOrderId(),
                now.venueOrderId(), now.status(), now.filledQuantity(), now.averagePrice(),
                "not amended: " + a.describe() + " " + a.fields.getOrDefault("editStatus.status", ""));
    }

    @Override
    public List<VenuePosition> positions() {
        Answer a = send("GET", "/api/v3/openpositions", Map.of());
        if (!a.success()) {
            throw new IllegalStateException("positions: " + a.describe());
        }
        List<VenuePosition> out = new ArrayList<>();
        for (Map<String, String> p : FlatJson.objectsIn(a.body, "openPositions")) {
            long price = Decimals.parse(p.getOrDefault("price", "0"));
            long size = sizes.toBase(p.get("symbol").toUpperCase(java.util.Locale.ROOT),
                    Decimals.parse(p.getOrDefault("size", "0")), price);
            out.add(new VenuePosition(p.get("symbol"), "short".equals(p.get("side")) ? -size : size, price));
        }
        return out;
    }

    /**
     * {@code GET /api/v3/fills}: the account's latest 100 fills, filtered here to the symbol and time. Kraken's REST
     * fills carry no fee (its WebSocket fills do): {@code fee} is null.
     */
    @Override
    public List<VenueFill> fills(String symbol, long sinceMs) {
        Answer a = send("GET", "/api/v3/fills", Map.of());
        if (!a.success()) {
            throw new IllegalStateException("fills: " + a.describe());
        }
        List<VenueFill> out = new ArrayList<>();
        for (Map<String, String> f : FlatJson.objectsIn(a.body, "fills")) {
            long time = java.time.Instant.parse(f.get("fillTime")).toEpochMilli();
            if (time >= sinceMs && symbol.equalsIgnoreCase(f.getOrDefault("symbol", ""))) {
                long price = Decimals.parse(f.get("price"));
                out.add(new VenueFill(f.get("fill_id"), f.get("cliOrdId"), f.get("order_id"), f.get("symbol"),
                        "buy".equals(f.get("side")) ? Side.BUY : Side.SELL, price,
                        sizes.toBase(symbol, Decimals.parse(f.get("size")), price), null,
                        "maker".equals(f.get("fillType")), time));
            }
        }
        out.sort(java.util.Comparator.comparingLong(VenueFill::timeMs));
        return out;
    }

    @Override
    public OrderEventStream privateStream(String webSocketBase) {
        return new KrakenFuturesPrivateStream(webSocketBase, credentials, sizes);
    }

    /** Strictly increasing for the key, even when called twice in one millisecond, from any adapter. */
    private String nonce() {
        return Long.toString(lastNonce.updateAndGet(prev -> Math.max(prev + 1, clock.getAsLong() * 1000)));
    }

    private Answer send(String method, String endpointPath, Map<String, String> params) {
        return send(restBase, method, endpointPath, params);
    }

    /**
     * One signed request to {@code base + endpointPath}: Authent covers postData (the query of a GET), the nonce
     * and the endpoint path (after {@code /derivatives} for the trading API; the history API's own path).
     */
    private Answer send(String base, String method, String endpointPath, Map<String, String> params) {
        StringBuilder data = new StringBuilder();
        params.forEach((k, v) -> data.append(data.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        for (int attempt = 0; ; attempt++) {
            String postData = data.toString();
            String url = base + endpointPath + (method.equals("GET") && postData.length() > 0 ? "?" + postData : "");
            Answer a;
            Response r;
            // nonces must reach Kraken in increasing order per key: requests with the key go one at a time
            synchronized (lastNonce) {
                String nonce = nonce();
                Request request = new Request.Builder()
                        .url(url)
                        .header("APIKey", credentials.apiKey())
                        .header("Nonce", nonce)
                        .header("Authent", RequestSigners.krakenFutures(credentials, postData, nonce, endpointPath))
                        .method(method, method.equals("GET") ? null : RequestBody.create(postData, FORM))
                        .build();
                try {
                    r = http.newCall(request).execute();
                } catch (IOException e) {
                    return Answer.lost(VenueHttp.describe(e));
                }
            }
            try (r) {
                a = Answer.of(r.code(), r.body().string());
                if ((r.code() == 429 || "apiLimitExceeded".equals(a.error())) && attempt < maxRetries) {
                    Backoff.pause(Backoff.retryAfterMs(r.header("Retry-After"), Backoff.exponential(500, attempt)));
                    continue;
                }
                return a;
            } catch (IOException e) {
                return Answer.lost(VenueHttp.describe(e));
            }
        }
    }

    @Override
    public void close() {
        VenueHttp.close(http);
    }

    /** Kraken's {result, error, ...} answer, flattened, or nothing (lost). */
    private record Answer(int http, String body, Map<String, String> fields, String problem) {
        static Answer of(int http, String body) {
            return new Answer(http, body, body.startsWith("{") ? FlatJson.object(body) : Map.of(), null);
        }

        static Answer lost(String problem) {
            return new Answer(0, "", Map.of(), problem);
        }

        boolean success() {
            return http == 200 && "success".equals(fields.get("result"));
        }

        String error() {
            return fields.getOrDefault("error", "");
        }

        boolean lost() {
            return http == 0 || http >= 500;
        }

        String describe() {
            if (problem != null) {
                return problem;
            }
            String status = fields.getOrDefault("sendStatus.status", fields.getOrDefault("cancelStatus.status", ""));
            return "kraken-futures HTTP " + http + " " + fields.getOrDefault("result", "") + (error().isEmpty() ? ""
                    : " " + error()) + (status.isEmpty() ? "" : " " + status);
        }
    }
}
