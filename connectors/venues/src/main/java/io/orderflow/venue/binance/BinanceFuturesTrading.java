package io.orderflow.venue.binance;

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
import io.orderflow.venue.trading.ServerClock;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenuePosition;
import io.orderflow.venue.trading.UnsupportedAccountMode;
import io.orderflow.venue.trading.VenueHttp;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenueTrading;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance USD-M futures order entry over signed REST ({@code /fapi/v1}); {@link #TESTNET} by default.
 * <ul>
 *   <li>Every request carries {@code timestamp} and {@code recvWindow} and is signed over its query string.</li>
 *   <li>HTTP 429: the request was refused, not processed; wait {@code Retry-After} (or back off exponentially)
 *       and send the same request again, a bounded number of times.</li>
 *   <li>HTTP 418 (an IP ban for ignoring 429s): nothing is sent until {@code Retry-After} has passed.</li>
 *   <li>A timeout, a 5xx, or -1006/-1007 ("execution status unknown"): the order may or may not exist, so it is
 *       reconciled by querying its client id, never resent.</li>
 *   <li>A duplicate client id (-4116 on futures, -2010 "Duplicate order sent." on spot) means the order exists:
 *       it is queried and reported as it stands.</li>
 * </ul>
 */
public final class BinanceFuturesTrading implements VenueTrading {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceFuturesTrading.class);
    public static final String TESTNET = "https://testnet.binancefuture.com";

    private final String restBase;
    private final ApiCredentials credentials;
    private final LongSupplier clock;
    private final long recvWindowMs;
    private final int maxRetries;
    private final OkHttpClient http;
    private volatile long bannedUntilMs;
    private final ServerClock serverClock;

    public BinanceFuturesTrading(String restBase, ApiCredentials credentials, LongSupplier clock,
            Duration requestTimeout, long recvWindowMs, int maxRetries) {
        if (recvWindowMs <= 0 || recvWindowMs > 60_000) {
            throw new IllegalArgumentException("recvWindow must be in (0, 60000] ms, got " + recvWindowMs);
        }
        this.restBase = restBase.replaceAll("/+$", "");
        this.credentials = credentials;
        this.clock = clock;
        this.recvWindowMs = recvWindowMs;
        this.maxRetries = maxRetries;
        this.http = VenueHttp.client(requestTimeout);
        this.serverClock = new ServerClock(clock, () -> Long.parseLong(FlatJson.object(
                VenueHttp.publicGet(http, this.restBase + "/fapi/v1/time")).get("serverTime")), CLOCK_REFRESH_MS);
    }

    /** How long a lost answer is looked up past the placement window while the venue does not answer. */
    static final long RECONCILE_PATIENCE_MS = 5_000;

    /** How often the offset to Binance's clock is measured again. */
    static final long CLOCK_REFRESH_MS = 5 * 60_000;

    /** The venue's clock as this adapter stamps requests with it. */
    public ServerClock serverClock() {
        return serverClock;
    }

    @Override
    public InstrumentCatalog loadInstruments(List<String> symbols) {
        InstrumentCatalog all = BinanceInstruments.parse("binance-usdm",
                VenueHttp.publicGet(http, restBase + BinanceInstruments.USDM_PATH));
        InstrumentCatalog loaded = all.only(symbols);
        useInstruments(loaded);
        return loaded;
    }

    /**
     * {@code GET /fapi/v1/positionSide/dual} (hedge mode refuses orders without positionSide, and reduceOnly with
     * it) and {@code GET /fapi/v1/multiAssetsMargin} (either way is fine: it changes the margin, not the orders).
     */
    @Override
    public String checkAccountModes(List<String> symbols) {
        Answer dual = send("GET", "/fapi/v1/positionSide/dual", Map.of());
        if (!dual.ok()) {
            throw new IllegalStateException("could not read the position mode: " + dual.describe());
        }
        if (Boolean.parseBoolean(FlatJson.object(dual.body).get("dualSidePosition"))) {
            throw new UnsupportedAccountMode("the Binance USD-M account is in hedge mode (dualSidePosition=true): "
                    + "orderflow keeps one net position per symbol and exits with reduceOnly, which hedge mode "
                    + "refuses. Switch it to one-way mode (Preferences > Position Mode, or POST "
                    + "/fapi/v1/positionSide/dual dualSidePosition=false) with no open positions or orders");
        }
        Answer multi = send("GET", "/fapi/v1/multiAssetsMargin", Map.of());
        String assets = multi.ok() ? FlatJson.object(multi.body).getOrDefault("multiAssetsMargin", "?") : "?";
        return "binance-usdm: one-way position mode, multi-assets margin " + assets;
    }

    /** USD-M sizes are base units already: its catalogue serves the order rules (fitting), not a conversion. */
    @Override
    public void useInstruments(InstrumentCatalog catalog) {}

    @Override
    public VenueOrder place(OrderIntent intent) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", intent.symbol());
        params.put("side", intent.side().name());
        params.put("type", intent.type().name());
        if (intent.type() == OrderType.LIMIT) {
            params.put("timeInForce", switch (intent.timeInForce()) {
                case GTC -> "GTC";
                case IOC -> "IOC";
                case POST_ONLY -> "GTX"; // Binance futures' post-only
            });
            params.put("price", Decimals.toPlainString(intent.price()));
        }
        params.put("quantity", Decimals.toPlainString(intent.quantity()));
        if (intent.reduceOnly()) {
            params.put("reduceOnly", "true");
        }
        params.put("newClientOrderId", intent.clientOrderId());
        params.put("newOrderRespType", "RESULT");
        long sentAt = clock.getAsLong();
        Answer a = send("POST", "/fapi/v1/order", params);
        if (a.lost()) {
            LOG.warn("order {}: answer lost ({}); looking it up by client id", intent.clientOrderId(), a.describe());
            return reconcile(intent.symbol(), intent.clientOrderId(), sentAt, RECONCILE_PATIENCE_MS);
        }
        if (a.ok()) {
            return order(FlatJson.object(a.body));
        }
        if (a.code == -4116 || (a.code == -2010 && a.message.toLowerCase(java.util.Locale.ROOT).contains("duplicate"))) {
            return query(intent.symbol(), intent.clientOrderId()); // already placed: report it as it stands
        }
        return VenueOrder.notFound(intent.clientOrderId(), a.describe());
    }

    /** The request's recvWindow: Binance's gateway and matching engine both refuse it after that. */
    @Override
    public long placementWindowMs() {
        return recvWindowMs;
    }

    /** {@code GET /fapi/v1/order} by client id sees open, filled and (for 3 days) cancelled or expired orders. */
    @Override
    public VenueOrder lookup(String symbol, String clientOrderId, long sentAtMs) {
        return VenueTrading.settle(query(symbol, clientOrderId), clientOrderId, sentAtMs, recvWindowMs);
    }

    @Override
    public VenueOrder query(String symbol, String clientOrderId) {
        Answer a = send("GET", "/fapi/v1/order", Map.of("symbol", symbol, "origClientOrderId", clientOrderId));
        if (a.ok()) {
            return order(FlatJson.object(a.body));
        }
        if (a.code == -2013) {
            return VenueOrder.notFound(clientOrderId, a.describe());
        }
        return VenueOrder.unknown(clientOrderId, a.describe());
    }

    @Override
    public VenueOrder cancel(String symbol, String clientOrderId) {
        Answer a = send("DELETE", "/fapi/v1/order", Map.of("symbol", symbol, "origClientOrderId", clientOrderId));
        if (a.ok()) {
            return order(FlatJson.object(a.body));
        }
        if (a.lost()) {
            return query(symbol, clientOrderId);
        }
        // -2011 unknown order: it is already final (filled or cancelled) or never existed; ask which
        VenueOrder now = query(symbol, clientOrderId);
        return now.status() == OrderStatus.UNKNOWN ? VenueOrder.unknown(clientOrderId, a.describe()) : now;
    }

    /** {@code POST /fapi/v1/countdownCancelAll} for each symbol: {@code countdownTime} in ms, 0 disarms. */
    @Override
    public String cancelAllAfter(List<String> symbols, Duration timeout) {
        StringBuilder answers = new StringBuilder();
        for (String symbol : symbols) {
            Answer a = send("POST", "/fapi/v1/countdownCancelAll", Map.of("symbol", symbol, "countdownTime",
                    Long.toString(timeout.toMillis())));
            if (!a.ok()) {
                throw new IllegalStateException("countdownCancelAll " + symbol + ": " + a.describe());
            }
            answers.append(answers.length() > 0 ? ", " : "").append(symbol).append(' ').append(timeout.toMillis())
                    .append(" ms");
        }
        return "binance-usdm cancels all after " + answers;
    }

    @Override
    public String cancelAll(String symbol) {
        Answer a = send("DELETE", "/fapi/v1/allOpenOrders", Map.of("symbol", symbol));
        return a.ok() ? "cancelled all open orders of " + symbol : a.describe();
    }

    @Override
    public List<VenueOrder> openOrders(String symbol) {
        Answer a = send("GET", "/fapi/v1/openOrders", Map.of("symbol", symbol));
        if (!a.ok()) {
            throw new IllegalStateException("open orders of " + symbol + ": " + a.describe());
        }
        List<VenueOrder> out = new ArrayList<>();
        for (Map<String, String> o : FlatJson.array(a.body)) {
            out.add(order(o));
        }
        return out;
    }

    @Override
    public VenueOrder amend(String symbol, String clientOrderId, Side side, long newPrice, long newQuantity) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("origClientOrderId", clientOrderId);
        params.put("side", side.name());
        params.put("quantity", Decimals.toPlainString(newQuantity));
        params.put("price", Decimals.toPlainString(newPrice));
        Answer a = send("PUT", "/fapi/v1/order", params);
        if (a.ok()) {
            return order(FlatJson.object(a.body));
        }
        VenueOrder now = query(symbol, clientOrderId); // not amended (final, or refused): report it as it stands
        return now.status() == OrderStatus.UNKNOWN ? VenueOrder.unknown(clientOrderId, a.describe())
                : new VenueOrder(now.clientOrderId(), now.venueOrderId(), now.status(), now.filledQuantity(),
                        now.averagePrice(), "not amended: " + a.describe());
    }

    @Override
    public List<VenuePosition> positions() {
        Answer a = send("GET", "/fapi/v2/positionRisk", Map.of());
        if (!a.ok()) {
            throw new IllegalStateException("positions: " + a.describe());
        }
        List<VenuePosition> out = new ArrayList<>();
        for (Map<String, String> p : FlatJson.array(a.body)) {
            long quantity = Decimals.parse(p.getOrDefault("positionAmt", "0"));
            if (quantity != 0) {
                out.add(new VenuePosition(p.get("symbol"), quantity, Decimals.parse(p.getOrDefault("entryPrice", "0"))));
            }
        }
        return out;
    }

    /** {@code GET /fapi/v1/userTrades}: Binance names the order by its own id only (the caller maps it). */
    @Override
    public List<VenueFill> fills(String symbol, long sinceMs) {
        Answer a = send("GET", "/fapi/v1/userTrades", Map.of("symbol", symbol, "startTime", Long.toString(sinceMs)));
        if (!a.ok()) {
            throw new IllegalStateException("fills of " + symbol + ": " + a.describe());
        }
        List<VenueFill> out = new ArrayList<>();
        for (Map<String, String> t : FlatJson.array(a.body)) {
            out.add(new VenueFill(t.get("id"), null, t.get("orderId"), t.get("symbol"), Side.valueOf(t.get("side")),
                    Decimals.parse(t.get("price")), Decimals.parse(t.get("qty")),
                    Decimals.parse(t.getOrDefault("commission", "0")), Boolean.parseBoolean(t.get("maker")),
                    Long.parseLong(t.get("time"))));
        }
        out.sort(java.util.Comparator.comparingLong(VenueFill::timeMs));
        return out;
    }

    @Override
    public OrderEventStream privateStream(String webSocketBase) {
        return new BinanceUserDataStream(restBase, webSocketBase, credentials);
    }

    static VenueOrder order(Map<String, String> o) {
        OrderStatus status = switch (o.getOrDefault("status", "")) {
            case "NEW" -> OrderStatus.ACKED;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
            case "FILLED" -> OrderStatus.FILLED;
            case "CANCELED" -> OrderStatus.CANCELLED;
            case "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.EXPIRED;
            case "REJECTED" -> OrderStatus.REJECTED;
            default -> OrderStatus.UNKNOWN;
        };
        String avg = o.getOrDefault("avgPrice", "0");
        return new VenueOrder(o.get("clientOrderId"), o.get("orderId"), status,
                Decimals.parse(o.getOrDefault("executedQty", "0")), Decimals.parse(avg), o.get("status"));
    }

    /**
     * One signed request, stamped with the venue's time; with 429 backoff, and once more after -1021 (a timestamp
     * outside recvWindow: Binance did not process it) with the clock measured again. Never throws for venue or
     * network trouble.
     */
    private Answer send(String method, String path, Map<String, String> params) {
        boolean resynced = false;
        for (int attempt = 0; ; attempt++) {
            long now = clock.getAsLong();
            long stamp = serverClock.nowMs();
            if (now < bannedUntilMs) {
                return Answer.refused("banned by the venue for another " + (bannedUntilMs - now) + " ms; not sent");
            }
            StringBuilder query = new StringBuilder();
            params.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            query.append(query.length() == 0 ? "" : "&").append("recvWindow=").append(recvWindowMs)
                    .append("&timestamp=").append(stamp);
            String signature = RequestSigners.binance(credentials, query.toString());
            Request request = new Request.Builder()
                    .url(restBase + path + "?" + query + "&signature=" + signature)
                    .header("X-MBX-APIKEY", credentials.apiKey())
                    .method(method, method.equals("GET") ? null : RequestBody.create(new byte[0]))
                    .build();
            try (Response r = http.newCall(request).execute()) {
                String body = r.body().string();
                if (r.code() == 429 && attempt < maxRetries) {
                    Backoff.pause(Backoff.retryAfterMs(r.header("Retry-After"), Backoff.exponential(500, attempt)));
                    continue;
                }
                if (r.code() == 418) {
                    bannedUntilMs = clock.getAsLong() + Backoff.retryAfterMs(r.header("Retry-After"), 120_000);
                    return Answer.refused("HTTP 418: banned by the venue for " + (bannedUntilMs - clock.getAsLong())
                            + " ms");
                }
                Answer a = Answer.of(r.code(), body);
                if (a.code == -1021 && !resynced) {
                    resynced = true;
                    try {
                        LOG.warn("binance: timestamp outside recvWindow; clock offset now {} ms, sending again",
                                serverClock.sync());
                        attempt--;
                        continue;
                    } catch (RuntimeException unreachable) {
                        return a;
                    }
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

    /** What came back: an HTTP answer with Binance's {code, msg}, a refusal, or nothing (lost). */
    private record Answer(int http, String body, int code, String message, String problem) {
        static Answer of(int http, String body) {
            int code = 0;
            String message = "";
            if (http != 200 && body.startsWith("{")) {
                Map<String, String> m = FlatJson.object(body);
                code = Integer.parseInt(m.getOrDefault("code", "0"));
                message = m.getOrDefault("msg", "");
            }
            return new Answer(http, body, code, message, null);
        }

        static Answer lost(String problem) {
            return new Answer(0, "", 0, "", problem);
        }

        static Answer refused(String problem) {
            return new Answer(-1, "", 0, "", problem);
        }

        boolean ok() {
            return http == 200;
        }

        /** The venue may or may not have acted: a timeout, a 5xx, or "execution status unknown". */
        boolean lost() {
            return http == 0 || http >= 500 || code == -1006 || code == -1007;
        }

        String describe() {
            if (problem != null) {
                return problem;
            }
            return "binance HTTP " + http + (code != 0 ? " " + code + ": " + message : "");
        }
    }
}
