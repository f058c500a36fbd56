package io.orderflow.venue.instruments;

import static io.orderflow.model.Decimals.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.model.Instrument;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.binance.BinanceInstruments;
import io.orderflow.venue.kraken.KrakenFuturesInstruments;
import io.orderflow.venue.okx.OkxInstruments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Each venue's instruments answer, in its documented shape (test resources {@code instruments/}, with the pages
 * they follow), read into the rules orders must meet.
 */
class VenueInstrumentsTest {
    static String answer(String file) {
        try (InputStream in = VenueInstrumentsTest.class.getResourceAsStream("/instruments/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource instruments/" + file, e);
        }
    }

    @Test
    void binanceUsdmFiltersBecomeTickLotAndMinimumNotional() {
        InstrumentCatalog c = BinanceInstruments.parse("binance-usdm", answer("binance-usdm-exchangeInfo.json"));
        Instrument btc = c.require("BTCUSDT");
        assertThat(btc.kind()).isEqualTo(Instrument.Kind.SPOT);
        assertThat(btc.tickSize()).isEqualTo(parse("0.1"));
        assertThat(btc.lotSize()).isEqualTo(parse("0.001"));
        assertThat(btc.minSize()).isEqualTo(parse("0.001"));
        assertThat(btc.marketLotSize()).isEqualTo(parse("0.001"));
        assertThat(btc.minNotional()).isEqualTo(parse("100"));
        assertThat(btc.reduceOnlyExemptFromMinNotional()).isTrue();
        Instrument blz = c.require("BLZUSDT"); // the documentation's own example symbol
        assertThat(blz.tickSize()).isEqualTo(parse("0.0001"));
        assertThat(blz.lotSize()).isEqualTo(parse("1"));
        assertThat(blz.minNotional()).isEqualTo(parse("5"));
        assertThat(c.get("BTCUSDT_260327")).as("a SETTLING contract is not tradable").isNull();
        assertThat(c.all()).hasSize(3);
    }

    @Test
    void okxSpotCountsBaseAndSwapsCountContracts() {
        InstrumentCatalog spot = OkxInstruments.parse(answer("okx-instruments-spot.json"));
        Instrument btc = spot.require("BTC-USDT");
        assertThat(btc.kind()).isEqualTo(Instrument.Kind.SPOT);
        assertThat(btc.tickSize()).isEqualTo(parse("0.1"));
        assertThat(btc.lotSize()).isEqualTo(parse("0.00000001"));
        assertThat(btc.minSize()).isEqualTo(parse("0.00001"));
        assertThat(spot.get("OLD-USDT")).as("suspended").isNull();

        InstrumentCatalog swaps = OkxInstruments.parse(answer("okx-instruments-swap.json"));
        Instrument swap = swaps.require("BTC-USDT-SWAP");
        assertThat(swap.kind()).isEqualTo(Instrument.Kind.LINEAR);
        assertThat(swap.contractValue()).isEqualTo(parse("0.01"));
        assertThat(swap.lotSize()).isEqualTo(parse("0.01"));
        // 0.05 BTC is 5 contracts
        assertThat(swap.toVenueSize(parse("0.05"), parse("60000"))).isEqualTo(parse("5"));
        Instrument inverse = swaps.require("BTC-USD-SWAP");
        assertThat(inverse.kind()).isEqualTo(Instrument.Kind.INVERSE);
        assertThat(inverse.contractValue()).isEqualTo(parse("100")); // USD per contract
        assertThat(OkxInstruments.instType("BTC-USDT")).isEqualTo("SPOT");
        assertThat(OkxInstruments.instType("ETH-USDT-SWAP")).isEqualTo("SWAP");
        assertThat(OkxInstruments.instType("BTC-USD-250627")).isEqualTo("FUTURES");
        assertThatThrownBy(() -> OkxInstruments.instType("BTC-USD-250627-60000-C")).hasMessageContaining("options");
    }

    @Test
    void krakenFuturesNumbersAreReadExactlyAndInverseContractsAreWholeUsd() {
        InstrumentCatalog c = KrakenFuturesInstruments.parse(answer("kraken-futures-instruments.json"));
        Instrument pi = c.require("PI_XBTUSD");
        assertThat(pi.kind()).isEqualTo(Instrument.Kind.INVERSE);
        assertThat(pi.tickSize()).isEqualTo(parse("0.5"));
        assertThat(pi.lotSize()).isEqualTo(parse("1"));
        assertThat(pi.contractValue()).isEqualTo(parse("1"));
        assertThat(c.require("PI_ETHUSD").tickSize()).isEqualTo(parse("0.05"));
        Instrument pf = c.require("PF_XBTUSD");
        assertThat(pf.kind()).isEqualTo(Instrument.Kind.LINEAR);
        assertThat(pf.lotSize()).isEqualTo(parse("0.0001"));
        Instrument shib = c.require("PF_SHIBUSD");
        assertThat(shib.tickSize()).as("1E-8 in the answer").isEqualTo(1L);
        assertThat(shib.lotSize()).as("precision -3: steps of 1000").isEqualTo(parse("1000"));
        assertThat(c.get("FI_XBTUSD_260925")).as("not tradeable").isNull();
    }

    @Test
    void venueErrorsAndUnknownSymbolsSayWhatIsWrong() {
        assertThatThrownBy(() -> OkxInstruments.parse("{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\","
                + "\"data\":[]}")).isInstanceOf(FrameException.class).hasMessageContaining("51001");
        assertThatThrownBy(() -> BinanceInstruments.parse("binance-usdm", "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"))
                .hasMessageContaining("Invalid symbol");
        assertThatThrownBy(() -> KrakenFuturesInstruments.parse("{\"result\":\"error\",\"error\":\"apiLimitExceeded\"}"))
                .hasMessageContaining("apiLimitExceeded");
        InstrumentCatalog c = BinanceInstruments.parse("binance-usdm", answer("binance-usdm-exchangeInfo.json"));
        assertThatThrownBy(() -> c.require("BTCUSD")).hasMessageContaining("lists no instrument 'BTCUSD'");
    }
}
