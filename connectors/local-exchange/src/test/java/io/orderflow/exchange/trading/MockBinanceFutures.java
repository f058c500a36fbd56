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
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;

/**
 * A local Binance USD-M futures order-entry server on loopback (a real HTTP server), strict the way the venue is:
 * it checks the API key header, the HMAC signature and the timestamp against {@code recvWindow}; refuses a
 * duplicate client order id (-4116); answers bursts beyond its request rate with 429 and {@code Retry-After}, and
 * bans (418) a client that keeps sending during the penalty; and can be told to accept the next order but answer
 * only after the client has given up. Limit orders rest (NEW) until the test fills them ({@link #fill}); market
 * orders fill at once at a set price; reduce-only orders that would open or grow a position are refused (-2022).
 * Amend ({@code PUT /fapi/v1/order}), positions ({@code /fapi/v2/positionRisk}), trade history
 * ({@code /fapi/v1/userTrades}) and the user data stream (listen key, {@code ORDER_TRADE_UPDATE}) are served.
 */
public final class MockBinanceFutures extends MockVenue {
    /** An order the venue holds. */
    public record HeldOrder(long orderId, String clientOrderId, String symbol, String side, String type,
            String price, String quantity, String status, String executedQty, String avgPrice) {}

    private final ApiCredentials credentials;
    private final int requestsPerSecond;
    /** Every order, by the venue's order id: a client id comes back once its order is final. */
    private final Map<String, HeldOrder> orders = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(8_000_000);
    private final java.util.Set<String> listenKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long marketFillPrice = Decimals.parse("60000");
    private volatile boolean hedgeMode;

    public MockBinanceFutures(String apiKey, String secret, int requestsPerSecond) throws IOException {
        super("mock-binance-futures", "/fapi/", requestsPerSecond);
        this.credentials = new ApiCredentials(apiKey, secret.toCharArray(), null);
        this.requestsPerSecond = requestsPerSecond;
        // the venue's own filters for these symbols (exchangeInfo, December 2026)
        list(usdm("BTCUSDT", "0.1", "0.001", "100"), usdm("ETHUSDT", "0.01", "0.001", "20"));
        pricePrecision.put("BTCUSDT", 2); // its tickSize is written "0.10": two decimals pass -1111, then -4014
    }

    /** Decimals a price may have before -1111 (exchangeInfo {@code pricePrecision}); the tick's by default. */
    private final Map<String, Integer> pricePrecision = new java.util.concurrent.ConcurrentHashMap<>();

    private int pricePrecision(Instrument i) {
        return pricePrecision.getOrDefault(i.symbol(), decimals(Decimals.toPlainString(i.tickSize())));
    }

    /** A USD-M perpetual: tick, step (limit and market), minimum quantity = step, minimum notional. */
    public static Instrument usdm(String symbol, String tick, String step, String minNotional) {
        return new Instrument("binance-usdm", symbol, Instrument.Kind.SPOT, Decimals.parse(tick),
                Decimals.parse(step), Decimals.parse(step), Decimals.parse(step), Decimals.parse(minNotional),
                Decimals.UNIT, true);
    }

    /** {@code GET /fapi/v1/exchangeInfo} in the documented shape, for the listed symbols. */
    private String exchangeInfo() {
        StringBuilder b = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":").append(System.currentTimeMillis())
                .append(",\"futuresType\":\"U_MARGINED\",\"rateLimits\":[],\"exchangeFilters\":[],\"symbols\":[");
        String sep = "";
        for (Instrument i : listedInstruments()) {
            String tick = Decimals.toPlainString(i.tickSize());
            String step = Decimals.toPlainString(i.lotSize());
            String quote = i.symbol().endsWith("USDC") ? "USDC" : "USDT";
            String base = i.symbol().substring(0, i.symbol().length() - quote.length());
            b.append(sep).append("{\"symbol\":\"").append(i.symbol()).append("\",\"pair\":\"").append(i.symbol())
                    .append("\",\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000,"
                            + "\"onboardDate\":1569398400000,\"status\":\"TRADING\",\"baseAsset\":\"").append(base)
                    .append("\",\"quoteAsset\":\"").append(quote).append("\",\"marginAsset\":\"").append(quote)
                    .append("\",\"baseAssetPrecision\":8,\"quotePrecision\":8,\"underlyingType\":\"COIN\","
                            + "\"orderTypes\":[\"LIMIT\",\"MARKET\",\"STOP\",\"STOP_MARKET\",\"TAKE_PROFIT\","
                            + "\"TAKE_PROFIT_MARKET\",\"TRAILING_STOP_MARKET\"],"
                            + "\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\",\"GTD\"],\"pricePrecision\":")
                    .append(pricePrecision(i)).append(",\"quantityPrecision\":").append(decimals(step))
                    .append(",\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"").append(tick)
                    .append("\",\"maxPrice\":\"10000000\",\"tickSize\":\"").append(tick)
                    .append("\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"")
                    .append(Decimals.toPlainString(i.minSize())).append("\",\"maxQty\":\"1000\",\"stepSize\":\"")
                    .append(step).append("\"},{\"filterType\":\"MARKET_LOT_SIZE\",\"minQty\":\"")
                    .append(Decimals.toPlainString(i.minSize())).append("\",\"maxQty\":\"120\",\"stepSize\":\"")
                    .append(Decimals.toPlainString(i.marketLotSize()))
                    .append("\"},{\"filterType\":\"MIN_NOTIONAL\",\"notional\":\"")
                    .append(Decimals.toPlainString(i.minNotional())).append("\"}]}");
            sep = ",";
        }
        return b.append("]}").toString();
    }

    private static String signatureIn(String params) {
        for (String kv : params.split("&")) {
            if (kv.startsWith("signature=")) {
                return kv.substring("signature=".length());
            }
        }
        return null;
    }

    private static String withoutSignature(String params) {
        return params.replaceAll("(^|&)signature=[^&]*", "");
    }

    /** The position mode's rules: in hedge mode a side must be named and reduceOnly is not accepted. */
    private String modeError(Map<String, String> q) {
        String side = q.getOrDefault("positionSide", "BOTH");
        if (hedgeMode && side.equals("BOTH")) {
            countRuleRejection();
            return error(-4061, "Order's position side does not match user's setting.");
        }
        if (hedgeMode && q.containsKey("reduceOnly")) {
            countRuleRejection();
            return error(-1106, "Parameter 'reduceonly' sent when not required.");
        }
        if (!hedgeMode && !side.equals("BOTH")) {
            countRuleRejection();
            return error(-4061, "Order's position side does not match user's setting.");
        }
        return null;
    }

    /**
     * The venue's filters, in the order and with the codes it answers them: an unlisted symbol (-1121), more
     * decimals than the symbol's precision (-1111), a price off the tick (-4014), a quantity off the step (-4023)
     * or under the minimum (-4004), a notional under the minimum unless reduce-only (-4164).
     */
    private String filterError(Map<String, String> q) {
        String symbol = q.get("symbol");
        Instrument i = listed(symbol);
        boolean market = "MARKET".equals(q.get("type"));
        String qty = q.getOrDefault("quantity", "0");
        String price = market ? Decimals.toPlainString(marketFillPrice) : q.getOrDefault("price", "0");
        if (i == null) {
            countRuleRejection();
            return error(-1121, "Invalid symbol.");
        }
        if (decimals(qty) > decimals(Decimals.toPlainString(i.lotSize()))
                || (!market && decimals(price) > pricePrecision(i))) {
            countRuleRejection();
            return error(-1111, "Precision is over the maximum defined for this asset.");
        }
        Instrument.Violation v = violation(symbol, market, Decimals.parse(price), Decimals.parse(qty),
                "true".equals(q.get("reduceOnly")));
        if (v == null) {
            return null;
        }
        return switch (v.rule()) {
            case "tick_size" -> error(-4014, "Price not increased by tick size.");
            case "lot_size" -> error(-4023, "Qty not increased by step size.");
            case "min_size" -> error(-4004, "Quantity less than min quantity.");
            default -> error(-4164, "Order's notional must be no smaller than "
                    + Decimals.toPlainString(i.minNotional()) + " (unless you choose reduce only).");
        };
    }

    /** Hedge mode (dualSidePosition): orders must name LONG or SHORT, and reduceOnly is refused. */
    public void hedgeMode(boolean on) {
        hedgeMode = on;
    }

    public void fillMarketOrdersAt(String price) {
        marketFillPrice = Decimals.parse(price);
    }

    public synchronized List<HeldOrder> orders() {
        return new ArrayList<>(orders.values());
    }

    @Override
    void handle(HttpExchange ex) throws IOException {
        long now = nowMs();
        if (ex.getRequestURI().getPath().equals("/fapi/v1/time") && ex.getRequestMethod().equals("GET")) {
            reply(ex, 200, "{\"serverTime\":" + now + "}");
            return;
        }
        if (ex.getRequestURI().getPath().equals("/fapi/v1/exchangeInfo") && ex.getRequestMethod().equals("GET")) {
            reply(ex, 200, exchangeInfo()); // public market data: no key
            return;
        }
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
        if (ex.getRequestURI().getPath().equals("/fapi/v1/listenKey")) { // API key only, no signature
            String key = listenKeys.isEmpty() ? java.util.UUID.randomUUID().toString().replace("-", "")
                    : listenKeys.iterator().next(); // POST and PUT both answer the account's key
            listenKeys.add(key);
            reply(ex, 200, "{\"listenKey\":\"" + key + "\"}");
            return;
        }
        // Binance signs totalParams, the query string followed by the request body (no separator); the signature
        // may be sent in either
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String form = body(ex);
        String[] unsigned = {withoutSignature(query), withoutSignature(form)};
        String signature = signatureIn(query) != null ? signatureIn(query) : signatureIn(form);
        if (signature == null || !RequestSigners.binance(credentials, unsigned[0] + unsigned[1]).equals(signature)) {
            badSignatures.incrementAndGet();
            reply(ex, 400, error(-1022, "Signature for this request is not valid."));
            return;
        }
        Map<String, String> q = parseQuery(unsigned[0]);
        q.putAll(parseQuery(unsigned[1]));
        long ts = Long.parseLong(q.getOrDefault("timestamp", "0"));
        long window = Long.parseLong(q.getOrDefault("recvWindow", "5000"));
        if (ts > now + 1_000 || now - ts > window) {
            reply(ex, 400, error(-1021, "Timestamp for this request is outside of the recvWindow."));
            return;
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/fapi/v1/positionSide/dual") && method.equals("GET")) {
            reply(ex, 200, "{\"dualSidePosition\":" + hedgeMode + "}");
        } else if (path.equals("/fapi/v1/multiAssetsMargin") && method.equals("GET")) {
            reply(ex, 200, "{\"multiAssetsMargin\":false}");
        } else if (path.equals("/fapi/v1/order") && method.equals("POST")) {
            place(ex, q);
        } else if (path.equals("/fapi/v1/order") && method.equals("GET")) {
            if (!q.containsKey("orderId") && !q.containsKey("origClientOrderId")) {
                reply(ex, 400, error(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"));
                return;
            }
            HeldOrder o = find(q);
            reply(ex, o == null ? 400 : 200, o == null ? error(-2013, "Order does not exist.") : json(o));
        } else if (path.equals("/fapi/v1/order") && method.equals("PUT")) {
            HeldOrder held = find(q.get("origClientOrderId"));
            String refused = held == null ? null : filterError(Map.of("symbol", held.symbol(), "type", "LIMIT",
                    "price", q.getOrDefault("price", "0"), "quantity", q.getOrDefault("quantity", "0")));
            if (refused != null) {
                reply(ex, 400, refused);
                return;
            }
            HeldOrder amended = amend(q.get("origClientOrderId"), q.get("price"), q.get("quantity"));
            reply(ex, amended == null ? 400 : 200,
                    amended == null ? error(-2013, "Order does not exist.") : json(amended));
        } else if ((path.equals("/fapi/v2/positionRisk") || path.equals("/fapi/v3/positionRisk"))
                && method.equals("GET")) {
            StringBuilder b = new StringBuilder("[");
            for (Position p : positions()) {
                if (q.containsKey("symbol") && !q.get("symbol").equals(p.symbol())) {
                    continue;
                }
                b.append(b.length() > 1 ? "," : "").append("{\"symbol\":\"").append(p.symbol())
                        .append("\",\"positionSide\":\"BOTH\",\"positionAmt\":\"")
                        .append(Decimals.toPlainString(p.quantity())).append("\",\"entryPrice\":\"")
                        .append(Decimals.toPlainString(p.entryPrice())).append("\",\"breakEvenPrice\":\"")
                        .append(Decimals.toPlainString(p.entryPrice())).append("\",\"markPrice\":\"")
                        .append(Decimals.toPlainString(marketFillPrice))
                        .append("\",\"unRealizedProfit\":\"0\",\"liquidationPrice\":\"0\",\"isolatedMargin\":\"0\","
                                + "\"marginAsset\":\"USDT\",\"isolatedWallet\":\"0\",\"initialMargin\":\"0\","
                                + "\"maintMargin\":\"0\",\"notional\":\"")
                        .append(Decimals.toBigDecimal(p.quantity()).multiply(Decimals.toBigDecimal(marketFillPrice))
                                .stripTrailingZeros().toPlainString())
                        .append("\",\"leverage\":\"20\",\"marginType\":\"cross\",\"updateTime\":").append(now)
                        .append('}');
            }
            reply(ex, 200, b.append(']').toString());
        } else if (path.equals("/fapi/v1/leverageBracket") && method.equals("GET")) {
            StringBuilder b = new StringBuilder("[");
            for (Instrument i : listedInstruments()) {
                b.append(b.length() > 1 ? "," : "").append("{\"symbol\":\"").append(i.symbol())
                        .append("\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":125,\"notionalCap\":50000,"
                                + "\"notionalFloor\":0,\"maintMarginRatio\":0.004,\"cum\":0.0}]}");
            }
            reply(ex, 200, b.append(']').toString());
        } else if (path.equals("/fapi/v1/userTrades") && method.equals("GET")) {
            long since = Long.parseLong(q.getOrDefault("startTime", "0"));
            StringBuilder b = new StringBuilder("[");
            for (Trade t : trades()) {
                if (t.symbol().equals(q.get("symbol")) && t.timeMs() >= since) {
                    b.append(b.length() > 1 ? "," : "").append("{\"symbol\":\"").append(t.symbol())
                            .append("\",\"id\":").append(t.tradeId()).append(",\"orderId\":")
                            .append(t.venueOrderId()).append(",\"side\":\"").append(t.side())
                            .append("\",\"price\":\"").append(Decimals.toPlainString(t.price()))
                            .append("\",\"qty\":\"").append(Decimals.toPlainString(t.quantity()))
                            .append("\",\"commission\":\"").append(Decimals.toPlainString(t.fee()))
                            .append("\",\"commissionAsset\":\"USDT\",\"time\":").append(t.timeMs())
                            .append(",\"maker\":").append(t.maker()).append(",\"buyer\":")
                            .append(t.side() == Side.BUY).append('}');
                }
            }
            reply(ex, 200, b.append(']').toString());
        } else if (path.equals("/fapi/v1/order") && method.equals("DELETE")) {
            HeldOrder cancelled = cancel(find(q));
            reply(ex, cancelled == null ? 400 : 200,
                    cancelled == null ? error(-2011, "Unknown order sent.") : json(cancelled));
        } else if (path.equals("/fapi/v1/countdownCancelAll") && method.equals("POST")) {
            armCancelAll(q.get("symbol"), Long.parseLong(q.getOrDefault("countdownTime", "0")));
            reply(ex, 200, "{\"symbol\":\"" + q.get("symbol") + "\",\"countdownTime\":\""
                    + q.getOrDefault("countdownTime", "0") + "\"}");
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
        if (id == null) { // the venue makes one up when the client sends none
            id = "mock" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 18);
        }
        if (loseThisRequest(id)) {
            return; // lost on the way: never stored, never answered
        }
        HeldOrder o;
        synchronized (this) {
            HeldOrder same = find(id);
            if (same != null && working(same)) { // Binance refuses a repeated client id only among open orders
                duplicatesRefused.incrementAndGet();
                reply(ex, 400, error(-4116, "ClientOrderId is duplicated."));
                return;
            }
            String qty = q.get("quantity");
            String refused = filterError(q);
            if (refused == null) {
                refused = modeError(q);
            }
            if (refused != null) {
                reply(ex, 400, refused);
                return;
            }
            if ("true".equals(q.get("reduceOnly"))) {
                long position = position(q.get("symbol"));
                long signed = "BUY".equals(q.get("side")) ? Decimals.parse(qty) : -Decimals.parse(qty);
                if (position == 0 || Long.signum(position) == Long.signum(signed)) {
                    reply(ex, 400, error(-2022, "ReduceOnly Order is rejected."));
                    return;
                }
            }
            o = new HeldOrder(ids.incrementAndGet(), id, q.get("symbol"), q.get("side"), q.get("type"),
                    q.getOrDefault("price", "0"), qty, "NEW", "0", "0");
            orders.put(Long.toString(o.orderId()), o);
            pushUpdate(o, "NEW", null);
            if ("MARKET".equals(q.get("type"))) {
                o = execute(o, marketFillPrice, Decimals.parse(qty), false);
            } else if ("IOC".equals(q.get("timeInForce"))) {
                // the market stands at the market-fill price: an IOC that reaches it fills there, else expires
                long limit = Decimals.parse(q.get("price"));
                boolean crosses = "BUY".equals(q.get("side")) ? limit >= marketFillPrice : limit <= marketFillPrice;
                o = crosses ? execute(o, marketFillPrice, Decimals.parse(qty), false) : expire(o);
            }
        }
        maybeHoldAnswer(id); // the order is in; the answer may come too late
        reply(ex, 200, json(o));
    }

    @Override
    public synchronized List<WorkingOrder> workingOrders() {
        List<WorkingOrder> out = new ArrayList<>();
        for (HeldOrder o : orders.values()) {
            if (working(o) && !o.type().equals("MARKET")) {
                out.add(new WorkingOrder(o.clientOrderId(), o.symbol(), o.price(),
                        Decimals.parse(o.quantity()) - Decimals.parse(o.executedQty()), o.status().startsWith("PART")));
            }
        }
        return out;
    }

    /** An execution of a working order (a resting order meeting the market): trade, position, stream event. */
    @Override
    public synchronized void fill(String clientOrderId, String price, String quantity, boolean maker) {
        HeldOrder o = find(clientOrderId);
        if (o == null || !(o.status().equals("NEW") || o.status().equals("PARTIALLY_FILLED"))) {
            throw new IllegalArgumentException("no working order " + clientOrderId);
        }
        execute(o, Decimals.parse(price), Decimals.parse(quantity), maker);
    }

    private synchronized HeldOrder execute(HeldOrder o, long price, long quantity, boolean maker) {
        long before = Decimals.parse(o.executedQty());
        long after = before + quantity;
        long average = averagePrice(Decimals.parse(o.avgPrice()), before, price, quantity);
        String status = after >= Decimals.parse(o.quantity()) ? "FILLED" : "PARTIALLY_FILLED";
        HeldOrder filled = new HeldOrder(o.orderId(), o.clientOrderId(), o.symbol(), o.side(), o.type(), o.price(),
                o.quantity(), status, Decimals.toPlainString(after), Decimals.toPlainString(average));
        orders.put(Long.toString(filled.orderId()), filled);
        Trade t = recordTrade(o.clientOrderId(), Long.toString(o.orderId()), o.symbol(), Side.valueOf(o.side()),
                price, quantity, maker);
        pushUpdate(filled, "TRADE", t);
        return filled;
    }

    @Override
    synchronized void cancelOpenOrders(String symbol) {
        for (HeldOrder o : List.copyOf(orders.values())) {
            if ((symbol == null || o.symbol().equals(symbol)) && working(o)) {
                cancel(o.clientOrderId());
            }
        }
    }

    private synchronized HeldOrder expire(HeldOrder o) {
        HeldOrder e = new HeldOrder(o.orderId(), o.clientOrderId(), o.symbol(), o.side(), o.type(), o.price(),
                o.quantity(), "EXPIRED", o.executedQty(), o.avgPrice());
        orders.put(Long.toString(e.orderId()), e);
        pushUpdate(e, "EXPIRED", null);
        return e;
    }

    private synchronized HeldOrder amend(String clientOrderId, String price, String quantity) {
        HeldOrder o = find(clientOrderId);
        if (o == null || !o.status().equals("NEW")) {
            return null;
        }
        HeldOrder a = new HeldOrder(o.orderId(), o.clientOrderId(), o.symbol(), o.side(), o.type(), price, quantity,
                o.status(), o.executedQty(), o.avgPrice());
        orders.put(Long.toString(a.orderId()), a);
        pushUpdate(a, "AMENDMENT", null);
        return a;
    }

    /** {@code ORDER_TRADE_UPDATE} on the user data stream. */
    private void pushUpdate(HeldOrder o, String executionType, Trade t) {
        long now = System.currentTimeMillis();
        push("{\"e\":\"ORDER_TRADE_UPDATE\",\"E\":" + now + ",\"T\":" + now + ",\"o\":{\"s\":\"" + o.symbol()
                + "\",\"c\":\"" + o.clientOrderId() + "\",\"S\":\"" + o.side() + "\",\"o\":\"" + o.type()
                + "\",\"q\":\"" + o.quantity() + "\",\"p\":\"" + o.price() + "\",\"ap\":\"" + o.avgPrice()
                + "\",\"x\":\"" + executionType + "\",\"X\":\"" + o.status() + "\",\"i\":" + o.orderId()
                + ",\"l\":\"" + (t == null ? "0" : Decimals.toPlainString(t.quantity())) + "\",\"z\":\""
                + o.executedQty() + "\",\"L\":\"" + (t == null ? "0" : Decimals.toPlainString(t.price()))
                + "\",\"n\":\"" + (t == null ? "0" : Decimals.toPlainString(t.fee())) + "\",\"N\":\"USDT\",\"T\":"
                + (t == null ? now : t.timeMs()) + ",\"t\":" + (t == null ? 0 : t.tradeId()) + ",\"m\":"
                + (t != null && t.maker()) + ",\"R\":false}}");
    }

    @Override
    void privateOpened(WebSocket ws, String path) {
        String key = path.startsWith("/ws/") ? path.substring(4) : "";
        if (listenKeys.contains(key)) {
            markAuthenticated(ws); // the listen key is the authentication
        } else {
            ws.close(1008, "invalid listen key");
        }
    }

    @Override
    void privateMessage(WebSocket ws, String text) {}

    /** The latest order with this client id (the venue answers queries by client id with it). */
    private synchronized HeldOrder find(String clientOrderId) {
        HeldOrder latest = null;
        for (HeldOrder o : orders.values()) {
            if (o.clientOrderId().equals(clientOrderId)) {
                latest = o;
            }
        }
        return latest;
    }

    private static boolean working(HeldOrder o) {
        return o.status().equals("NEW") || o.status().equals("PARTIALLY_FILLED");
    }

    /** The order a request names: by {@code orderId} when sent, else the latest with {@code origClientOrderId}. */
    private synchronized HeldOrder find(Map<String, String> q) {
        return q.containsKey("orderId") ? orders.get(q.get("orderId")) : find(q.get("origClientOrderId"));
    }

    private synchronized HeldOrder cancel(String clientOrderId) {
        return cancel(find(clientOrderId));
    }

    private synchronized HeldOrder cancel(HeldOrder o) {
        if (o == null || !(o.status().equals("NEW") || o.status().equals("PARTIALLY_FILLED"))) {
            return null;
        }
        HeldOrder c = new HeldOrder(o.orderId(), o.clientOrderId(), o.symbol(), o.side(), o.type(), o.price(),
                o.quantity(), "CANCELED", o.executedQty(), o.avgPrice());
        orders.put(Long.toString(c.orderId()), c);
        pushUpdate(c, "CANCELED", null);
        return c;
    }

    private static String json(HeldOrder o) {
        return "{\"orderId\":" + o.orderId() + ",\"clientOrderId\":\"" + o.clientOrderId() + "\",\"symbol\":\""
                + o.symbol() + "\",\"side\":\"" + o.side() + "\",\"type\":\"" + o.type() + "\",\"price\":\""
                + o.price() + "\",\"origQty\":\"" + o.quantity() + "\",\"executedQty\":\"" + o.executedQty()
                + "\",\"avgPrice\":\"" + o.avgPrice() + "\",\"status\":\"" + o.status()
                + "\",\"positionSide\":\"BOTH\"}";
    }

    private static String error(int code, String msg) {
        return "{\"code\":" + code + ",\"msg\":\"" + msg + "\"}";
    }
}
