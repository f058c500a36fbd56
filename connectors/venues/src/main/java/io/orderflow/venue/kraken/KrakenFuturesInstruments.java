package io.orderflow.venue.kraken;

import static io.orderflow.venue.instruments.InstrumentJson.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.model.Instrument;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.instruments.InstrumentCatalog;
import io.orderflow.venue.instruments.InstrumentJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken Futures {@code GET /derivatives/api/v3/instruments} as instruments. {@code tickSize} and
 * {@code contractSize} are JSON numbers, read exactly. Inverse contracts ({@code futures_inverse},
 * {@code perpetual_inverse}: PI_/FI_ symbols) are worth {@code contractSize} USD each and trade in whole
 * contracts; linear ones ({@code flexible_futures}, {@code *_vanilla}: PF_/FF_) are worth {@code contractSize} base
 * and trade in steps of 10^-{@code contractValueTradePrecision}. The smallest order is one step.
 */
public final class KrakenFuturesInstruments {
    public static final String PATH = "/api/v3/instruments";

    private KrakenFuturesInstruments() {}

    public static InstrumentCatalog parse(String body) {
        JsonNode root = InstrumentJson.read(body, "Kraken Futures instruments");
        if (!"success".equals(root.path("result").asText()) || !root.path("instruments").isArray()) {
            throw new FrameException("Kraken Futures instruments answered " + root.path("result").asText() + ": "
                    + root.path("error").asText());
        }
        List<Instrument> out = new ArrayList<>();
        for (JsonNode i : root.path("instruments")) {
            if (!i.path("tradeable").asBoolean(false)) {
                continue;
            }
            // older answers spell symbols in lower case; the feeds and order entry use upper case
            String symbol = i.path("symbol").asText().toUpperCase(java.util.Locale.ROOT);
            String type = i.path("type").asText();
            Instrument.Kind kind = type.endsWith("_inverse") ? Instrument.Kind.INVERSE
                    : type.equals("flexible_futures") || type.endsWith("_vanilla") ? Instrument.Kind.LINEAR : null;
            if (kind == null) {
                throw new FrameException(symbol + ": unknown Kraken Futures instrument type '" + type + "'");
            }
            long step = InstrumentJson.powerOfTen(i.path("contractValueTradePrecision").asInt(0));
            out.add(new Instrument("kraken-futures", symbol, kind, decimal(i, "tickSize", symbol), step, step, step,
                    0, decimal(i, "contractSize", symbol), false));
        }
        return new InstrumentCatalog("kraken-futures", out);
    }
}
