package io.orderflow.venue.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolDiscoveryTest {
    @Test
    void decodesOkxTickersAsOkxSendsThem() {
        // the data object of a real OKX tickers push (raw_captures/OKX.ws.1.0); REST /market/tickers has the same
        String body = "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instType\":\"FUTURES\",\"instId\":\"BTC-USD-220527\","
                + "\"last\":\"30218.8\",\"lastSz\":\"1\",\"askPx\":\"30220.1\",\"askSz\":\"3\",\"bidPx\":\"30210.4\","
                + "\"bidSz\":\"4\",\"open24h\":\"29571.4\",\"high24h\":\"31003.3\",\"low24h\":\"27930.8\","
                + "\"sodUtc0\":\"28935.3\",\"sodUtc8\":\"30320.5\",\"volCcy24h\":\"2620.289\",\"vol24h\":\"779573\","
                + "\"ts\":\"1652459223003\"},{\"instId\":\"UNI-USD-SWAP\",\"volCcy24h\":\"99999\",\"last\":\"5\"},"
                + "{\"instId\":\"NEW-LISTING\",\"volCcy24h\":\"\",\"last\":\"\"}]}";
        List<SymbolDiscovery.Ticker> t = SymbolDiscovery.decode("okx", body);
        assertThat(t).extracting(SymbolDiscovery.Ticker::symbol).containsExactly("BTC-USD-220527", "UNI-USD-SWAP");
        assertThat(SymbolDiscovery.top(t, 1)).containsExactly("UNI-USD-SWAP");
    }

    @Test
    void decodesBinanceAndKrakenShapes() {
        String binance = "[{\"symbol\":\"BTCUSDT\",\"priceChange\":\"-94.99\",\"lastPrice\":\"4.00\","
                + "\"volume\":\"8913.30\",\"quoteVolume\":\"15.30\",\"count\":76},"
                + "{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"2\",\"quoteVolume\":\"150.3\"}]";
        assertThat(SymbolDiscovery.top(SymbolDiscovery.decode("binance-spot", binance), 2))
                .containsExactly("ETHUSDT", "BTCUSDT");
        String kraken = "{\"result\":\"success\",\"tickers\":[{\"symbol\":\"PI_XBTUSD\",\"last\":30000,"
                + "\"vol24h\":10},{\"symbol\":\"PI_ETHUSD\",\"last\":2000,\"vol24h\":100},{\"symbol\":\"in_xbtusd\"}]}";
        List<SymbolDiscovery.Ticker> k = SymbolDiscovery.decode("kraken-futures", kraken);
        assertThat(k).containsExactly(new SymbolDiscovery.Ticker("PI_XBTUSD", new BigDecimal("300000")),
                new SymbolDiscovery.Ticker("PI_ETHUSD", new BigDecimal("200000")));
    }
}
