package io.orderflow.model;

import java.math.BigDecimal;

/**
 * Exact fixed-point money: every price and size in orderflow is a {@code long} holding the decimal value times
 * 10^8 ({@link #SCALE} = 8 fractional digits). One scale for every venue and instrument keeps books, serializers
 * and cross-venue comparisons trivial; eight digits cover every instrument in the recorded captures (Binance
 * quotes at most 8, Kraken/OKX/Gemini fewer). A wire string with a nonzero ninth fractional digit is rejected,
 * never rounded, so a book can never silently disagree with the venue.
 */
public final class Decimals {
    public static final int SCALE = 8;
    public static final long UNIT = 100_000_000L;
    private static final long MAX_INTEGER_PART = Long.MAX_VALUE / UNIT;

    private Decimals() {}

    /** Parses a plain decimal string ("123.45", "-0.5", "7", "1.2e-3" is not accepted) into scaled units. */
    public static long parse(CharSequence s) {
        return parse(s, 0, s.length());
    }

    /**
     * Parses {@code s[start, end)}; throws {@link NumberFormatException} with the reason when the text is not a
     * plain decimal, has more than 8 significant fractional digits, or does not fit.
     */
    public static long parse(CharSequence s, int start, int end) {
        char[] chars = new char[Math.max(0, end - start)];
        for (int i = start; i < end; i++) {
            chars[i - start] = s.charAt(i);
        }
        return parse(chars, 0, chars.length);
    }

    /**
     * Parses {@code buf[offset, offset+length)}: the zero-copy form for a streaming JSON parser's text buffer, and
     * the one implementation (on a char array, the decoders' hot path, with no interface call per character).
     */
    public static long parse(char[] s, int offset, int length) {
        int start = offset;
        int end = offset + length;
        if (start >= end) {
            throw new NumberFormatException("empty decimal");
        }
        int i = start;
        boolean negative = false;
        char c = s[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
            if (i == end) {
                throw new NumberFormatException("sign without digits");
            }
        }
        long integer = 0;
        int integerDigits = 0;
        while (i < end && (c = s[i]) != '.') {
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a decimal digit '" + c + "' in " + excerpt(s, start, end));
            }
            if (integer > MAX_INTEGER_PART / 10 + 1) {
                throw new NumberFormatException("decimal too large: " + excerpt(s, start, end));
            }
            integer = integer * 10 + (c - '0');
            integerDigits++;
            i++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end) { // at '.'
            i++;
            while (i < end) {
                c = s[i];
                if (c < '0' || c > '9') {
                    throw new NumberFormatException("not a decimal digit '" + c + "' in " + excerpt(s, start, end));
                }
                if (fractionDigits < SCALE) {
                    fraction = fraction * 10 + (c - '0');
                } else if (c != '0') {
                    throw new NumberFormatException(
                            "more than " + SCALE + " fractional digits: " + excerpt(s, start, end));
                }
                fractionDigits++;
                i++;
            }
            if (fractionDigits == 0 && integerDigits == 0) {
                throw new NumberFormatException("no digits: " + excerpt(s, start, end));
            }
        } else if (integerDigits == 0) {
            throw new NumberFormatException("no digits: " + excerpt(s, start, end));
        }
        for (int k = Math.min(fractionDigits, SCALE); k < SCALE; k++) {
            fraction *= 10;
        }
        if (integer > MAX_INTEGER_PART || (integer == MAX_INTEGER_PART && fraction > Long.MAX_VALUE % UNIT)) {
            throw new NumberFormatException("decimal too large: " + excerpt(s, start, end));
        }
        long value = integer * UNIT + fraction;
        return negative ? -value : value;
    }

    /** Scaled units as a BigDecimal with scale 8 (exact). */
    public static BigDecimal toBigDecimal(long units) {
        return BigDecimal.valueOf(units, SCALE);
    }

    /** Exact conversion from a BigDecimal; throws ArithmeticException if it has more than 8 fractional digits. */
    public static long fromBigDecimal(BigDecimal value) {
        return value.setScale(SCALE).unscaledValue().longValueExact();
    }

    /** Plain text without trailing zeros, e.g. 6058100000000L → "60581". */
    public static String toPlainString(long units) {
        return toBigDecimal(units).stripTrailingZeros().toPlainString();
    }

    /** For statistics only (volatility, imbalance): never for book or order arithmetic. */
    public static double toDouble(long units) {
        return units / (double) UNIT;
    }

    private static String excerpt(char[] s, int start, int end) {
        int stop = Math.min(end, start + 40);
        return "'" + new String(s, start, stop - start) + (stop < end ? "…'" : "'");
    }
}
