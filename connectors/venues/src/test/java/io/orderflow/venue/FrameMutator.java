package io.orderflow.venue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Damages real frames the ways a network, a venue bug or a hostile peer could: truncated, huge, negative, NaN,
 * wrong types, unknown fields, wrong symbols, deleted or junk bytes, values at the limits a decoder accepts, and
 * times far away. Used on the codecs alone ({@link CodecFuzzTest}) and on the whole running job.
 */
public final class FrameMutator {
    private FrameMutator() {}

    /** One random mutation of a real frame. */
    public static String mutate(String s, SplittableRandom r) {
        int n = s.length();
        switch (r.nextInt(12)) {
            case 0:
                return s.substring(0, r.nextInt(n)); // truncated
            case 1:
                return replaceNumber(s, r, "99999999999999999999999999"); // huge
            case 2:
                return replaceNumber(s, r, "-1"); // negative
            case 3:
                return replaceNumber(s, r, r.nextBoolean() ? "NaN" : "\"NaN\""); // NaN, bare or quoted
            case 4:
                return replaceNumber(s, r, r.nextBoolean() ? "[1,2]" : "{\"x\":true}"); // wrong type
            case 5: { // unknown field, which must be tolerated
                int brace = s.indexOf('{');
                return brace < 0 ? s : s.substring(0, brace + 1) + "\"zz_unknown\":{\"a\":[1,\"b\"]}," + s.substring(brace + 1);
            }
            case 6: // wrong symbol
                return s.replaceFirst("(\"(?:s|symbol|instId|product_id)\"\\s*:\\s*\")[^\"]*\"", "$1NOPE_SYMBOL\"");
            case 7: { // a character deleted
                int at = r.nextInt(n);
                return s.substring(0, at) + s.substring(at + 1);
            }
            case 8: { // a byte replaced by structural junk
                int at = r.nextInt(n);
                char c = "{}[],:\"\\x0".charAt(r.nextInt(10));
                return s.substring(0, at) + c + s.substring(at + 1);
            }
            case 10: // the limits a decoder accepts: the largest scaled long, the smallest step, zero
                return replaceNumber(s, r, switch (r.nextInt(4)) {
                    case 0 -> "\"92233720368.54775807\"";
                    case 1 -> "92233720368.54775807";
                    case 2 -> "\"0.00000001\"";
                    default -> "\"0\"";
                });
            case 11: // a time far in the past or future
                return replaceNumber(s, r, r.nextBoolean() ? "1" : "99999999999999");
            default: { // a string value made a number or null
                return s.replaceFirst(":\"[^\"]*\"", r.nextBoolean() ? ":12345" : ":null");
            }
        }
    }

    private static String replaceNumber(String s, SplittableRandom r, String with) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"?-?[0-9]+(\\.[0-9]+)?\"?").matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return s;
        }
        int[] span = spans.get(r.nextInt(spans.size()));
        return s.substring(0, span[0]) + with + s.substring(span[1]);
    }
}
