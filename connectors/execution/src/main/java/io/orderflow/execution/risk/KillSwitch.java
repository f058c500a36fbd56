package io.orderflow.execution.risk;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stops every new order while engaged, checked on every intent, so it takes effect within one event. The file
 * switch is engaged while its file exists: {@code touch} it to stop trading, remove it to resume, without
 * restarting the job (on a cluster, a path every TaskManager sees).
 */
public interface KillSwitch extends Serializable {
    boolean engaged();

    /** A switch that is never engaged. */
    KillSwitch NEVER = () -> false;

    static KillSwitch file(Path path) {
        String p = path.toAbsolutePath().toString(); // a String: Path is not Serializable
        return () -> Files.exists(Path.of(p));
    }
}
