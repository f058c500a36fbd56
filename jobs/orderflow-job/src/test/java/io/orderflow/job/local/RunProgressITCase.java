package io.orderflow.job.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.IcebergOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A `run` in MiniCluster mode says how it goes while it runs; a job given to a cluster is left to the cluster. */
class RunProgressITCase {
    private static void job(StreamExecutionEnvironment env) {
        env.setParallelism(1);
        env.fromSource(new DataGeneratorSource<>(n -> n, 300, RateLimiterStrategy.perSecond(100), Types.LONG),
                WatermarkStrategy.noWatermarks(), "three seconds of numbers").sinkTo(new DiscardingSink<>());
    }

    @Test
    void aLocalRunPrintsAProgressLineEverySoOften(@TempDir Path dir) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        job(env);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunProgress.execute(env, "progress", new IcebergOutput(dir.toString(), "orderflow"), 1,
                new PrintStream(console, true, StandardCharsets.UTF_8));
        assertThat(console.toString(StandardCharsets.UTF_8).lines().toList()).as("a line a second for ~3 s")
                .hasSizeGreaterThanOrEqualTo(2)
                .allMatch(l -> l.matches("\\[ *\\d+s\\] books in sync: \\S+  rows committed: [0-9,]+"));
    }

    @Test
    void aJobForAClusterIsExecutedAsFlinkDoesWithNothingPrinted(@TempDir Path dir) throws Exception {
        // a remote environment stands for `flink run`'s; nothing answers at its address, so executing fails there
        org.apache.flink.configuration.Configuration fast = new org.apache.flink.configuration.Configuration();
        fast.set(org.apache.flink.configuration.RestOptions.RETRY_MAX_ATTEMPTS, 0);
        fast.set(org.apache.flink.configuration.RestOptions.CONNECTION_TIMEOUT, java.time.Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", 1, fast);
        job(env);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunProgress.execute(env, "progress",
                new IcebergOutput(dir.toString(), "orderflow"), 1,
                new PrintStream(console, true, StandardCharsets.UTF_8)))
                .as("submitted to the cluster at 127.0.0.1:1, not run here").isInstanceOf(Exception.class);
        assertThat(console.size()).isZero();
    }
}
