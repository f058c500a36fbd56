package org.apache.iceberg.flink.maintenance.api;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.flink.TableLoader;

/**
 * One maintenance task of Iceberg's Flink API, run once now in a bounded job, with its result. Iceberg builds a
 * task's graph behind a trigger manager meant for a job that runs for ever (a monitor source, rate limits, a lock
 * released by an operator event); in a bounded job the source can finish before that event arrives, which fails the
 * job. So this feeds the task's own graph one trigger instead, the way the trigger manager would have. It lives in
 * Iceberg's package because a task's graph is appended through a package-private method (as Iceberg's
 * {@code TableMaintenance.Builder#append} does).
 */
public final class TriggeredOnce {
    private TriggeredOnce() {}

    /**
     * Appends {@code task} for one table, triggered once at {@code now}: the returned stream carries the task's one
     * result. Only one task may run on a table at a time: run each step in its own job.
     */
    public static DataStream<TaskResult> append(StreamExecutionEnvironment env, MaintenanceTaskBuilder<?> task,
            TableLoader tableLoader, String uidSuffix, long now) throws Exception {
        try (TableLoader loader = tableLoader.clone()) {
            loader.open();
            String tableName = loader.loadTable().name();
            DataStream<Trigger> trigger = env
                    .fromData(org.apache.flink.api.common.typeinfo.TypeInformation.of(Trigger.class),
                            Trigger.create(now, 0))
                    .name("trigger " + tableName).uid("trigger-" + uidSuffix).setParallelism(1)
                    .assignTimestampsAndWatermarks(new TableMaintenance.PunctuatedWatermarkStrategy())
                    .name("watermark " + tableName).uid("watermark-" + uidSuffix).setParallelism(1);
            return task.append(trigger, tableName, task.maintenanceTaskName() + " [0]", 0, loader, uidSuffix, null,
                    1);
        }
    }
}
