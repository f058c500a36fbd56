package io.orderflow.venue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every signature against the official vectors (fixtures/signing, copied unchanged from ../shared/data/signing),
 * byte for byte; and credentials that never show their secret.
 */
class RequestSignersTest {
    private static JsonNode vectors() throws Exception {
        try (InputStream in = RequestSignersTest.class.getResourceAsStream("/fixtures/signing/signing_test_vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void binanceMatchesTheDocumentedVectors() throws Exception {
        JsonNode b = vectors().get("binance_hmac_sha256");
        ApiCredentials c = new ApiCredentials(b.get("apiKey").asText(), b.get("secretKey").asText().toCharArray(), null);
        int checked = 0;
        for (JsonNode v : b.get("vectors")) {
            assertThat(RequestSigners.binance(c, v.get("payload").asText())).isEqualTo(v.get("signature").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void okxMatchesTheVectors() throws Exception {
        JsonNode o = vectors().get("okx_ok_access_sign");
        ApiCredentials c = new ApiCredentials("key", o.get("secret").asText().toCharArray(), "pass".toCharArray());
        int checked = 0;
        for (JsonNode v : o.get("vectors")) {
            assertThat(RequestSigners.okx(c, v.get("timestamp").asText(), v.get("method").asText(),
                    v.get("requestPath").asText(), v.get("body").asText())).isEqualTo(v.get("sign").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void krakenFuturesMatchesTheVectorsWithTheSecretExactlyAsDocumented() throws Exception {
        JsonNode k = vectors().get("kraken_futures_authent");
        // the documented secret lacks its final '=': used as is, the way a user would paste it
        ApiCredentials c = new ApiCredentials("key", k.get("api_secret_as_documented").asText().toCharArray(), null);
        int checked = 0;
        for (JsonNode v : k.get("vectors")) {
            assertThat(RequestSigners.krakenFutures(c, v.get("postData").asText(), v.get("nonce").asText(),
                    v.get("endpointPath").asText())).isEqualTo(v.get("authent").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(2);
        ApiCredentials broken = new ApiCredentials("key", "not base64 !".toCharArray(), null);
        assertThatThrownBy(() -> RequestSigners.krakenFutures(broken, "", "", "/api/v3/orderbook"))
                .hasMessageContaining("not base64").hasMessageNotContaining("not base64 !");
    }

    @Test
    void credentialsComeFromTheEnvironmentOrFilesAndNeverShowTheSecret(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "s3cr3t-value\n");
        Map<String, String> env = new HashMap<>();
        env.put("ORDERFLOW_OKX_API_KEY", "abcd-1234-key-wxyz");
        env.put("ORDERFLOW_OKX_API_SECRET_FILE", secretFile.toString());
        env.put("ORDERFLOW_OKX_API_PASSPHRASE", "p@ss");
        ApiCredentials c = ApiCredentials.fromEnvironment("ORDERFLOW_OKX", env, true);
        assertThat(c.apiKey()).isEqualTo("abcd-1234-key-wxyz");
        assertThat(c.secretText()).isEqualTo("s3cr3t-value");
        assertThat(c.passphrase()).isEqualTo("p@ss");
        assertThat(c.toString()).contains("wxyz").doesNotContain("s3cr3t", "p@ss", "abcd-1234");

        env.remove("ORDERFLOW_OKX_API_PASSPHRASE");
        assertThatThrownBy(() -> ApiCredentials.fromEnvironment("ORDERFLOW_OKX", env, true))
                .hasMessageContaining("ORDERFLOW_OKX_API_PASSPHRASE");
        env.put("ORDERFLOW_OKX_API_SECRET_FILE", dir.resolve("missing").toString());
        assertThatThrownBy(() -> ApiCredentials.fromEnvironment("ORDERFLOW_OKX", env, false))
                .hasMessageContaining("cannot read ORDERFLOW_OKX_API_SECRET_FILE");
        c.destroy();
        assertThat(c.secretText()).doesNotContain("s3cr3t");
    }
}
