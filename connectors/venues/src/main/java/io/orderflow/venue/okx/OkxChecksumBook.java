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

    int checksum() {
        StringBuilder b = new StringBuilder(1024);
        Iterator<Map.Entry<Long, String[]>> bi = bids.entrySet().iterator();
        Iterator<Map.Entry<Long, String[]>> ai = asks.entrySet().iterator();
        for (int i = 0; i < DEPTH; i++) {
            if (bi.hasNext()) {
                String[] l = bi.next().getValue();
                append(b, l);
            }
            if (ai.hasNext()) {
                String[] l = ai.next().getValue();
                append(b, l);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.toString().getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }

    private static void append(StringBuilder b, String[] level) {
        if (b.length() > 0) {
            b.append(':');
        }
        b.append(level[0]).append(':').append(level[1]);
    }

    /** CRC32 of a check string, signed: for the documented test vectors. */
    static int crc(String checkString) {
        CRC32 crc = new CRC32();
        crc.update(checkString.getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }
}
