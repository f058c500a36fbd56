package io.orderflow.job.cli;

import io.orderflow.connector.websocket.WebSocketSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Write a venue's normalized market events to Kafka (keyed by venue:symbol), exactly once "
                + "by default, for `run --kafka` to read and replay. Unbounded; under `flink run` it is submitted "
                + "to the cluster.")
final class IngestCommand implements Callable<Integer> {
    /** The command as parsed: its errors print where the command line's other errors do. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--venue", required = true, description = "Venue id")
    String venue;

    @Option(names = "--symbols", required = true, split = ",", description = "Comma-separated symbols")
    List<String> symbols;

    @CommandLine.Mixin
    EndpointOptions endpointOptions = new EndpointOptions();

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--delivery", defaultValue = "exactly-once", description = "exactly-once (Kafka "
            + "transactions committed on checkpoints: readers see events one checkpoint later) or at-least-once "
            + "(at once; a restart may write some twice) (default: ${DEFAULT-VALUE})")
    String delivery;

    @Option(names = "--transactional-id-prefix", description = "Unique per ingest job on the cluster (default: "
            + "orderflow-ingest-<venue>)")
    String transactionalIdPrefix;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S",
            description = "Checkpoint (and Kafka commit) interval (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(names = "--transaction-timeout", defaultValue = "PT15M", description = "transaction.timeout.ms: "
            + "above a checkpoint interval plus a restart, at most the brokers' transaction.max.timeout.ms "
            + "(default: ${DEFAULT-VALUE}, Kafka's default maximum)")
    Duration transactionTimeout;

    @Option(names = "--broker-max-transaction-timeout", defaultValue = "PT15M",
            description = "The brokers' transaction.max.timeout.ms, if raised (default: ${DEFAULT-VALUE})")
    Duration brokerMaxTransactionTimeout;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrapServers == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka host:port is required");
        }
        kafka.requireReachable(StreamExecutionEnvironment.getExecutionEnvironment());
        var sink = kafka.apply(io.orderflow.kafka.KafkaMarketData.sink())
                .delivery(deliveryGuarantee(delivery))
                .transactionalIdPrefix(transactionalIdPrefix != null ? transactionalIdPrefix
                        : "orderflow-ingest-" + venue)
                .checkpointInterval(checkpointInterval)
                .transactionTimeout(transactionTimeout)
                .brokerMaxTransactionTimeout(brokerMaxTransactionTimeout)
                .build();
        WebSocketSource source = WebSocketSource.builder()
                .venue(venue, symbols, endpointOptions.resolve(venue)).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new io.orderflow.job.IngestJob(source, sink, checkpointInterval).build(env);
        env.execute("orderflow ingest " + venue);
        return 0;
    }

    static org.apache.flink.connector.base.DeliveryGuarantee deliveryGuarantee(String s) {
        switch (s) {
            case "exactly-once":
                return org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once":
                return org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE;
            default:
                throw new IllegalArgumentException("--delivery " + s + ": use exactly-once or at-least-once");
        }
    }
}
