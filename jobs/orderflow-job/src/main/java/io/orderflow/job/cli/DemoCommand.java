package io.orderflow.job.cli;

import io.orderflow.job.JobSettings;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.local.Demo;
import io.orderflow.job.local.LocalCluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the job in MiniCluster mode against local simulated exchanges (offline), then "
                + "print what was written. With --kafka, write the simulated venues' events to Kafka instead.")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Mixin
    SignalOptions signalOptions = new SignalOptions();

    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--seconds", defaultValue = "40", description = "Wall-clock length (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--speed", defaultValue = "4",
            description = "Market time per wall-clock second (default: ${DEFAULT-VALUE}x: seven venues' "
                    + "messages and every signal keep two cores busy)")
    double speed;

    @Option(names = "--checkpoint-interval", defaultValue = "PT2S",
            description = "Checkpoint (and Iceberg commit) interval: 2s, 500 ms or PT2S (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(names = "--chaos", description = "Make the local exchanges misbehave (lost, duplicated, reordered and "
            + "cut frames, a silence, periodic disconnects) and watch data_quality")
    boolean chaos;

    @Option(names = "--fall-behind", paramLabel = "VENUE=DURATION", description = "Make one venue's exchange hold "
            + "its feed that long a third of the way in, then send it all at once (e.g. okx=10s, with --speed 1 on "
            + "two cores): past the source's 5 s idleness its backlog comes late, and data_quality names each window "
            + "written without it")
    Map<String, Duration> fallBehind = Map.of();

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() throws Exception {
        IcebergOutput output = tables.output();
        Demo demo = new Demo(output, seconds, speed,
                signalOptions.apply(JobSettings.defaults().withCheckpointInterval(checkpointInterval)), System.out);
        if (chaos) {
            demo.withChaos();
        }
        if (fallBehind.size() > 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--fall-behind takes one venue, got "
                    + fallBehind.keySet());
        }
        fallBehind.forEach(demo::withVenueFallingBehind);
        if (kafka.bootstrapServers != null) {
            // the simulated venues into Kafka, for `run --kafka` (on a cluster): no tables written here
            kafka.requireReachable(StreamExecutionEnvironment.getExecutionEnvironment(LocalCluster.configuration()));
            demo.ingestTo(kafka.apply(io.orderflow.kafka.KafkaMarketData.sink())
                    .transactionalIdPrefix("orderflow-demo-ingest").checkpointInterval(checkpointInterval).build());
            Demo.Summary s = demo.run(() -> StreamExecutionEnvironment.getExecutionEnvironment(LocalCluster.configuration()));
            System.out.printf("%nIngested the simulated venues to Kafka topic %s in %.1f s: %,d market messages.%n",
                    kafka.topic, s.wallMillis() / 1000.0, s.framesSent());
            return 0;
        }
        Demo.Summary s = demo.run(() -> StreamExecutionEnvironment.getExecutionEnvironment(LocalCluster.configuration()));
        System.out.printf("%nDemo finished in %.1f s: %,d market messages, %,d REST snapshots served.%n",
                s.wallMillis() / 1000.0, s.framesSent(), s.snapshotsServed());
        System.out.println("Iceberg " + output.catalog().describe() + "  (namespace " + output.namespace() + ")");
        for (Map.Entry<String, Long> e : s.committedRows().entrySet()) {
            System.out.printf("  %-16s %,10d rows%n", e.getKey(), e.getValue());
        }
        System.out.println(s.verdict().describe(speed));
        System.out.println("Query them, e.g.:  java -jar jobs/orderflow-job/target/orderflow-job.jar sql "
                + "\"SELECT venue, symbol, count(*) AS n FROM bbo GROUP BY venue, symbol\"");
        return 0;
    }
}
