package io.orderflow.venue.binance;

import static io.orderflow.venue.instruments.InstrumentJson.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.model.Instrument;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.instruments.InstrumentCatalog;
import io.orderflow.venue.instruments.InstrumentJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance {@code exchangeInfo} ({@code /fapi/v1/exchangeInfo} on USD-M, {@code /api/v3/exchangeInfo} on spot) as
 * instruments: PRICE_FILTER {@code tickSize}; LOT_SIZE {@code stepSize}/{@code minQty} for limit orders and
 * MARKET_LOT_SIZE for market orders; the minimum notional from MIN_NOTIONAL ({@code notional} on futures,
 * {@code minNotional} on spot) or spot's NOTIONAL. Futures exempt reduce-only orders from the minimum notional
 * (error -4164 says "unless you choose reduce only"). Symbols not TRADING are left out.
 */
public final class BinanceInstruments {
    public static final String USDM_PATH = "/fapi/v1/exchangeInfo";
    public static final String SPOT_PATH = "/api/v3/exchangeInfo";

    private BinanceInstruments() {}

    public static InstrumentCatalog parse(String venue, String body) {
        JsonNode root = InstrumentJson.read(body, "Binance exchangeInfo");
        JsonNode symbols = root.get("symbols");
        if (symbols == null || !symbols.isArray()) {
            throw new FrameException("Binance exchangeInfo has no 'symbols' array"
                    + (root.has("msg") ? ": " + root.get("msg").asText() : ""));
        }
        boolean futures = !venue.equals("binance-spot");
        List<Instrument> out = new ArrayList<>();
        for (JsonNode s : symbols) {
            if (!"TRADING".equals(s.path("status").asText())) {
                continue;
            }
            String symbol = s.path("symbol").asText();
            long tick = 0;
            long lot = 0;
            long minQty = 0;
            long marketLot = 0;
            long minNotional = 0;
            for (JsonNode f : s.path("filters")) {
                switch (f.path("filterType").asText()) {
                    case "PRICE_FILTER" -> tick = decimal(f, "tickSize", symbol);
                    case "LOT_SIZE" -> {
                        lot = decimal(f, "stepSize", symbol);
                        minQty = decimal(f, "minQty", symbol);
                    }
                    case "MARKET_LOT_SIZE" -> marketLot = decimal(f, "stepSize", symbol);
                    case "MIN_NOTIONAL" -> minNotional = decimal(f, f.has("notional") ? "notional" : "minNotional",
                            symbol);
                    case "NOTIONAL" -> minNotional = decimal(f, "minNotional", symbol);
                    default -> { }
                }
            }
            if (tick == 0 || lot == 0) {
                throw new FrameException(symbol + ": exchangeInfo lacks PRICE_FILTER or LOT_SIZE");
            }
            // a MARKET_LOT_SIZE step of 0 means "no separate rule" on spot
            out.add(new Instrument(venue, symbol, Instrument.Kind.SPOT, tick, lot, minQty,
                    marketLot > 0 ? marketLot : lot, minNotional, io.orderflow.model.Decimals.UNIT, futures));
        }
        return new InstrumentCatalog(venue, out);
    }
}
