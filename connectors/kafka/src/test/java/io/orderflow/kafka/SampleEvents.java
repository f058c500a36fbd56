package io.orderflow.kafka;

import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import io.orderflow.model.VenueBbo;
import java.util.ArrayList;
import java.util.List;

/** Market events of every type, for the format and topic tests. */
final class SampleEvents {
    private SampleEvents() {}

    static PriceLevels levels(String... priceSize) {
        PriceLevels.Builder b = new PriceLevels.Builder(priceSize.length / 2);
        for (int i = 0; i < priceSize.length; i += 2) {
            b.add(Decimals.parse(priceSize[i]), Decimals.parse(priceSize[i + 1]));
        }
        return b.build();
    }

    static List<MarketEvent> everyType() {
        return List.of(
                new BookSnapshot("okx", "BTC-USDT", 1_763_800_000_123L, 1_763_800_000_130_000_000L, 42,
                        levels("59100.5", "0.25", "59100", "1.00000001"), levels("59101", "0.5")),
                new BookDelta("okx", "BTC-USDT", 1_763_800_000_223L, 1_763_800_000_231_000_000L, 43, 43, 42,
                        levels("59100.5", "0"), PriceLevels.EMPTY),
                new BookDelta("kraken-futures", "PF_XBTUSD", 1_763_800_000_300L, 1L, 7, 7,
                        BookDelta.NO_SEQUENCE, PriceLevels.EMPTY, levels("0.00000001", "123456789.12345678")),
                new Trade("binance-spot", "BTCUSDT", 1_763_800_000_400L, 2L, "t-9", Decimals.parse("59100.01"),
                        Decimals.parse("0.003"), Side.SELL),
                new VenueBbo("binance-usdm", "ETHUSDT", 1_763_800_000_500L, 3L, 77, Decimals.parse("3100.1"),
                        Decimals.parse("2"), Decimals.parse("3100.2"), Decimals.parse("0.5")),
                new DataQualityEvent("gemini", "", 1_763_800_000_600L, 4L, DataQualityEvent.Kind.DISCONNECTED,
                        "closed by peer \"1006\"", "{\"type\":\"heartbeat\"}"));
    }

    /** {@code perInstrument} events for each of three instruments, interleaved, exchange time ascending. */
    static List<MarketEvent> stream(int perInstrument) {
        String[][] instruments = {{"okx", "BTC-USDT"}, {"okx", "ETH-USDT"}, {"binance-spot", "BTCUSDT"}};
        List<MarketEvent> out = new ArrayList<>();
        for (int i = 0; i < perInstrument; i++) {
            for (int k = 0; k < instruments.length; k++) {
                String venue = instruments[k][0];
                String symbol = instruments[k][1];
                long t = 1_763_800_000_000L + i * 100L + k;
                long price = Decimals.parse("100") + i * Decimals.parse("0.01");
                out.add(i == 0
                        ? new BookSnapshot(venue, symbol, t, t * 1_000_000, 1, levels("99", "1"), levels("101", "1"))
                        : i % 5 == 0
                                ? new Trade(venue, symbol, t, t * 1_000_000, symbol + "-" + i, price, i, Side.BUY)
                                : new BookDelta(venue, symbol, t, t * 1_000_000, i + 1, i + 1, i,
                                        PriceLevels.wrap(new long[] {price}, new long[] {i}), PriceLevels.EMPTY));
            }
        }
        return out;
    }
}
