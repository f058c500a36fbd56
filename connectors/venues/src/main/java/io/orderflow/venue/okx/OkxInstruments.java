package io.orderflow.venue.okx;

import static io.orderflow.venue.instruments.InstrumentJson.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.instruments.InstrumentCatalog;
import io.orderflow.venue.instruments.InstrumentJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OKX {@code GET /api/v5/public/instruments?instType=SPOT|SWAP|FUTURES} as instruments: {@code tickSz},
 * {@code lotSz} and {@code minSz} (base currency on SPOT, contracts on SWAP/FUTURES), and for contracts
 * {@code ctVal} × {@code ctMult} in {@code ctValCcy}: base per contract for {@code ctType} linear, quote (USD) per
 * contract for inverse. Instruments not {@code live} are left out.
 */
public final class OkxInstruments {
    public static final String PATH = "/api/v5/public/instruments";

    private OkxInstruments() {}

    /** The instrument type OKX files a symbol under: BTC-USDT is SPOT, BTC-USDT-SWAP SWAP, BTC-USD-250627 FUTURES. */
    public static String instType(String instId) {
        String[] parts = instId.split("-");
        if (parts.length == 2) {
            return "SPOT";
        }
        if (parts.length == 3 && parts[2].equals("SWAP")) {
            return "SWAP";
        }
        if (parts.length == 3 && parts[2].chars().allMatch(Character::isDigit)) {
            return "FUTURES";
        }
        throw new IllegalArgumentException("OKX instrument '" + instId + "' is neither spot (BTC-USDT), a swap "
                + "(BTC-USDT-SWAP) nor a future (BTC-USD-250627): options are not traded");
    }

    public static InstrumentCatalog parse(String body) {
        JsonNode root = InstrumentJson.read(body, "OKX instruments");
        if (!"0".equals(root.path("code").asText())) {
            throw new FrameException("OKX instruments answered code " + root.path("code").asText() + ": "
                    + root.path("msg").asText());
        }
        List<Instrument> out = new ArrayList<>();
        for (JsonNode i : root.path("data")) {
            if (!"live".equals(i.path("state").asText())) {
                continue;
            }
            String instId = i.path("instId").asText();
            String type = i.path("instType").asText().toUpperCase(Locale.ROOT);
            Instrument.Kind kind;
            long contractValue;
            if (type.equals("SPOT") || type.equals("MARGIN")) {
                kind = Instrument.Kind.SPOT;
                contractValue = Decimals.UNIT;
            } else if (type.equals("SWAP") || type.equals("FUTURES")) {
                String ctType = i.path("ctType").asText();
                kind = switch (ctType) {
                    case "linear" -> Instrument.Kind.LINEAR;
                    case "inverse" -> Instrument.Kind.INVERSE;
                    default -> throw new FrameException(instId + ": unknown ctType '" + ctType + "'");
                };
                long multiplier = i.hasNonNull("ctMult") && !i.get("ctMult").asText().isEmpty()
                        ? decimal(i, "ctMult", instId) : Decimals.UNIT;
                contractValue = Decimals.fromBigDecimal(Decimals.toBigDecimal(decimal(i, "ctVal", instId))
                        .multiply(Decimals.toBigDecimal(multiplier)).setScale(Decimals.SCALE,
                                java.math.RoundingMode.UNNECESSARY));
            } else {
                continue; // options: not traded
            }
            long lot = decimal(i, "lotSz", instId);
            out.add(new Instrument("okx", instId, kind, decimal(i, "tickSz", instId), lot, decimal(i, "minSz", instId),
                    lot, 0, contractValue, false));
        }
        return new InstrumentCatalog("okx", out);
    }
}
