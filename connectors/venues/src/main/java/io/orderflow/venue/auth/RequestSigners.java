package io.orderflow.venue.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signatures of the venues orderflow trades on, each exactly as its docs define it (GUIDE §5) and
 * checked byte for byte against the official vectors:
 * <ul>
 *   <li>Binance: hex(HMAC-SHA256(secret, queryString + body)), sent as {@code signature=} with
 *       {@code X-MBX-APIKEY};</li>
 *   <li>OKX: base64(HMAC-SHA256(secret as UTF-8 text, timestamp + METHOD + requestPath + body)), sent as
 *       {@code OK-ACCESS-SIGN} with key, timestamp and passphrase headers;</li>
 *   <li>Kraken Futures: base64(HMAC-SHA512(base64decode(secret), SHA256(postData + nonce + endpointPath))), sent as
 *       {@code Authent} with {@code APIKey} and {@code Nonce}.</li>
 * </ul>
 */
public final class RequestSigners {
    private RequestSigners() {}

    public static String binance(ApiCredentials credentials, String queryAndBody) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", credentials.secretText().getBytes(StandardCharsets.UTF_8),
                queryAndBody.getBytes(StandardCharsets.UTF_8)));
    }

    public static String okx(ApiCredentials credentials, String timestamp, String method, String requestPath,
            String body) {
        String prehash = timestamp + method.toUpperCase(java.util.Locale.ROOT) + requestPath + (body == null ? "" : body);
        return Base64.getEncoder().encodeToString(hmac("HmacSHA256",
                credentials.secretText().getBytes(StandardCharsets.UTF_8), prehash.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Kraken Futures {@code Authent}. The documented example secret is base64 without its final '=' pad; the JDK's
     * decoder accepts that, as Kraken's servers do.
     */
    public static String krakenFutures(ApiCredentials credentials, String postData, String nonce,
            String endpointPath) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(credentials.secretText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Kraken Futures API secret is not base64 (check for a truncated "
                    + "copy); its value is not shown");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (postData + (nonce == null ? "" : nonce) + endpointPath).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hmac("HmacSHA512", key, digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
        }
    }

    /**
     * Kraken Futures' WebSocket challenge: base64(HMAC-SHA512(base64decode(secret), SHA256(challenge))), the
     * {@code Authent} recipe with the challenge as the whole message.
     */
    public static String krakenFuturesChallenge(ApiCredentials credentials, String challenge) {
        return krakenFutures(credentials, challenge, null, "");
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // never chain the key material into the message
            throw new IllegalStateException(algorithm + " unavailable: " + e.getClass().getSimpleName());
        }
    }
}
