package io.orderflow.venue.okx;

import io.orderflow.model.Decimals;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * One instrument's book as OKX's checksum sees it: the price and size STRINGS exactly as received, ordered by
 * their exact value. The checksum is CRC32 of {@code bid1Px:bid1Sz:ask1Px:ask1Sz:...} over the top 25 of each
 * side (a shorter side simply stops contributing), read as a signed 32-bit int. Reformatting a number ("8477" as
 * "8477.0") would change the CRC, which is why the strings are kept here and not in the shared book.
 */
final class OkxChecksumBook {
    static final int DEPTH = 25;

    private final TreeMap<Long, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Long, String[]> asks = new TreeMap<>();

    void clear() {
        bids.clear();
        asks.clear();
    }

    void set(boolean bid, String price, String size) {
        TreeMap<Long, String[]> side = bid ? bids : asks;
        long key = Decimals.parse(price);
        if (Decimals.parse(size) == 0) {
            side.remove(key);
        } else {
            side.put(key, new String[] {price, size});
        }
    }

    /** The check string's bytes, reused: every book message is checked, so no String is built for it. */
    private byte[] check = new byte[1024];
    private int length;
    private final CRC32 crc32 = new CRC32();

    int checksum() {
        length = 0;
        Iterator<Map.Entry<Long, String[]>> bi = bids.entrySet().iterator();
        Iterator<Map.Entry<Long, String[]>> ai = asks.entrySet().iterator();
        for (int i = 0; i < DEPTH; i++) {
            if (bi.hasNext()) {
                append(bi.next().getValue());
            }
            if (ai.hasNext()) {
                append(ai.next().getValue());
            }
        }
        crc32.reset();
        crc32.update(check, 0, length);
        return (int) crc32.getValue();
    }

    private void append(String[] level) {
        int needed = length + level[0].length() + level[1].length() + 2;
        if (needed > check.length) {
            check = java.util.Arrays.copyOf(check, Math.max(needed, check.length * 2));
        }
        if (length > 0) {
            check[length++] = ':';
        }
        length = ascii(level[0], length);
        check[length++] = ':';
        length = ascii(level[1], length);
    }

    /** Numbers as OKX sends them are ASCII: one byte per char. */
    private int ascii(String s, int at) {
        for (int i = 0; i < s.length(); i++) {
            check[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    /** CRC32 of a check string, signed: for the documented test vectors. */
    static int crc(String checkString) {
        CRC32 crc = new CRC32();
        crc.update(checkString.getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }
}
