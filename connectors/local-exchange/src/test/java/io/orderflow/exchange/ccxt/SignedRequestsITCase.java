package io.orderflow.exchange.ccxt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.exchange.trading.MockVenue;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.binance.BinanceFuturesTrading;
import io.orderflow.venue.kraken.KrakenFuturesTrading;
import io.orderflow.venue.okx.OkxTrading;
import io.orderflow.venue.trading.FlatJson;
import io.orderflow.venue.trading.VenueTrading;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For the same operations, orderflow's adapters and ccxt (an independent client) send their signed requests to the
 * same strict mock venue, which verifies both signatures; the requests are then compared field by field: method,
 * path, every parameter (query, form or JSON body) and the authentication headers. Every difference must be one of
 * {@link #ACCEPTED}, each written down with the documentation that allows it, and every accepted difference must
 * still be seen (a list that outlives its differences would hide the next one).
 */
class SignedRequestsITCase {
    /** Headers that carry the credentials and signature, by venue. */
    private static final Map<String, List<String>> AUTH_HEADERS = Map.of(
            "binanceusdm", List.of("x-mbx-apikey"),
            "okx", List.of("ok-access-key", "ok-access-sign", "ok-access-timestamp", "ok-access-passphrase",
                    "x-simulated-trading"),
            "krakenfutures", List.of("apikey", "authent", "nonce"));

    /** Parameters whose value is a clock reading or a signature: compared by presence only. */
    private static final Set<String> SIGNED_VALUES = Set.of("timestamp", "signature");
    /** Parameters whose value the venue assigned (order ids) or the clock gave (look-back starts). */
    private static final Set<String> VENUE_IDS = Set.of("orderId", "ordId", "order_id");
    private static final Set<String> SINCE = Set.of("startTime", "begin");

    /**
     * Every difference between the two clients' requests, with why the venue accepts both. The key is
     * {@code venue op: field: orderflow=... ccxt=...}.
     */
    static final Map<String, String> ACCEPTED = new TreeMap<>(Map.ofEntries(
            Map.entry("binanceusdm cancel: orderId: orderflow=null ccxt=(venue order id)",
                    "Cancel Order (DELETE /fapi/v1/order): either orderId or origClientOrderId must be sent; orderflow names its own id, the one it knows even when the placing answer was lost (https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Cancel-Order)"),
            Map.entry("binanceusdm cancel: origClientOrderId: orderflow=cmpLimit1 ccxt=null",
                    "the same choice, seen from the other field"),
            Map.entry("binanceusdm cancel: recvWindow: orderflow=5000 ccxt=10000",
                    "recvWindow is optional, 5000 by default, at most 60000: both within (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info, Timing security)"),
            Map.entry("binanceusdm open orders: recvWindow: orderflow=5000 ccxt=10000",
                    "as for cancel"),
            Map.entry("binanceusdm place limit: recvWindow: orderflow=5000 ccxt=10000",
                    "as for cancel"),
            Map.entry("binanceusdm place market: recvWindow: orderflow=5000 ccxt=10000",
                    "as for cancel"),
            Map.entry("binanceusdm positions: recvWindow: orderflow=5000 ccxt=10000",
                    "as for cancel"),
            Map.entry("binanceusdm trades: recvWindow: orderflow=5000 ccxt=10000",
                    "as for cancel"),
            Map.entry("binanceusdm place limit: placement: orderflow=query ccxt=form body",
                    "SIGNED endpoints take parameters in the query string or a form body; the signature covers totalParams, query then body (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info, SIGNED endpoint security)"),
            Map.entry("binanceusdm place market: placement: orderflow=query ccxt=form body",
                    "as for the limit order"),
            Map.entry("binanceusdm positions: path: orderflow=/fapi/v2/positionRisk ccxt=/fapi/v3/positionRisk",
                    "Position Information V2 and V3 are both documented; orderflow reads the amount and entry price, which both carry (https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Position-Information-V2, -V3)"),
            Map.entry("binanceusdm trades: startTime: orderflow=(since) ccxt=null",
                    "Account Trade List: startTime is optional; orderflow asks from the moment it needs (https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Account-Trade-List)"),
            Map.entry("okx cancel: clOrdId: orderflow=cmpLimit1 ccxt=null",
                    "Cancel order: either ordId or clOrdId is required; orderflow names its own id (https://www.okx.com/docs-v5/en/#order-book-trading-trade-post-cancel-order)"),
            Map.entry("okx cancel: ordId: orderflow=null ccxt=(venue order id)",
                    "the same choice, seen from the other field"),
            Map.entry("okx place limit: (batch of): orderflow=null ccxt=1",
                    "ccxt 4.5.84 places through Place multiple orders (up to 20 per batch), orderflow through Place order: the order's fields are the same (https://www.okx.com/docs-v5/en/#order-book-trading-trade-post-place-multiple-orders)"),
            Map.entry("okx place limit: path: orderflow=/api/v5/trade/order ccxt=/api/v5/trade/batch-orders",
                    "as above"),
            Map.entry("okx place market: (batch of): orderflow=null ccxt=1",
                    "as for the limit order"),
            Map.entry("okx place market: path: orderflow=/api/v5/trade/order ccxt=/api/v5/trade/batch-orders",
                    "as for the limit order"),
            Map.entry("okx positions: instId: orderflow=null ccxt=BTC-USDT-SWAP",
                    "Get positions: instId is optional; orderflow reads every position of the account, whose combined position its risk gate checks (https://www.okx.com/docs-v5/en/#trading-account-rest-api-get-positions)"),
            Map.entry("okx positions: placement: orderflow=none ccxt=query",
                    "the same choice: no parameters at all"),
            Map.entry("okx trades: path: orderflow=/api/v5/trade/fills ccxt=/api/v5/trade/fills-history",
                    "Get transaction details covers the last 3 days, its -history form the last 3 months; orderflow looks back minutes (https://www.okx.com/docs-v5/en/#order-book-trading-trade-get-transaction-details-last-3-days)"),
            Map.entry("okx trades: instType: orderflow=null ccxt=SWAP",
                    "instType is required by fills-history only, optional for fills"),
            Map.entry("okx trades: begin: orderflow=(since) ccxt=null",
                    "begin is optional; orderflow asks from the moment it needs"),
            Map.entry("krakenfutures cancel: cliOrdId: orderflow=cmpLimit1 ccxt=null",
                    "Cancel order takes order_id or cliOrdId; orderflow names its own id (https://docs.kraken.com/api-reference/order-management/cancel-order)"),
            Map.entry("krakenfutures cancel: order_id: orderflow=null ccxt=(venue order id)",
                    "the same choice, seen from the other field"),
            Map.entry("krakenfutures cancel: placement: orderflow=form body ccxt=query",
                    "postData, what Authent signs, is the URL-encoded parameters, sent as the query string or the form body (https://docs.kraken.com/api-reference/guides/futures-rest, Authentication)"),
            Map.entry("krakenfutures place limit: placement: orderflow=form body ccxt=query",
                    "as for cancel"),
            Map.entry("krakenfutures place market: placement: orderflow=form body ccxt=query",
                    "as for cancel"),
            Map.entry("krakenfutures cancel: header nonce: orderflow=sent ccxt=null",
                    "Nonce is optional; when sent it must increase, which orderflow keeps per key across the JVM (https://docs.kraken.com/api-reference/guides/futures-rest, Authentication)"),
            Map.entry("krakenfutures open orders: header nonce: orderflow=sent ccxt=null",
                    "as for cancel"),
            Map.entry("krakenfutures place limit: header nonce: orderflow=sent ccxt=null",
                    "as for cancel"),
            Map.entry("krakenfutures place market: header nonce: orderflow=sent ccxt=null",
                    "as for cancel"),
            Map.entry("krakenfutures positions: header nonce: orderflow=sent ccxt=null",
                    "as for cancel"),
            Map.entry("krakenfutures trades: header nonce: orderflow=sent ccxt=null",
                    "as for cancel")));

    static Stream<Arguments> venues() {
        return Stream.of(
                Arguments.of("binanceusdm", "BTCUSDT", "BTC/USDT:USDT", "0.01", "0.01"),
                Arguments.of("okx", "BTC-USDT-SWAP", "BTC/USDT:USDT", "0.01", "1"),
                Arguments.of("krakenfutures", "PF_XBTUSD", "BTC/USD:USD", "0.01", "0.01"));
    }

    private static VenueTrading orderflow(String exchange, MockVenue venue) {
        Duration timeout = Duration.ofSeconds(2);
        return switch (exchange) {
            case "binanceusdm" -> new BinanceFuturesTrading(venue.restBase(), new ApiCredentials(
                    CcxtConformanceITCase.KEY, CcxtConformanceITCase.SECRET.toCharArray(), null),
                    System::currentTimeMillis, timeout, 5_000, 1);
            case "okx" -> new OkxTrading(venue.restBase(), new ApiCredentials(CcxtConformanceITCase.KEY,
                    CcxtConformanceITCase.SECRET.toCharArray(), CcxtConformanceITCase.PASSPHRASE.toCharArray()),
                    System::currentTimeMillis, timeout, true, "cross", 1);
            default -> new KrakenFuturesTrading(venue.restBase() + "/derivatives", new ApiCredentials(
                    CcxtConformanceITCase.KEY, CcxtConformanceITCase.KRAKEN_SECRET.toCharArray(), null),
                    System::currentTimeMillis, timeout, 1);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void bothClientsSendTheSameRequestsButForTheAcceptedDifferences(String exchange, String venueSymbol,
            String ccxtSymbol, String baseSize, String ccxtAmount) throws Exception {
        Set<String> differences = new TreeSet<>();
        try (MockVenue venue = CcxtConformanceITCase.mock(exchange);
                VenueTrading of = orderflow(exchange, venue)) {
            of.loadInstruments(List.of(venueSymbol));
            long since = System.currentTimeMillis() - 60_000;
            OrderIntent limit = new OrderIntent("cmpLimit1", "test", exchange, venueSymbol, Side.BUY, OrderType.LIMIT,
                    TimeInForce.GTC, Decimals.parse("50000"), Decimals.parse(baseSize), 0, 0, Decimals.parse("60000"),
                    "conformance");
            OrderIntent market = new OrderIntent("cmpMarket1", "test", exchange, venueSymbol, Side.BUY,
                    OrderType.MARKET, TimeInForce.GTC, 0, Decimals.parse(baseSize), 0, 0, Decimals.parse("60000"),
                    "conformance");

            MockVenue.Request ofLimit = principal(venue, () -> of.place(limit));
            MockVenue.Request ofCancel = principal(venue, () -> of.cancel(venueSymbol, "cmpLimit1"));
            JsonNode[] ccxtLimit = new JsonNode[1];
            MockVenue.Request ccLimit = principal(venue, () -> ccxtLimit[0] = ccxt(exchange, venue, op -> op
                    .put("op", "createOrder").put("name", "limit").put("symbol", ccxtSymbol).put("type", "limit")
                    .put("side", "buy").put("amount", new BigDecimal(ccxtAmount)).put("price", 50000)
                    .putObject("params").put("clientOrderId", "cmpLimit1")));
            String limitId = ccxtLimit[0].get("result").get("id").asText();
            MockVenue.Request ccCancel = principal(venue, () -> ccxt(exchange, venue, op -> op.put("op", "cancelOrder")
                    .put("id", limitId).put("symbol", ccxtSymbol)));
            compare(exchange, "place limit", ofLimit, ccLimit, differences);
            compare(exchange, "cancel", ofCancel, ccCancel, differences);

            compare(exchange, "place market", principal(venue, () -> of.place(market)),
                    principal(venue, () -> ccxt(exchange, venue, op -> op.put("op", "createOrder")
                            .put("name", "market").put("symbol", ccxtSymbol).put("type", "market").put("side", "buy")
                            .put("amount", new BigDecimal(ccxtAmount)).putObject("params")
                            .put("clientOrderId", "cmpMarket1"))), differences);
            compare(exchange, "open orders", principal(venue, () -> of.openOrders(venueSymbol)),
                    principal(venue, () -> ccxt(exchange, venue, op -> op.put("op", "fetchOpenOrders")
                            .put("symbol", ccxtSymbol))), differences);
            compare(exchange, "positions", principal(venue, of::positions),
                    principal(venue, () -> ccxt(exchange, venue, op -> op.put("op", "fetchPositions")
                            .putArray("symbols").add(ccxtSymbol))), differences);
            compare(exchange, "trades", principal(venue, () -> of.fills(venueSymbol, since)),
                    principal(venue, () -> ccxt(exchange, venue, op -> op.put("op", "fetchMyTrades")
                            .put("symbol", ccxtSymbol))), differences);
            assertThat(venue.badSignatures()).as("signatures the venue refused, of either client").isZero();
        }
        Set<String> accepted = new TreeSet<>();
        ACCEPTED.keySet().stream().filter(k -> k.startsWith(exchange + " ")).forEach(accepted::add);
        assertThat(differences).as("differences not written down in ACCEPTED").isSubsetOf(accepted);
        assertThat(accepted).as("accepted differences no longer seen").isSubsetOf(differences);
    }

    /** One ccxt operation in its own run (markets loaded first, as ccxt always does); answers its result. */
    private static JsonNode ccxt(String exchange, MockVenue venue, java.util.function.Consumer<ObjectNode> op)
            throws Exception {
        ObjectNode task = CcxtConformanceITCase.tradeTask(exchange, venue);
        ArrayNode ops = task.putArray("ops");
        op.accept(ops.addObject());
        JsonNode r = Ccxt.run(task, 60).get("results").get(0);
        assertThat(r.get("ok").asBoolean()).as("ccxt " + r).isTrue();
        return r;
    }

    interface Call {
        Object run() throws Exception;
    }

    /**
     * The request an operation is about: the first one that is not market metadata (listings, server time, the
     * leverage brackets ccxt reads before positions).
     */
    private static MockVenue.Request principal(MockVenue venue, Call call) throws Exception {
        venue.clearRequests();
        call.run();
        for (MockVenue.Request r : venue.requests()) {
            if (!r.path().contains("exchangeInfo") && !r.path().contains("instruments") && !r.path().endsWith("/time")
                    && !r.path().contains("leverageBracket")) {
                return r;
            }
        }
        throw new AssertionError("no request reached the venue: " + venue.requests());
    }

    private static void compare(String exchange, String op, MockVenue.Request ours, MockVenue.Request theirs,
            Set<String> differences) {
        diff(exchange, op, "method", ours.method(), theirs.method(), differences);
        diff(exchange, op, "path", ours.path(), theirs.path(), differences);
        Map<String, String> a = fields(ours);
        Map<String, String> b = fields(theirs);
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String n : names) {
            diff(exchange, op, n, a.get(n), b.get(n), differences);
        }
        for (String h : AUTH_HEADERS.get(exchange)) {
            diff(exchange, op, "header " + h, ours.headers().containsKey(h) ? "sent" : null,
                    theirs.headers().containsKey(h) ? "sent" : null, differences);
        }
        diff(exchange, op, "placement", placement(ours), placement(theirs), differences);
    }

    private static void diff(String exchange, String op, String field, String ours, String theirs, Set<String> out) {
        if (ours == null ? theirs != null : !same(ours, theirs)) {
            out.add(exchange + " " + op + ": " + field + ": orderflow=" + ours + " ccxt=" + theirs);
        }
    }

    /** Equal, numerically where both are numbers (60000 and 60000.0 say the same to a venue). */
    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return b != null && new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Where the parameters travel: the query string, a form body, or a JSON body. */
    private static String placement(MockVenue.Request r) {
        String body = r.body().isBlank() ? "" : r.body().trim().startsWith("{") || r.body().trim().startsWith("[")
                ? "json body" : "form body";
        String query = r.query().isEmpty() ? "" : "query";
        return query.isEmpty() && body.isEmpty() ? "none" : query.isEmpty() ? body : body.isEmpty() ? query
                : query + "+" + body;
    }

    private static Map<String, String> fields(MockVenue.Request r) {
        Map<String, String> out = new TreeMap<>();
        form(r.query(), out);
        String body = r.body().trim();
        if (body.startsWith("[")) {
            List<Map<String, String>> items = FlatJson.array(body);
            out.put("(batch of)", Integer.toString(items.size()));
            items.stream().findFirst().ifPresent(out::putAll);
        } else if (body.startsWith("{")) {
            out.putAll(FlatJson.object(body));
        } else {
            form(body, out);
        }
        for (String s : SIGNED_VALUES) {
            out.computeIfPresent(s, (k, v) -> "(signed)");
        }
        for (String s : VENUE_IDS) {
            out.computeIfPresent(s, (k, v) -> "(venue order id)");
        }
        for (String s : SINCE) {
            out.computeIfPresent(s, (k, v) -> "(since)");
        }
        return out;
    }

    private static void form(String text, Map<String, String> out) {
        if (text.isEmpty()) {
            return;
        }
        for (String kv : text.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(k, v, (x, y) -> x + "," + y);
        }
    }
}
