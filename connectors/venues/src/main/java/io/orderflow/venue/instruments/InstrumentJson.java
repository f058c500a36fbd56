package io.orderflow.venue.instruments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.model.Decimals;
import io.orderflow.venue.FrameException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reading an instruments answer: a tree (these answers are read once at start, not per message) whose numbers keep
 * their exact decimal text, since Kraken sends tick sizes as JSON numbers.
 */
public final class InstrumentJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private InstrumentJson() {}

    public static JsonNode read(String body, String what) {
        try {
            return MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FrameException(what + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FrameException(what + " could not be read: " + e.getMessage(), e);
        }
    }

    /** A decimal field (string or number) as scaled units; the exception names the field and the instrument. */
    public static long decimal(JsonNode node, String field, String symbol) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            throw new FrameException(symbol + ": no '" + field + "' in the instruments answer");
        }
        String text = v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
        try {
            return Decimals.parse(text);
        } catch (NumberFormatException e) {
            throw new FrameException(symbol + ": '" + field + "' is not a decimal: " + e.getMessage());
        }
    }

    /** 10^-precision as scaled units (Kraken's contractValueTradePrecision: 4 → 0.0001, 0 → 1, -1 → 10). */
    public static long powerOfTen(int negativeExponent) {
        return Decimals.fromBigDecimal(BigDecimal.ONE.scaleByPowerOfTen(-negativeExponent));
    }
}
