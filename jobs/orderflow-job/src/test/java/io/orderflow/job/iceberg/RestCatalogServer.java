package io.orderflow.job.iceberg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Iceberg's own REST catalog server (a JDBC catalog on SQLite behind the REST API) as a separate JVM, on
 * an ephemeral loopback port, with its files under {@code warehouse}. The class path comes from the
 * rest-catalog-server module's build. Stopped (and waited for) on close.
 */
final class RestCatalogServer implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("Started oejs\\.ServerConnector@\\S+\\{.*\\}\\{[^:]*:(\\d+)\\}");

    private final Process process;
    private final int port;

    private RestCatalogServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RestCatalogServer start(Path warehouse) throws Exception {
        String classpathFile = System.getProperty("orderflow.rest-catalog.classpath");
        if (classpathFile == null || !Files.exists(Path.of(classpathFile))) {
            throw new IllegalStateException("the REST catalog server's class path (" + classpathFile + ") is not "
                    + "built: run the build from the repository root (mvn verify)");
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", Files.readString(Path.of(classpathFile)).trim(), "org.apache.iceberg.rest.RESTCatalogServer"));
        pb.environment().put("CATALOG_WAREHOUSE", warehouse.toUri().toString());
        pb.environment().put("CATALOG_REST_PORT", "0");
        // a file, not the default in-memory SQLite: each pooled connection to ":memory:" would be its own database
        pb.environment().put("CATALOG_URI", "jdbc:sqlite:" + warehouse.resolve("catalog.db"));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("the REST catalog server exited before it listened"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "rest-catalog-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new RestCatalogServer(process, port.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor();
            throw e;
        }
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
