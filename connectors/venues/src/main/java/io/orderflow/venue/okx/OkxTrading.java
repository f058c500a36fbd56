package io.orderflow.venue.okx;

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
import io.orderflow.venue.trading.VenueSizes;
import io.orderflow.venue.trading.VenueTrading;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OKX v5 order entry over signed REST; demo trading (header {@code x-simulated-trading: 1}) unless told otherwise.
 * <ul>
 *   <li>Headers OK-ACCESS-KEY / -SIGN / -TIMESTAMP (ISO-8601 with milliseconds, UTC) / -PASSPHRASE; the signature
 *       covers timestamp + METHOD + path with query + body.</li>
 *   <li>HTTP 429 or code 50011 (rate limit): not processed; back off and send again, a bounded number of times.</li>
 *   <li>A timeout, a 5xx, or 50001/50013 (service busy): reconciled by querying the clOrdId, never resent.</li>
 *   <li>sCode 51016 (duplicated clOrdId): the order exists; it is queried and reported as it stands.</li>
 * </ul>
 * clOrdId must be 1–32 letters and digits: orderflow's derived ids are.
 */
public final class OkxTrading implements VenueTrading {
    private static final Logger LOG = LoggerFactory.getLogger(OkxTrading.class);
    public static final String REST = "https://www.okx.com";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String restBase;
    private final ApiCredentials credentials;
    private final LongSupplier clock;
    private final boolean demo;
    private final String tradeMode;
    private final int maxRetries;
    private final OkHttpClient http;
    private final ServerClock serverClock;
    /** Spot sizes are base currency; swaps and futures count contracts of {@code ctVal}. */
    private final VenueSizes sizes = new VenueSizes("okx", id -> OkxInstruments.instType(id).equals("SPOT"));

    /**
     * @param tradeMode OKX {@code tdMode} of swaps and futures: "cross" or "isolated" (spot orders always go as
     *     "cash": a margin mode there would borrow)
     */
    public OkxTrading(String restBase, ApiCredentials credentials, LongSupplier clock, Duration requestTimeout,
            boolean demo, String tradeMode, int maxRetries) {
        if (!credentials.hasPassphrase()) {
            throw new IllegalArgumentException("OKX needs the API passphrase too: set <PREFIX>_API_PASSPHRASE");
        }
        if (!tradeMode.equals("cross") && !tradeMode.equals("isolated")) {
            throw new IllegalArgumentException("OKX margin mode of swaps and futures must be cross or isolated, got '"
                    + tradeMode + "' (spot orders always trade as cash)");
        }
        this.restBase = restBase.replaceAll("/+$", "");
        this.credentials = credentials;
        this.clock = clock;
        this.demo = demo;
        this.tradeMode = tradeMode;
        this.maxRetries = maxRetries;
        this.http = VenueHttp.client(requestTimeout);
        this.serverClock = new ServerClock(clock, () -> Long.parseLong(FlatJson.objectsIn(
                VenueHttp.publicGet(http, this.restBase + "/api/v5/public/time"), "data").get(0).get("ts")),
                5 * 60_000);
    }

    /** The venue's clock as this adapter stamps requests (and the private stream's login) with it. */
    public ServerClock serverClock() {
        return serverClock;
    }

    /** One public instruments request per instrument type among the symbols (SPOT, SWAP, FUTURES). */
    @Override
    public InstrumentCatalog loadInstruments(List<String> symbols) {
        List<io.orderflow.model.Instrument> all = new ArrayList<>();
        List<String> types = symbols.isEmpty() ? List.of("SPOT", "SWAP", "FUTURES")
                : symbols.stream().map(OkxInstruments::instType).distinct().toList();
        for (String type : types) {
            all.addAll(OkxInstruments.parse(VenueHttp.publicGet(http, restBase + OkxInstruments.PATH + "?instType="
                    + type)).all());
        }
        InstrumentCatalog loaded = new InstrumentCatalog("okx", all).only(symbols);
        useInstruments(loaded);
        return loaded;
    }

    @Override
    public void useInstruments(InstrumentCatalog catalog) {
        sizes.use(catalog);
    }

    /**
     * {@code GET /api/v5/account/config}: {@code posMode} must be {@code net_mode} (in long/short mode a sell opens a
     * short beside the long instead of closing it, and needs posSide); {@code acctLv} 1 (spot mode) cannot trade
     * swaps or futures.
     */
    @Override
    public String checkAccountModes(List<String> symbols) {
        Answer a = send("GET", "/api/v5/account/config", "");
        Map<String, String> config = a.first();
        if (!"0".equals(a.code) || config == null) {
            throw new IllegalStateException("could not read the OKX account configuration: " + a.describe());
        }
        String posMode = config.getOrDefault("posMode", "");
        String level = config.getOrDefault("acctLv", "");
        boolean derivatives = symbols.stream().anyMatch(s -> !OkxInstruments.instType(s).equals("SPOT"));
        if (derivatives && !posMode.equals("net_mode")) {
            throw new UnsupportedAccountMode("the OKX account is in " + posMode + ": orderflow keeps one net position "
                    + "per instrument and exits with reduceOnly. Switch it to net mode (Settings > Position mode > "
                    + "One-way, or POST /api/v5/account/set-position-mode posMode=net_mode) with no open positions");
        }
        if (derivatives && level.equals("1")) {
            throw new UnsupportedAccountMode("the OKX account is in spot mode (acctLv 1), which cannot trade swaps or "
                    + "futures: switch it to a margin mode (Settings > Trading mode)");
        }
        return "okx: " + posMode + ", account level " + level + ", swaps and futures in " + tradeMode
                + " margin, spot as cash";
    }

    /**
     * {@code tdMode} cash on spot, the configured margin mode otherwise; {@code sz} in contracts on swaps and
     * futures; a spot market buy says {@code tgtCcy=base_ccy}, since OKX otherwise reads its {@code sz} as quote
     * currency to spend.
     */
    @Override
    public VenueOrder place(OrderIntent intent) {
        String ordType = intent.type() == OrderType.MARKET ? "market" : switch (intent.timeInForce()) {
            case GTC -> "limit";
            case IOC -> "ioc";
            case POST_ONLY -> "post_only";
        };
        boolean spot = OkxInstruments.instType(intent.symbol()).equals("SPOT");
        long valuedAt = intent.type() == OrderType.LIMIT ? intent.price() : intent.decisionMidPrice();
        StringBuilder body = new StringBuilder("{\"instId\":\"").append(intent.symbol())
                .append("\",\"tdMode\":\"").append(spot ? "cash" : tradeMode)
                .append("\",\"clOrdId\":\"").append(intent.clientOrderId())
                .append("\",\"side\":\"").append(intent.side().name().toLowerCase(java.util.Locale.ROOT))
                .append("\",\"ordType\":\"").append(ordType)
                .append("\",\"sz\":\"").append(Decimals.toPlainString(
                        sizes.toVenue(intent.symbol(), intent.quantity(), valuedAt))).append('"');
        if (spot && intent.type() == OrderType.MARKET) {
            body.append(",\"tgtCcy\":\"base_ccy\"");
        }
        if (intent.type() == OrderType.LIMIT) {
            body.append(",\"px\":\"").append(Decimals.toPlainString(intent.price())).append('"');
        }
        if (intent.reduceOnly() && !spot) {
            body.append(",\"reduceOnly\":true"); // margin and derivatives only: a spot sell cannot open anything
        }
        long sentAt = clock.getAsLong();
        Answer a = send("POST", "/api/v5/trade/order", body.append('}').toString());
        if (a.lost()) {
            LOG.warn("order {}: answer lost ({}); looking it up by clOrdId", intent.clientOrderId(), a.describe());
            return reconcile(intent.symbol(), intent.clientOrderId(), sentAt, 5_000);
        }
        Map<String, String> item = a.first();
        if ("0".equals(a.code) && item != null && "0".equals(item.get("sCode"))) {
            return new VenueOrder(intent.clientOrderId(), item.get("ordId"), OrderStatus.ACKED, 0, 0,
                    item.getOrDefault("sMsg", "placed"));
        }
        if (item != null && "51016".equals(item.get("sCode"))) {
            return query(intent.symbol(), intent.clientOrderId()); // already placed
        }
        return VenueOrder.notFound(intent.clientOrderId(), a.describe());
    }

    /** Each placement carries {@code expTime} this far ahead: OKX does not act on the request after it. */
    static final long PLACEMENT_WINDOW_MS = 5_000;

    @Override
    public long placementWindowMs() {
        return PLACEMENT_WINDOW_MS;
    }

    /** {@code GET /api/v5/trade/order} by clOrdId sees live, filled and (for 2 hours) unfilled cancelled orders. */
    @Override
    public VenueOrder lookup(String instId, String clientOrderId, long sentAtMs) {
        return VenueTrading.settle(query(instId, clientOrderId), clientOrderId, sentAtMs, PLACEMENT_WINDOW_MS);
    }

    @Override
    public VenueOrder query(String instId, String clientOrderId) {
        Answer a = send("GET", "/api/v5/trade/order?instId=" + enc(instId) + "&clOrdId=" + enc(clientOrderId), "");
        if ("0".equals(a.code) && a.first() != null) {
            return order(a.first(), sizes);
        }
        if ("51603".equals(a.code)) {
            return VenueOrder.notFound(clientOrderId, a.describe());
        }
        return VenueOrder.unknown(clientOrderId, a.describe());
    }

    @Override
    public VenueOrder cancel(String instId, String clientOrderId) {
        Answer a = send("POST", "/api/v5/trade/cancel-order",
                "{\"instId\":\"" + instId + "\",\"clOrdId\":\"" + clientOrderId + "\"}");
        VenueOrder now = query(instId, clientOrderId); // cancel answers "accepted"; the order says what happened
        return now.status() == OrderStatus.UNKNOWN && !a.lost() ? VenueOrder.unknown(clientOrderId, a.describe()) : now;
    }

    /** {@code POST /api/v5/trade/cancel-all-after}: {@code timeOut} 0 (disarm) or 10 to 120 s, account-wide. */
    @Override
    public String cancelAllAfter(List<String> symbols, Duration timeout) {
        long seconds = timeout.toSeconds();
        if (seconds != 0 && (seconds < 10 || seconds > 120)) {
            throw new IllegalArgumentException("OKX cancels all after 10 to 120 s (or 0 to disarm), got " + seconds);
        }
        Answer a = send("POST", "/api/v5/trade/cancel-all-after", "{\"timeOut\":\"" + seconds + "\"}");
        if (!"0".equals(a.code)) {
            throw new IllegalStateException("cancel-all-after: " + a.describe());
        }
        Map<String, String> item = a.first();
        return "okx cancels all after " + seconds + " s" + (item == null ? "" : " (trigger at "
                + item.getOrDefault("triggerTime", "?") + ")");
    }

    @Override
    public String cancelAll(String instId) {
        int n = 0;
        for (VenueOrder o : openOrders(instId)) {
            cancel(instId, o.clientOrderId());
            n++;
        }
        return "cancelled " + n + " open orders of " + instId;
    }

    @Override
    public List<VenueOrder> openOrders(String instId) {
        Answer a = send("GET", "/api/v5/trade/orders-pending?instId=" + enc(instId), "");
        if (!"0".equals(a.code)) {
            throw new IllegalStateException("open orders of " + instId + ": " + a.describe());
        }
        List<VenueOrder> out = new ArrayList<>();
        for (Map<String, String> o : FlatJson.objectsIn(a.body, "data")) {
            out.add(order(o, sizes));
        }
        return out;
    }

    @Override
    public VenueOrder amend(String instId, String clientOrderId, Side side, long newPrice, long newQuantity) {
        Answer a = send("POST", "/api/v5/trade/amend-order", "{\"instId\":\"" + instId + "\",\"clOrdId\":\""
                + clientOrderId + "\",\"newSz\":\"" + Decimals.toPlainString(sizes.toVenue(instId, newQuantity,
                newPrice)) + "\",\"newPx\":\""
                + Decimals.toPlainString(newPrice) + "\"}");
        VenueOrder now = query(instId, clientOrderId); // amend answers "accepted"; the order says what happened
        Map<String, String> item = a.first();
        boolean amended = "0".equals(a.code) && item != null && "0".equals(item.get("sCode"));
        return amended || now.status() == OrderStatus.UNKNOWN ? now : new VenueOrder(now.clientOrderId(),
                now.venueOrderId(), now.status(), now.filledQuantity(), now.averagePrice(),
                "not amended: " + a.describe());
    }

    @Override
    public List<VenuePosition> positions() {
        Answer a = send("GET", "/api/v5/account/positions", "");
        if (!"0".equals(a.code)) {
            throw new IllegalStateException("positions: " + a.describe());
        }
        List<VenuePosition> out = new ArrayList<>();
        for (Map<String, String> p : a.data) {
            String pos = p.getOrDefault("pos", "");
            long quantity = pos.isEmpty() ? 0 : Decimals.parse(pos);
            if ("short".equals(p.get("posSide"))) {
                quantity = -Math.abs(quantity); // long/short mode reports sizes unsigned with a side
            }
            if (quantity != 0) {
                String avg = p.getOrDefault("avgPx", "");
                long entry = avg.isEmpty() ? 0 : Decimals.parse(avg);
                out.add(new VenuePosition(p.get("instId"), sizes.toBase(p.get("instId"), quantity, entry), entry));
            }
        }
        return out;
    }

    /** {@code GET /api/v5/trade/fills} (the last 3 days), newest first from OKX, returned oldest first. */
    @Override
    public List<VenueFill> fills(String instId, long sinceMs) {
        Answer a = send("GET", "/api/v5/trade/fills?instId=" + enc(instId) + "&begin=" + (sinceMs - 1), "");
        if (!"0".equals(a.code)) {
            throw new IllegalStateException("fills of " + instId + ": " + a.describe());
        }
        List<VenueFill> out = new ArrayList<>();
        for (Map<String, String> f : a.data) {
            long time = Long.parseLong(f.getOrDefault("ts", "0"));
            if (time < sinceMs) {
                continue;
            }
            out.add(fill(f, sizes, time));
        }
        out.sort(java.util.Comparator.comparingLong(VenueFill::timeMs));
        return out;
    }

    @Override
    public OrderEventStream privateStream(String webSocketBase) {
        return new OkxPrivateStream(webSocketBase, credentials, serverClock::nowMs, sizes);
    }

    /** An order as OKX reports it (REST or private stream), its filled size in base units. */
    static VenueOrder order(Map<String, String> o, VenueSizes sizes) {
        OrderStatus status = switch (o.getOrDefault("state", "")) {
            case "live" -> OrderStatus.ACKED;
            case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
            case "filled" -> OrderStatus.FILLED;
            case "canceled", "mmp_canceled" -> OrderStatus.CANCELLED;
            default -> OrderStatus.UNKNOWN;
        };
        String filled = o.getOrDefault("accFillSz", "");
        String avg = o.getOrDefault("avgPx", "");
        long average = avg.isEmpty() ? 0 : Decimals.parse(avg);
        return new VenueOrder(o.get("clOrdId"), o.get("ordId"), status,
                filled.isEmpty() ? 0 : sizes.toBase(o.get("instId"), Decimals.parse(filled), average), average,
                o.get("state"));
    }

    /**
     * A fill as OKX reports it (trade history or private stream): {@code fillSz} in base units; OKX's {@code fee}
     * is negative when charged, orderflow's positive.
     */
    static VenueFill fill(Map<String, String> f, VenueSizes sizes, long timeMs) {
        String fee = f.getOrDefault("fee", "");
        long price = Decimals.parse(f.get("fillPx"));
        return new VenueFill(f.get("tradeId"), f.get("clOrdId"), f.get("ordId"), f.get("instId"),
                Side.valueOf(f.get("side").toUpperCase(java.util.Locale.ROOT)), price,
                sizes.toBase(f.get("instId"), Decimals.parse(f.get("fillSz")), price),
                fee.isEmpty() ? null : -Decimals.parse(fee), "M".equals(f.get("execType")), timeMs);
    }

    /**
     * One signed request stamped with the venue's time; with 429/50011 backoff, and once more after 50102
     * (timestamp expired: not processed) with the clock measured again.
     */
    private Answer send(String method, String pathAndQuery, String body) {
        boolean resynced = false;
        for (int attempt = 0; ; attempt++) {
            String timestamp = TIMESTAMP.format(Instant.ofEpochMilli(serverClock.nowMs()));
            Request.Builder request = new Request.Builder()
                    .url(restBase + pathAndQuery)
                    .header("OK-ACCESS-KEY", credentials.apiKey())
                    .header("OK-ACCESS-SIGN", RequestSigners.okx(credentials, timestamp, method, pathAndQuery, body))
                    .header("OK-ACCESS-TIMESTAMP", timestamp)
                    .header("OK-ACCESS-PASSPHRASE", credentials.passphrase())
                    .method(method, method.equals("GET") ? null : RequestBody.create(body, JSON));
            if (demo) {
                request.header("x-simulated-trading", "1");
            }
            if (pathAndQuery.equals("/api/v5/trade/order") && method.equals("POST")) {
                // the request's deadline: past it OKX does not act on it, so a lost answer can be settled
                request.header("expTime", Long.toString(serverClock.nowMs() + PLACEMENT_WINDOW_MS));
            }
            try (Response r = http.newCall(request.build()).execute()) {
                String text = r.body().string();
                Answer a = Answer.of(r.code(), text);
                if ((r.code() == 429 || "50011".equals(a.code)) && attempt < maxRetries) {
                    Backoff.pause(Backoff.retryAfterMs(r.header("Retry-After"), Backoff.exponential(500, attempt)));
                    continue;
                }
                if ("50102".equals(a.code) && !resynced) {
                    resynced = true;
                    try {
                        LOG.warn("okx: timestamp expired; clock offset now {} ms, sending again", serverClock.sync());
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        VenueHttp.close(http);
    }

    /** OKX's {code, msg, data[]} answer, or nothing (lost). */
    private record Answer(int http, String body, String code, String message, List<Map<String, String>> data,
            String problem) {
        static Answer of(int http, String body) {
            if (!body.startsWith("{")) {
                return new Answer(http, body, "", "", List.of(), null);
            }
            Map<String, String> top = FlatJson.object(body);
            return new Answer(http, body, top.getOrDefault("code", ""), top.getOrDefault("msg", ""),
                    FlatJson.objectsIn(body, "data"), null);
        }

        static Answer lost(String problem) {
            return new Answer(0, "", "", "", List.of(), problem);
        }

        Map<String, String> first() {
            return data.isEmpty() ? null : data.get(0);
        }

        boolean lost() {
            return http == 0 || http >= 500 || "50001".equals(code) || "50013".equals(code);
        }

        String describe() {
            if (problem != null) {
                return problem;
            }
            Map<String, String> item = first();
            String detail = item != null && item.containsKey("sCode") && !"0".equals(item.get("sCode"))
                    ? " sCode " + item.get("sCode") + ": " + item.getOrDefault("sMsg", "") : "";
            return "okx HTTP " + http + " code " + code + (message.isEmpty() ? "" : ": " + message) + detail;
        }
    }
}
