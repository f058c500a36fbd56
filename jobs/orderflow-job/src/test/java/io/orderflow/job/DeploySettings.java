package io.orderflow.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** deploy/flink/config.yaml's settings as merge-config.sh reads them: one flat {@code key: value} per line. */
public final class DeploySettings {
    private DeploySettings() {}

    public static Map<String, String> read(Path file) throws java.io.IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int colon = line.indexOf(':');
                settings.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return settings;
    }
}
