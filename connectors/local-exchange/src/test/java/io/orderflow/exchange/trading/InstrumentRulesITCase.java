package io.orderflow.exchange.trading;

import static io.orderflow.model.Decimals.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.binance.BinanceFuturesTrading;
import io.orderflow.venue.instruments.InstrumentCatalog;
import io.orderflow.venue.kraken.KrakenFuturesTrading;
import io.orderflow.venue.okx.OkxTrading;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The venues' order rules, end to end over real HTTP: each adapter reads the instruments from the mock's public
 * endpoint (in the venue's documented shape), sizes leave in the venue's unit (OKX swap contracts, Kraken inverse
 * USD contracts) and come back in base units, and each mock refuses what the venue refuses, with its codes.
 */
class InstrumentRulesITCase {
    private static OrderIntent order(String venue, String id, String symbol, Side side, OrderType type, String price,
            String quantity, String mid) {
        return new OrderIntent(id, "test", venue, symbol, side, type, TimeInForce.GTC,
                type == OrderType.LIMIT ? parse(price) : 0, parse(quantity), 0, 0, parse(mid), "test");
    }

    @Test
    void binanceRefusesOffTickPricesExtraDecimalsAndSmallNotionalsWithItsCodes() throws Exception {
        try (MockBinanceFutures venue = new MockBinanceFutures("k", "s", 100);
                BinanceFuturesTrading t = new BinanceFuturesTrading(venue.restBase(), new ApiCredentials("k",
                        "s".toCharArray(), null), System::currentTimeMillis, Duration.ofSeconds(2), 5_000, 0)) {
            InstrumentCatalog c = t.loadInstruments(List.of("BTCUSDT", "ETHUSDT"));
            assertThat(c.require("BTCUSDT")).isEqualTo(MockBinanceFutures.usdm("BTCUSDT", "0.1", "0.001", "100"));
            assertThat(c.require("ETHUSDT").minNotional()).isEqualTo(parse("20"));

            // the take-profit the issue found: 60001.30002567 is refused for its precision, 60001.35 for its tick
            assertThat(t.place(order("binance-usdm", "b1", "BTCUSDT", Side.SELL, OrderType.LIMIT, "60001.30002567",
                    "0.002", "60000")).reason()).contains("-1111");
            assertThat(t.place(order("binance-usdm", "b2", "BTCUSDT", Side.SELL, OrderType.LIMIT, "60001.35", "0.002",
                    "60000")).reason()).contains("-4014");
            // the strategies' old 0.001 BTC ≈ 60 USDT: under the 100 USDT minimum, unless reduce-only
            assertThat(t.place(order("binance-usdm", "b3", "BTCUSDT", Side.BUY, OrderType.LIMIT, "60000", "0.001",
                    "60000")).reason()).contains("-4164");
            assertThat(t.place(order("binance-usdm", "b4", "BTCUSDT", Side.BUY, OrderType.LIMIT, "60000", "0.002",
                    "60000")).status()).isEqualTo(OrderStatus.ACKED);
            assertThat(t.place(order("binance-usdm", "b5", "SOLUSDT", Side.BUY, OrderType.LIMIT, "150", "1", "150"))
                    .reason()).contains("-1121");
            assertThat(venue.ruleRejections()).isEqualTo(4);
            assertThat(venue.orders()).extracting(MockBinanceFutures.HeldOrder::clientOrderId).containsExactly("b4");
        }
    }

    @Test
    void okxSwapsGoInContractsSpotAsCashAndASpotMarketBuyCountsBase() throws Exception {
        try (MockOkx venue = new MockOkx("k", "S3CRET", "p", 100);
                OkxTrading t = new OkxTrading(venue.restBase(), new ApiCredentials("k", "S3CRET".toCharArray(),
                        "p".toCharArray()), System::currentTimeMillis, Duration.ofSeconds(2), true, "cross", 0)) {
            InstrumentCatalog c = t.loadInstruments(List.of("BTC-USDT", "BTC-USDT-SWAP"));
            assertThat(c.require("BTC-USDT-SWAP").contractValue()).isEqualTo(parse("0.01"));
            assertThat(c.require("BTC-USDT").kind()).isEqualTo(Instrument.Kind.SPOT);

            // 0.05 BTC of the swap is 5 contracts of 0.01 BTC; it fills, and comes back as 0.05 BTC everywhere
            venue.fillMarketOrdersAt("60000");
            VenueOrder swap = t.place(order("okx", "o1", "BTC-USDT-SWAP", Side.BUY, OrderType.MARKET, null, "0.05",
                    "60000"));
            assertThat(venue.orders()).filteredOn(o -> o.clOrdId().equals("o1")).singleElement()
                    .satisfies(o -> assertThat(o.sz()).isEqualTo("5"));
            assertThat(t.query("BTC-USDT-SWAP", "o1").filledQuantity()).isEqualTo(parse("0.05"));
            assertThat(t.fills("BTC-USDT-SWAP", 0)).extracting(VenueFill::quantity).containsExactly(parse("0.05"));
            assertThat(t.positions()).singleElement().satisfies(p -> {
                assertThat(p.symbol()).isEqualTo("BTC-USDT-SWAP");
                assertThat(p.quantity()).isEqualTo(parse("0.05"));
            });
            assertThat(swap.status()).isNotEqualTo(OrderStatus.REJECTED);
            // the fee is on the quote value of 0.05 BTC (5 bps taker), not on "5"
            assertThat(venue.trades().get(0).fee()).isEqualTo(parse("1.5"));

            // spot: tdMode cash, and a market buy of 0.01 BTC buys 0.01 BTC (tgtCcy=base_ccy), not 0.01 USDT's worth
            assertThat(t.place(order("okx", "o2", "BTC-USDT", Side.BUY, OrderType.MARKET, null, "0.01", "60000"))
                    .status()).isNotEqualTo(OrderStatus.REJECTED);
            assertThat(venue.orders()).filteredOn(o -> o.clOrdId().equals("o2")).singleElement()
                    .satisfies(o -> assertThat(o.accFillSz()).isEqualTo("0.01"));

            // OKX's codes: a price off the tick, a size off the lot (0.00005 BTC = 0.005 contracts)
            assertThat(t.place(order("okx", "o3", "BTC-USDT-SWAP", Side.BUY, OrderType.LIMIT, "59000.05", "0.05",
                    "60000")).reason()).contains("51000");
            assertThat(t.place(order("okx", "o4", "BTC-USDT-SWAP", Side.BUY, OrderType.LIMIT, "59000", "0.00005",
                    "60000")).reason()).contains("51121");
            assertThat(venue.ruleRejections()).isEqualTo(2);
        }
    }

    @Test
    void krakenInverseContractsAreWholeUsdAndTheirFeesInBitcoinAreBookedAsQuote() throws Exception {
        String secret = "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
        try (MockKrakenFutures venue = new MockKrakenFutures("k", secret, 100);
                KrakenFuturesTrading t = new KrakenFuturesTrading(venue.restBase() + "/derivatives",
                        new ApiCredentials("k", secret.toCharArray(), null), System::currentTimeMillis,
                        Duration.ofSeconds(2), 0)) {
            InstrumentCatalog c = t.loadInstruments(List.of("PI_XBTUSD", "PF_XBTUSD"));
            assertThat(c.require("PI_XBTUSD").kind()).isEqualTo(Instrument.Kind.INVERSE);
            assertThat(c.require("PF_XBTUSD").lotSize()).isEqualTo(parse("0.0001"));

            // 0.001 BTC at 60,000 is 60 contracts of 1 USD
            assertThat(t.place(order("kraken-futures", "k1", "PI_XBTUSD", Side.BUY, OrderType.LIMIT, "60000", "0.001",
                    "60000")).status()).isEqualTo(OrderStatus.ACKED);
            assertThat(venue.orders()).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo("60"));
            venue.fill("k1", "60000", "60", true);
            VenueFill fill = t.fills("PI_XBTUSD", 0).get(0);
            assertThat(fill.quantity()).isEqualTo(parse("0.001"));
            assertThat(t.query("PI_XBTUSD", "k1").filledQuantity()).isEqualTo(parse("0.001"));
            assertThat(t.positions()).singleElement().satisfies(p -> assertThat(p.quantity()).isEqualTo(parse("0.001")));

            // Kraken's statuses: a price off the 0.5 tick, half a contract
            assertThat(t.place(order("kraken-futures", "k2", "PI_XBTUSD", Side.BUY, OrderType.LIMIT, "60000.25",
                    "0.001", "60000")).reason()).contains("invalidPrice");
            assertThat(t.place(order("kraken-futures", "k3", "PI_XBTUSD", Side.BUY, OrderType.LIMIT, "60000",
                    "0.0000083", "60000")).reason()).contains("invalidSize");
            assertThat(venue.ruleRejections()).isEqualTo(2);
            assertThat(Decimals.toPlainString(venue.trades().get(0).fee())).isEqualTo("0.012"); // 60 USD × 2 bps
        }
    }
}
