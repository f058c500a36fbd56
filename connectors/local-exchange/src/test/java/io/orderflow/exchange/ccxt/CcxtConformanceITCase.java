package io.orderflow.exchange.ccxt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.book.OrderBook;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.exchange.trading.MockBinanceFutures;
import io.orderflow.exchange.trading.MockKrakenFutures;
import io.orderflow.exchange.trading.MockOkx;
import io.orderflow.exchange.trading.MockVenue;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.model.Side;
import io.orderflow.venue.binance.BinanceInstruments;
import io.orderflow.venue.instruments.InstrumentCatalog;
import io.orderflow.venue.kraken.KrakenFuturesInstruments;
import io.orderflow.venue.okx.OkxInstruments;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project held against ccxt, a client nobody here wrote (version pinned in {@code src/test/ccxt/package-lock.json},
 * installed by the build): ccxt pro keeps books from the local exchange for every venue it supports, ccxt trades
 * against each strict mock venue, and ccxt reads the instrument fixtures as orderflow's parsers do. Signed requests
 * of both clients are compared field by field in {@link SignedRequestsITCase}. Everything stays on loopback.
 */
class CcxtConformanceITCase {
    static final String PINNED = "4.5.84";

    @BeforeAll
    static void pinned() throws IOException {
        assertThat(Ccxt.version()).as("the ccxt version the build installed").isEqualTo(PINNED);
    }

    // ---- instruments: ccxt's reading of each venue's listing answer against orderflow's ----

    static Stream<Arguments> listings() {
        return Stream.of(
                Arguments.of("binanceusdm", Map.of("exchangeInfo", "binance-usdm-exchangeInfo.json"),
                        "{\"fetchMargins\":false}"),
                Arguments.of("okx", Map.of("instType=SPOT", "okx-instruments-spot.json", "instType=SWAP",
                        "okx-instruments-swap.json"), "{\"fetchMarkets\":{\"types\":[\"spot\",\"swap\"]}}"),
                Arguments.of("krakenfutures", Map.of("instruments", "kraken-futures-instruments.json"), "{}"));
    }

    /** The venues module's instrument fixtures (its README names the documentation page of each). */
    private static String fixture(String name) throws IOException {
        return java.nio.file.Files.readString(
                java.nio.file.Path.of("..", "venues", "src", "test", "resources", "instruments", name));
    }

    private static InstrumentCatalog ours(String exchange, Map<String, String> files) throws IOException {
        return switch (exchange) {
            case "binanceusdm" -> BinanceInstruments.parse("binance-usdm", fixture(files.get("exchangeInfo")));
            case "krakenfutures" -> KrakenFuturesInstruments.parse(fixture(files.get("instruments")));
            default -> {
                List<Instrument> all = new ArrayList<>();
                for (String f : files.values()) {
                    all.addAll(OkxInstruments.parse(fixture(f)).all());
                }
                yield new InstrumentCatalog("okx", all);
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listings")
    void ccxtReadsEveryListedInstrumentAsOrderflowDoes(String exchange, Map<String, String> files, String options)
            throws Exception {
        ObjectNode task = Ccxt.task("instruments").put("exchange", exchange);
        task.set("options", Ccxt.JSON.readTree(options));
        ObjectNode answers = task.putObject("answers");
        for (Map.Entry<String, String> f : files.entrySet()) {
            answers.put(f.getKey(), fixture(f.getValue()));
        }
        JsonNode markets = Ccxt.run(task, 60);
        InstrumentCatalog ours = ours(exchange, files);
        List<String> theirs = new ArrayList<>();
        for (JsonNode m : markets) {
            if (m.path("active").asBoolean(true) && !m.path("type").asText().equals("future")) {
                theirs.add(m.get("id").asText());
            }
        }
        // the same tradeable perpetuals and spot pairs (dated futures are outside orderflow's scope)
        assertThat(ours.all()).extracting(Instrument::symbol).containsExactlyInAnyOrderElementsOf(theirs);
        for (JsonNode m : markets) {
            Instrument i = ours.get(m.get("id").asText());
            if (i == null) {
                continue;
            }
            String what = exchange + " " + i.symbol();
            assertThat(dec(m.get("tick"))).as(what + " tick").isEqualByComparingTo(Decimals.toBigDecimal(i.tickSize()));
            assertThat(dec(m.get("lot"))).as(what + " lot").isEqualByComparingTo(Decimals.toBigDecimal(i.lotSize()));
            switch (m.get("type").asText()) {
                case "spot" -> assertThat(i.kind()).as(what).isEqualTo(Instrument.Kind.SPOT);
                default -> {
                    boolean inverse = m.get("inverse").asBoolean();
                    BigDecimal contract = dec(m.get("contractSize"));
                    if (inverse) {
                        assertThat(i.kind()).as(what).isEqualTo(Instrument.Kind.INVERSE);
                    } else if (contract.compareTo(BigDecimal.ONE) == 0 && i.kind() == Instrument.Kind.SPOT) {
                        // Binance USD-M counts in base units: orderflow books it as base-sized, ccxt as 1-base contracts
                        assertThat(exchange).isEqualTo("binanceusdm");
                    } else {
                        assertThat(i.kind()).as(what).isEqualTo(Instrument.Kind.LINEAR);
                    }
                    assertThat(contract).as(what + " contract size")
                            .isEqualByComparingTo(Decimals.toBigDecimal(i.contractValue()));
                }
            }
            // ccxt gives no minimum where the listing has none (Kraken): orderflow's is then one lot
            BigDecimal min = m.get("minAmount").isNull() ? Decimals.toBigDecimal(i.lotSize()) : dec(m.get("minAmount"));
            assertThat(Decimals.toBigDecimal(i.minSize())).as(what + " minimum size").isEqualByComparingTo(min);
            BigDecimal notional = m.get("minCost").isNull() ? BigDecimal.ZERO : dec(m.get("minCost"));
            assertThat(Decimals.toBigDecimal(i.minNotional())).as(what + " minimum notional")
                    .isEqualByComparingTo(notional);
        }
    }

    private static BigDecimal dec(JsonNode n) {
        return new BigDecimal(n.asText());
    }

    // ---- books: ccxt pro against the local exchange, checked against the simulator's true book ----

    /** venue, ccxt id, venue symbol, ccxt symbol, market type, ccxt watchOrderBook method (or "") */
    static Stream<Arguments> bookVenues() {
        return Stream.of(
                Arguments.of("binance-spot", "binance", "BTCUSDT", "BTC/USDT", "spot", ""),
                Arguments.of("binance-usdm", "binanceusdm", "BTCUSDT", "BTC/USDT:USDT", "swap", ""),
                Arguments.of("okx", "okx", "BTC-USDT", "BTC/USDT", "spot", ""),
                Arguments.of("kraken-futures", "krakenfutures", "PI_XBTUSD", "BTC/USD:BTC", "inverse", ""),
                Arguments.of("gemini", "gemini", "btcusd", "BTC/USD", "spot", ""),
                Arguments.of("woox", "woo", "SPOT_BTC_USDT", "BTC/USDT", "spot", "orderbook"),
                Arguments.of("woox", "woo", "SPOT_BTC_USDT", "BTC/USDT", "spot", "orderbookupdate"));
    }

    @ParameterizedTest(name = "{0} {5}")
    @MethodSource("bookVenues")
    void ccxtProKeepsTheTrueBookFromTheLocalExchange(String venue, String exchange, String marketId, String symbol,
            String type, String method) throws Exception {
        // Gemini's market id is lower case in ccxt and upper case on the wire
        String wireSymbol = venue.equals("gemini") ? marketId.toUpperCase(java.util.Locale.ROOT) : marketId;
        // 150 steps of 100 ms from a whole second: the last step is on a second, where WOO X's orderbook topic
        // sends its snapshot, so every method's last book is the market's final book
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcAndEth(wireSymbol, "OTHER"),
                1_700_000_000_000L, 100, 150, 0.0003, 5);
        try (LocalExchange exchangeServer = LocalExchange.simulated(venue, market, 5, 20)
                .holdingConnectionsAfterClose()) {
            ObjectNode task = Ccxt.task("book").put("exchange", exchange).put("ws", exchangeServer.webSocketBase())
                    .put("rest", exchangeServer.restBase()).put("symbol", symbol).put("uid", "orderflow-app")
                    .put("quietMs", 2_000).put("maxMs", 40_000).put("depth", 10);
            if (!method.isEmpty()) {
                task.put("method", method);
            }
            task.putArray("markets").addObject().put("id", marketId).put("symbol", symbol)
                    .put("type", type.equals("inverse") ? "swap" : type).put("tick", "0.1").put("lot", "0.001")
                    .put("inverse", type.equals("inverse"));
            JsonNode book = Ccxt.run(task, 90);
            assertThat(exchangeServer.awaitFinished(10, TimeUnit.SECONDS)).as("the market ran to its end").isTrue();
            // it followed the stream, not one snapshot: the orderbook topic sends one a second, the rest every step
            assertThat(book.get("updates").asInt()).as("book updates ccxt saw")
                    .isGreaterThanOrEqualTo(method.equals("orderbook") ? 10 : 50);
            OrderBook truth = market.book(wireSymbol);
            assertThat(levels(book.get("bids"))).as("ccxt's bids against the true book")
                    .isEqualTo(trueLevels(truth, Side.BUY, 10));
            assertThat(levels(book.get("asks"))).as("ccxt's asks against the true book")
                    .isEqualTo(trueLevels(truth, Side.SELL, 10));
        }
    }

    private static List<String> levels(JsonNode side) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : side) {
            out.add(new BigDecimal(l.get(0).asText()).stripTrailingZeros().toPlainString() + " x "
                    + new BigDecimal(l.get(1).asText()).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    private static List<String> trueLevels(OrderBook book, Side side, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, book.depth(side)); i++) {
            out.add(Decimals.toBigDecimal(book.price(side, i)).stripTrailingZeros().toPlainString() + " x "
                    + Decimals.toBigDecimal(book.size(side, i)).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    // ---- trading: ccxt's own requests against each strict mock, checked against the mock's account ----

    static final String KEY = "conformance-key";
    static final String SECRET = "conformance-secret-0123456789";
    static final String KRAKEN_SECRET = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    static final String PASSPHRASE = "conformance-pass";

    static MockVenue mock(String exchange) throws IOException {
        return switch (exchange) {
            case "binanceusdm" -> new MockBinanceFutures(KEY, SECRET, 100);
            case "okx" -> new MockOkx(KEY, SECRET, PASSPHRASE, 100);
            default -> new MockKrakenFutures(KEY, KRAKEN_SECRET, 100);
        };
    }

    /** A ccxt trade task against the mock: the demo/testnet environment, every URL on loopback. */
    static ObjectNode tradeTask(String exchange, MockVenue venue) {
        ObjectNode task = Ccxt.task("trade").put("exchange", exchange).put("sandbox", true)
                .put("rest", venue.restBase()).put("ws", venue.webSocketBase()).put("apiKey", KEY)
                .put("secret", exchange.equals("krakenfutures") ? KRAKEN_SECRET : SECRET).put("passphrase", PASSPHRASE);
        ObjectNode options = task.putObject("options");
        switch (exchange) {
            case "binanceusdm" -> options.put("fetchMargins", false).put("fetchCurrencies", false);
            case "okx" -> options.putObject("fetchMarkets").putArray("types").add("spot").add("swap");
            default -> { }
        }
        return task;
    }

    /** ccxt id, ccxt symbol, venue symbol, amount in ccxt's unit (contracts where the venue counts them) */
    static Stream<Arguments> tradedMarkets() {
        return Stream.of(
                Arguments.of("binanceusdm", "BTC/USDT:USDT", "BTCUSDT", "0.01"),
                Arguments.of("okx", "BTC/USDT:USDT", "BTC-USDT-SWAP", "1"),
                Arguments.of("okx", "BTC/USDT", "BTC-USDT", "0.01"),
                Arguments.of("krakenfutures", "BTC/USD:BTC", "PI_XBTUSD", "1000"),
                Arguments.of("krakenfutures", "BTC/USD:USD", "PF_XBTUSD", "0.01"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tradedMarkets")
    void ccxtCreatesFetchesCancelsAndReadsPositionsOnTheMock(String exchange, String symbol, String venueSymbol,
            String amount) throws Exception {
        try (MockVenue venue = mock(exchange)) {
            ObjectNode task = tradeTask(exchange, venue);
            ArrayNode ops = task.putArray("ops");
            ops.addObject().put("op", "createOrder").put("name", "limit").put("symbol", symbol).put("type", "limit")
                    .put("side", "buy").put("amount", new BigDecimal(amount)).put("price", 50000)
                    .putObject("params").put("clientOrderId", "ccxtLimit1");
            ops.addObject().put("op", "fetchOrder").put("order", "limit").put("symbol", symbol);
            ops.addObject().put("op", "fetchOpenOrders").put("symbol", symbol);
            ops.addObject().put("op", "cancelOrder").put("order", "limit").put("symbol", symbol);
            ops.addObject().put("op", "createOrder").put("name", "market").put("symbol", symbol).put("type", "market")
                    .put("side", "buy").put("amount", new BigDecimal(amount)).putObject("params")
                    .put("clientOrderId", "ccxtMarket1");
            ops.addObject().put("op", "fetchPositions").putArray("symbols").add(symbol);
            ops.addObject().put("op", "fetchMyTrades").put("symbol", symbol);
            JsonNode answer = Ccxt.run(task, 90);
            Map<String, JsonNode> r = new java.util.LinkedHashMap<>();
            for (JsonNode x : answer.get("results")) {
                r.put(x.get("op").asText() + (x.has("name") ? ":" + x.get("name").asText() : ""), x);
            }
            assertThat(ok(r, "createOrder:limit").get("clientOrderId").asText()).isEqualTo("ccxtLimit1");
            String limitId = ok(r, "createOrder:limit").get("id").asText();
            if (exchange.equals("krakenfutures")) {
                // ccxt 4.5.84 asks orders/status with GET; Kraken documents it as POST (futures-rest.yaml
                // "post /orders/status"), and the mock answers as the document says
                assertThat(r.get("fetchOrder").get("ok").asBoolean()).isFalse();
                assertThat(r.get("fetchOrder").get("error").asText()).contains("methodNotAllowed");
            } else {
                assertThat(ok(r, "fetchOrder").get("status").asText()).isEqualTo("open");
                assertThat(ok(r, "fetchOrder").get("id").asText()).isEqualTo(limitId);
            }
            assertThat(ok(r, "fetchOpenOrders")).singleElement().satisfies(o -> {
                assertThat(o.get("id").asText()).isEqualTo(limitId);
                assertThat(dec(o.get("amount"))).isEqualByComparingTo(amount);
            });
            assertThat(r.get("cancelOrder").get("ok").asBoolean()).as(r.get("cancelOrder").toString()).isTrue();
            assertThat(venue.workingOrders()).as("nothing works at the venue after the cancel").isEmpty();
            // the market order filled at the mock's price, and both sides agree on the position in venue units
            List<MockVenue.Position> positions = venue.positions();
            assertThat(positions).singleElement().satisfies(p -> {
                assertThat(p.symbol()).isEqualTo(venueSymbol);
                assertThat(Decimals.toBigDecimal(p.quantity())).isEqualByComparingTo(amount);
            });
            assertThat(ok(r, "fetchPositions")).singleElement().satisfies(p -> {
                assertThat(p.get("side").asText()).isEqualTo("long");
                assertThat(dec(p.get("contracts"))).isEqualByComparingTo(amount);
                assertThat(dec(p.get("entryPrice"))).isEqualByComparingTo("60000");
            });
            List<MockVenue.Trade> trades = venue.trades();
            assertThat(ok(r, "fetchMyTrades")).singleElement().satisfies(t -> {
                assertThat(t.get("id").asText()).isEqualTo(trades.get(0).tradeId());
                assertThat(t.get("order").asText()).isEqualTo(trades.get(0).venueOrderId());
                assertThat(dec(t.get("price"))).isEqualByComparingTo("60000");
                assertThat(t.get("side").asText()).isEqualTo("buy");
            });
        }
    }

    private static JsonNode ok(Map<String, JsonNode> results, String op) {
        JsonNode r = results.get(op);
        assertThat(r).as("ccxt ran " + op).isNotNull();
        assertThat(r.get("ok").asBoolean()).as(op + ": " + r).isTrue();
        return r.get("result");
    }
}
