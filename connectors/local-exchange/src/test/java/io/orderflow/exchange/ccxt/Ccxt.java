package io.orderflow.exchange.ccxt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task of {@code src/test/ccxt/conformance.mjs} with ccxt, the pinned version the build installed into
 * {@code target/ccxt} ({@code npm ci} in generate-test-resources), and answers what the script printed.
 */
final class Ccxt {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("target", "ccxt");

    private Ccxt() {}

    static ObjectNode task(String name) {
        return JSON.createObjectNode().put("task", name);
    }

    /** The version the build installed (package-lock pins it). */
    static String version() throws IOException {
        return JSON.readTree(DIR.resolve("node_modules/ccxt/package.json").toFile()).get("version").asText();
    }

    /** Runs the task; fails with what ccxt said when it did not answer ok. */
    static JsonNode run(ObjectNode task, long timeoutSeconds) throws IOException, InterruptedException {
        if (!Files.isRegularFile(DIR.resolve("node_modules/ccxt/package.json"))) {
            throw new IllegalStateException("ccxt is not installed in " + DIR.toAbsolutePath()
                    + ": the build installs it with npm ci (generate-test-resources); run the module with mvn verify");
        }
        Path out = Files.createTempFile("ccxt-", ".json");
        Path err = Files.createTempFile("ccxt-", ".err");
        try {
            Process p = new ProcessBuilder("node", "conformance.mjs", JSON.writeValueAsString(task))
                    .directory(DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("ccxt task " + task.get("task") + " did not finish in " + timeoutSeconds
                        + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8).trim();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            JsonNode answer = last.isEmpty() ? null : JSON.readTree(last);
            if (answer == null || !answer.path("ok").asBoolean()) {
                throw new AssertionError("ccxt task " + task.get("task") + " failed: "
                        + (answer == null ? "no answer" : answer.path("error").asText()) + "; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return answer.get("answer");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
