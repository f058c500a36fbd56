package io.orderflow.model;

import static io.orderflow.model.Decimals.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The order rules as the venues document them: Binance PRICE_FILTER (price % tickSize == 0), LOT_SIZE /
 * MARKET_LOT_SIZE (quantity a multiple of stepSize, at least minQty) and MIN_NOTIONAL (price × quantity, reduce-only
 * exempt on futures); OKX {@code sz} in contracts of {@code ctVal} on swaps, a multiple of {@code lotSz}, at least
 * {@code minSz}; Kraken Futures inverse contracts worth 1 USD each.
 */
class InstrumentTest {
    static final Instrument BINANCE_BTC = new Instrument("binance-usdm", "BTCUSDT", Instrument.Kind.SPOT, parse("0.1"),
            parse("0.001"), parse("0.001"), parse("0.001"), parse("100"), Decimals.UNIT, true);
    static final Instrument OKX_SWAP = new Instrument("okx", "BTC-USDT-SWAP", Instrument.Kind.LINEAR, parse("0.1"),
            parse("0.01"), parse("0.01"), parse("0.01"), 0, parse("0.01"), false);
    static final Instrument KRAKEN_PI = new Instrument("kraken-futures", "PI_XBTUSD", Instrument.Kind.INVERSE,
            parse("0.5"), parse("1"), parse("1"), parse("1"), 0, parse("1"), false);

    @Test
    void computedPricesRoundToTheTickOnThePassiveSide() {
        // the take-profit the issue found: 60001.30002567 on a 0.1 tick
        assertThat(BINANCE_BTC.passivePrice(Side.SELL, parse("60001.30002567"))).isEqualTo(parse("60001.4"));
        assertThat(BINANCE_BTC.passivePrice(Side.BUY, parse("60001.30002567"))).isEqualTo(parse("60001.3"));
        assertThat(BINANCE_BTC.passivePrice(Side.SELL, parse("60001.3"))).isEqualTo(parse("60001.3"));
        assertThat(KRAKEN_PI.passivePrice(Side.SELL, parse("60000.01"))).isEqualTo(parse("60000.5"));
        assertThat(KRAKEN_PI.passivePrice(Side.BUY, parse("60000.49"))).isEqualTo(parse("60000"));
    }

    @Test
    void sizesRoundDownToTheLotInBaseUnits() {
        assertThat(BINANCE_BTC.floorToLot(parse("0.03333333"), parse("60000"), false)).isEqualTo(parse("0.033"));
        // OKX: 0.0333 BTC is 3.33 contracts of 0.01 BTC; the lot is 0.01 contracts → 0.0333 BTC stays
        assertThat(OKX_SWAP.floorToLot(parse("0.03333333"), parse("60000"), false)).isEqualTo(parse("0.0333"));
        assertThat(OKX_SWAP.toVenueSize(parse("0.0333"), parse("60000"))).isEqualTo(parse("3.33"));
        assertThat(OKX_SWAP.toBaseSize(parse("3.33"), 0)).isEqualTo(parse("0.0333"));
        // Kraken inverse: 0.001 BTC at 60,000 is 60 whole USD contracts
        assertThat(KRAKEN_PI.toVenueSize(parse("0.001"), parse("60000"))).isEqualTo(parse("60"));
        assertThat(KRAKEN_PI.floorToLot(parse("0.00101"), parse("60000.5"), false))
                .isEqualTo(KRAKEN_PI.toBaseSize(parse("60"), parse("60000.5")));
        assertThat(KRAKEN_PI.toBaseSize(parse("60"), parse("60000"))).isEqualTo(parse("0.001"));
    }

    @Test
    void violationsNameTheVenueRule() {
        assertThat(BINANCE_BTC.violation(false, parse("60001.35"), parse("0.002"), false).rule()).isEqualTo("tick_size");
        assertThat(BINANCE_BTC.violation(false, parse("60001.3"), parse("0.0025"), false).rule()).isEqualTo("lot_size");
        assertThat(BINANCE_BTC.violation(false, parse("60001.3"), parse("0.001"), false).rule())
                .isEqualTo("min_notional");
        assertThat(BINANCE_BTC.violation(false, parse("60001.3"), parse("0.001"), true))
                .as("reduce-only orders are exempt from the futures minimum notional").isNull();
        assertThat(BINANCE_BTC.violation(false, parse("60001.3"), parse("0.002"), false)).isNull();
        // a market order is valued at the price it is expected to fill at, and has no tick rule
        assertThat(BINANCE_BTC.violation(true, parse("60001.35"), parse("0.002"), false)).isNull();
        assertThat(OKX_SWAP.violation(false, parse("60000"), parse("0.00005"), false).rule()).isEqualTo("lot_size");
        assertThat(OKX_SWAP.violation(false, parse("60000"), parse("0.0001"), false)).isNull();
        assertThat(KRAKEN_PI.violation(false, parse("60000"), parse("0.00001"), false).rule())
                .isEqualTo("lot_size"); // 0.6 of a contract
    }

    @Test
    void aBadInstrumentFailsWithTheSymbolInTheMessage() {
        assertThatThrownBy(() -> new Instrument("okx", "X-Y", Instrument.Kind.SPOT, 0, 1, 1, 1, 0, 1, false))
                .hasMessageContaining("X-Y").hasMessageContaining("tick size");
        assertThatThrownBy(() -> KRAKEN_PI.toVenueSize(parse("1"), 0)).hasMessageContaining("needs a price");
    }
}
