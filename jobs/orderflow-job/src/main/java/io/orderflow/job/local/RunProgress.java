package io.orderflow.job.local;

import io.orderflow.job.book.OrderBookFunction;
import io.orderflow.job.iceberg.IcebergOutput;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a job and, when it runs here (MiniCluster), says every {@code every} seconds how it goes: the books in sync
 * and the rows committed to the tables, so a long `run` is not silent after start-up. Submitted to a cluster, the
 * job is the cluster's to watch (its web UI, metrics): it is executed as Flink executes it, with nothing added.
 */
public final class RunProgress {
    private RunProgress() {}

    public static void execute(StreamExecutionEnvironment env, String name, IcebergOutput output, int everySeconds,
            PrintStream console) throws Exception {
        if (!(env instanceof LocalStreamEnvironment)) {
            env.execute(name);
            return;
        }
        long start = System.currentTimeMillis();
        JobClient job = env.executeAsync(name);
        while (true) {
            try {
                job.getJobExecutionResult().get(everySeconds, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                console.printf(Locale.ROOT, "[%4ds] books in sync: %s  rows committed: %,d%n",
                        (System.currentTimeMillis() - start) / 1000,
                        accumulator(job, OrderBookFunction.BOOKS_IN_SYNC),
                        output.committedRows().values().stream().mapToLong(Long::longValue).sum());
            }
        }
    }

    /** A job's accumulator now, or "-" while it has none (or cannot say). */
    static Object accumulator(JobClient job, String name) {
        try {
            Object v = job.getAccumulators().get(2, TimeUnit.SECONDS).get(name);
            return v == null ? "-" : v;
        } catch (Exception e) {
            return "-";
        }
    }
}
