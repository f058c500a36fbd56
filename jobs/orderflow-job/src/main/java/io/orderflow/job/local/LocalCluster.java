package io.orderflow.job.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/** Flink's MiniCluster as the local commands (demo, replay, bench) run it on one machine. */
public final class LocalCluster {
    private LocalCluster() {}

    /** A REST port of its own choosing (several may run at once), slots for the whole job. */
    public static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        return conf;
    }
}
