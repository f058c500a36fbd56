package io.orderflow.venue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import java.io.IOException;

/** Streaming-JSON helpers shared by the venue codecs: exact decimals straight from the parser's text buffer. */
public final class JsonSupport {
    /** One factory for all codecs: thread-safe, with limits so a hostile frame cannot exhaust memory. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    private JsonSupport() {}

    /** Reads the current VALUE_STRING token (or a plain number token: Kraken sends numbers) as scaled decimal. */
    public static long decimal(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new FrameException("field " + field + ": expected a decimal, got " + describe(t));
        }
        try {
            return Decimals.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } catch (NumberFormatException e) {
            throw new FrameException("field " + field + ": " + e.getMessage());
        }
    }

    /** Reads the current token as a long, accepting a JSON integer only. */
    public static long integer(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new FrameException("field " + field + ": expected an integer, got " + describe(p.currentToken()));
        }
        try {
            return p.getLongValue();
        } catch (IOException | RuntimeException e) {
            throw new FrameException("field " + field + ": integer out of range");
        }
    }

    public static String text(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new FrameException("field " + field + ": expected a string, got " + describe(p.currentToken()));
        }
        int length = p.getTextLength();
        if (length > SHORT_TEXT) {
            return p.getText();
        }
        return SHORT_STRINGS.of(p.getTextCharacters(), p.getTextOffset(), length);
    }

    /** Short strings (symbols, event types, stream names) repeat in every frame: they come from this cache. */
    private static final int SHORT_TEXT = 40;
    private static final ShortStrings SHORT_STRINGS = new ShortStrings(1024);

    /**
     * A direct-mapped cache of short strings, shared by every decoder thread without locks: a slot holds an
     * immutable String (safely published by its final fields), so a race only costs a miss.
     */
    static final class ShortStrings {
        private final String[] slots;

        ShortStrings(int size) {
            slots = new String[Integer.highestOneBit(size)];
        }

        String of(char[] chars, int offset, int length) {
            int hash = 0;
            for (int i = offset; i < offset + length; i++) {
                hash = 31 * hash + chars[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (slots.length - 1);
            String cached = slots[slot];
            if (cached != null && cached.length() == length) {
                int i = 0;
                while (i < length && cached.charAt(i) == chars[offset + i]) {
                    i++;
                }
                if (i == length) {
                    return cached;
                }
            }
            String s = new String(chars, offset, length);
            slots[slot] = s;
            return s;
        }
    }

    public static boolean bool(JsonParser p, String field) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new FrameException("field " + field + ": expected true/false, got " + describe(t));
        }
        return t == JsonToken.VALUE_TRUE;
    }

    /**
     * Reads {@code [[price, size], ...]} (each entry may carry extra trailing elements, which are skipped) with the
     * parser on the outer START_ARRAY. Prices must be positive and sizes not negative.
     */
    public static PriceLevels levels(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new FrameException("field " + field + ": expected an array of levels, got "
                    + describe(p.currentToken()));
        }
        PriceLevels.Builder b = new PriceLevels.Builder(16);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                throw new FrameException("field " + field + ": expected a [price, size] pair, got " + describe(t));
            }
            p.nextToken();
            long price = decimal(p, field + ".price");
            if (p.nextToken() == JsonToken.END_ARRAY) {
                throw new FrameException("field " + field + ": level without a size");
            }
            long size = decimal(p, field + ".size");
            if (price <= 0) {
                throw new FrameException("field " + field + ": price must be positive, got "
                        + Decimals.toPlainString(price));
            }
            if (size < 0) {
                throw new FrameException("field " + field + ": size must not be negative, got "
                        + Decimals.toPlainString(size));
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new FrameException("truncated frame");
                }
                p.skipChildren();
            }
            b.add(price, size);
        }
        return b.build();
    }

    /** A trade or level side spelled buy/sell (any case), as most venues do. */
    public static io.orderflow.model.Side side(String s, String field) {
        if ("buy".equalsIgnoreCase(s)) {
            return io.orderflow.model.Side.BUY;
        }
        if ("sell".equalsIgnoreCase(s)) {
            return io.orderflow.model.Side.SELL;
        }
        throw new FrameException("field " + field + ": expected buy or sell, got '" + s + "'");
    }

    /** Advances and fails with "truncated frame" when the input ends early. */
    public static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new FrameException("truncated frame");
        }
        return t;
    }

    public static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> t.toString();
        };
    }
}
