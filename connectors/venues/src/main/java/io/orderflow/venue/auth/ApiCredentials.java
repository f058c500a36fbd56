package io.orderflow.venue.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A venue API key, its secret and (OKX) passphrase, read from environment variables or files, never from the
 * command line or a config file that could be committed. The secret never leaves this object except into a
 * signature: {@link #toString()} shows only the key's last four characters, and no error message quotes any part.
 *
 * <p>For a venue prefix P (e.g. {@code ORDERFLOW_BINANCE_USDM}): {@code P_API_KEY}, {@code P_API_SECRET},
 * {@code P_API_PASSPHRASE}; or {@code P_API_KEY_FILE} etc. naming a file holding the value (Docker and Kubernetes
 * secrets mount as files).
 */
public final class ApiCredentials {
    private final String apiKey;
    private final char[] secret;
    private final char[] passphrase;

    public ApiCredentials(String apiKey, char[] secret, char[] passphrase) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("API key is empty");
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("API secret is empty");
        }
        this.apiKey = apiKey.strip();
        this.secret = secret.clone();
        this.passphrase = passphrase == null ? null : passphrase.clone();
    }

    /** Reads {@code prefix_API_KEY} / {@code _API_SECRET} / {@code _API_PASSPHRASE}, each or its {@code _FILE}. */
    public static ApiCredentials fromEnvironment(String prefix, Map<String, String> env, boolean needsPassphrase) {
        String key = value(prefix + "_API_KEY", env, true);
        String secret = value(prefix + "_API_SECRET", env, true);
        String passphrase = value(prefix + "_API_PASSPHRASE", env, needsPassphrase);
        return new ApiCredentials(key, secret.toCharArray(), passphrase == null ? null : passphrase.toCharArray());
    }

    private static String value(String name, Map<String, String> env, boolean required) {
        String direct = env.get(name);
        if (direct != null && !direct.isBlank()) {
            return direct.strip();
        }
        String file = env.get(name + "_FILE");
        if (file != null && !file.isBlank()) {
            try {
                String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (content.isEmpty()) {
                    throw new IllegalArgumentException(name + "_FILE names an empty file: " + file);
                }
                return content;
            } catch (IOException e) {
                // the path is configuration, not a secret; the content is never quoted
                throw new IllegalArgumentException("cannot read " + name + "_FILE " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        if (required) {
            throw new IllegalArgumentException("set " + name + " (or " + name + "_FILE with the path of a file "
                    + "holding it) in the environment");
        }
        return null;
    }

    public String apiKey() {
        return apiKey;
    }

    /**
     * The secret as the text the venue issued (Binance and OKX key the HMAC with its UTF-8 bytes; Kraken
     * base64-decodes it). Package-private: only the signers see it.
     */
    String secretText() {
        return new String(secret);
    }

    public boolean hasPassphrase() {
        return passphrase != null;
    }

    /** The OKX passphrase header value. */
    public String passphrase() {
        if (passphrase == null) {
            throw new IllegalStateException("no passphrase configured");
        }
        return new String(passphrase);
    }

    /** Overwrites the secret in memory. */
    public void destroy() {
        Arrays.fill(secret, '\0');
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }

    @Override
    public String toString() {
        String tail = apiKey.length() > 4 ? apiKey.substring(apiKey.length() - 4) : "";
        return "ApiCredentials[key …" + tail + ", secret hidden]";
    }
}
