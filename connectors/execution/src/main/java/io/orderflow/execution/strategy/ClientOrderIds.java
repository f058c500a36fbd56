package io.orderflow.execution.strategy;

import io.orderflow.model.Side;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Client order ids derived from the decision itself (strategy, instrument, the book sequence that triggered it,
 * side): a replay of the same input after a failure produces the same id, so the venue rejects the duplicate
 * instead of placing it twice. 32 lowercase alphanumerics: within Binance (36), OKX (32) and Kraken (100) limits.
 */
public final class ClientOrderIds {
    private ClientOrderIds() {}

    public static String of(String strategy, String venue, String symbol, long sequence, Side side) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((strategy + '|' + venue + '|' + symbol + '|' + sequence + '|' + side)
                    .getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder("of");
            for (int i = 0; b.length() < 32; i++) {
                b.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return b.substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
