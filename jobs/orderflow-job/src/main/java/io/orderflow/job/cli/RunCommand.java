package io.orderflow.job.cli;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.connector.websocket.WebSocketSourceBuilder;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.offline.RankedSymbols;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the job on a live venue (or any endpoints), or on the Kafka topic that `ingest` "
                + "writes. Under `flink run` it is submitted to the cluster; with java -jar it runs in MiniCluster "
                + "mode.")
final class RunCommand implements Callable<Integer> {
    /** The command as parsed: its errors print where the command line's other errors do. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SignalOptions signalOptions = new SignalOptions();

    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--venue", description = "Venue id, e.g. binance-spot, binance-usdm, okx, kraken-futures "
            + "(or --kafka)")
    String venue;

    @CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--starting-offsets", defaultValue = "earliest", description = "With --kafka: earliest, "
            + "latest, committed (the group's), or timestamp:<ISO instant or epoch ms>; a restore from a "
            + "checkpoint or savepoint resumes where it was (default: ${DEFAULT-VALUE})")
    String startingOffsets;

    @Option(names = "--bounded", description = "With --kafka: stop at the offsets that are the latest at start "
            + "(a replay that ends)")
    boolean bounded;

    @Option(names = "--group-id", defaultValue = "orderflow-analytics",
            description = "With --kafka: consumer group, offsets committed on checkpoints (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--decisions", description = "When strategies see books and signals: arrival (default "
            + "with --venue: lowest latency) or event-time (default with --kafka: the same input gives the same "
            + "orders, run after run)")
    String decisions;

    @Option(names = "--symbols", split = ",", description = "Comma-separated symbols")
    List<String> symbols;

    @Option(names = "--top", description = "Instead of --symbols: the venue's N most traded instruments by 24 h "
            + "quote volume (Binance, OKX spot, Kraken Futures)")
    Integer top;

    @Option(names = "--top-ranked", description = "Instead of --symbols: the venue's N best-ranked instruments in "
            + "the latest window of market_ranking in this warehouse (by volume, volatility and depth)")
    Integer topRanked;

    @CommandLine.Mixin
    EndpointOptions endpointOptions = new EndpointOptions();

    @Option(names = "--checkpoint-interval", description = "Checkpoint (and Iceberg commit) interval (default: the "
            + "cluster's execution.checkpointing.interval when its configuration sets one, else 10s)")
    Duration checkpointInterval;

    @Option(names = "--execution", description = "Send orders to this venue account instead of the paper "
            + "exchange: binance-usdm (testnet), okx (demo trading) or kraken-futures (demo); it must be the "
            + "--venue traded")
    String execution;

    @Option(names = "--execution-rest", description = "The account's REST base (default: the venue's test "
            + "environment)")
    String executionRest;

    @Option(names = "--execution-ws", description = "The account's private WebSocket base (default: the "
            + "venue's test environment)")
    String executionWs;

    @Option(names = "--credentials", description = "Environment prefix of the API key: reads <PREFIX>_API_KEY, "
            + "_API_SECRET (and _API_PASSPHRASE for OKX), or each with _FILE (default: ORDERFLOW_<VENUE>)")
    String credentials;

    @Option(names = "--adopt-account", description = "With --execution and no savepoint: start from the "
            + "account's positions in the traded symbols (the one strategy chosen with --strategies starts from "
            + "them, at the venue's entry price); working orders must be cancelled first")
    boolean adoptAccount;

    @Option(names = "--instruments-cache", defaultValue = "orderflow-instruments",
            description = "With --execution: where the venue's instrument rules (tick, lot, minimums, contract "
                    + "sizes) are saved each start, and read from when the venue cannot be reached "
                    + "(default: ${DEFAULT-VALUE}/<venue>.tsv)")
    java.nio.file.Path instrumentsCache;

    @Option(names = "--maintain-every", description = "Also run Iceberg table maintenance inside this job, on every "
            + "table this often (e.g. 1h): expire snapshots, rewrite data files, delete orphan files, as `maintain` "
            + "does, with its --keep, --retain-last, --target-file-mb and --orphan-min-age (default: off)")
    Duration maintainEvery;

    @CommandLine.Mixin
    MaintenanceOptions maintenance = new MaintenanceOptions();

    @Override
    public Integer call() throws Exception {
        JobSettings settings = signalOptions.apply(JobSettings.defaults().withCheckpointInterval(
                checkpointInterval != null ? checkpointInterval : OrderflowJob.configuredCheckpointInterval(
                        StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration())));
        if ((venue == null) == (kafka.bootstrapServers == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give one input: --venue V (live WebSockets) or --kafka host:port (the ingest topic)");
        }
        settings = settings.withDecisionOrder(decisions == null
                ? (venue == null ? io.orderflow.job.DecisionOrder.EVENT_TIME : io.orderflow.job.DecisionOrder.ARRIVAL)
                : io.orderflow.job.DecisionOrder.valueOf(decisions.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        if (venue == null) {
            if (execution != null) {
                throw new IllegalArgumentException("--execution trades on live books: use it with --venue");
            }
            kafka.requireReachable(StreamExecutionEnvironment.getExecutionEnvironment());
            var source = kafka.apply(io.orderflow.kafka.KafkaMarketData.source())
                    .startingOffsets(io.orderflow.kafka.StartingOffsets.parse(startingOffsets))
                    .bounded(bounded)
                    .groupId(groupId)
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            new OrderflowJob(source, tables.output(), settings).build(env);
            scheduleMaintenance(env);
            io.orderflow.job.local.RunProgress.execute(env, "orderflow from kafka " + kafka.topic, tables.output(),
                    10, System.out);
            return 0;
        }
        if (execution != null) {
            if (!execution.equals(venue)) {
                throw new IllegalArgumentException("--execution " + execution
                        + " must be the venue whose books drive the strategies (--venue " + venue + ")");
            }
            String prefix = credentials != null ? credentials
                    : "ORDERFLOW_" + execution.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            io.orderflow.job.trading.VenueConnection test =
                    io.orderflow.job.trading.VenueConnection.testEnvironment(execution, prefix);
            settings = settings.withExecution(new io.orderflow.job.trading.VenueConnection(execution,
                    executionRest != null ? executionRest : test.restBase(),
                    executionWs != null ? executionWs : test.webSocketBase(), prefix, null,
                    test.requestTimeout()));
            // fail now, not on a worker: the key must be there (its value is never printed)
            io.orderflow.venue.auth.ApiCredentials.fromEnvironment(prefix, System.getenv(),
                    io.orderflow.venue.Venues.trading(execution).needsPassphrase());
        }
        VenueEndpoints endpoints = endpointOptions.resolve(venue);
        VenueEndpoints testMarket = Venues.byId(venue).testEndpoints();
        if (execution != null && endpointOptions.wsBase == null && endpointOptions.restBase == null
                && testMarket != null && executionRest == null) {
            // orders on a test account rest in the test environment's books: trade on what they see
            endpoints = testMarket;
            System.out.println("market data from " + venue + "'s test environment " + endpoints.webSocketBase()
                    + " (its orders rest in that book; give --ws-base/--rest-base for another)");
        }
        if ((symbols != null ? 1 : 0) + (top != null ? 1 : 0) + (topRanked != null ? 1 : 0) != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give one of --symbols A,B, --top N or --top-ranked N");
        }
        List<String> chosen = symbols != null ? symbols
                : top != null ? io.orderflow.venue.discovery.SymbolDiscovery.topByVolume(venue, endpoints, top)
                : RankedSymbols.top(new SqlRunner(tables.output()), venue, topRanked);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (settings.trading().execution() != null) {
            settings = settings.withExecution(settings.trading().execution().withInstruments(chosen,
                    instrumentsCache.resolve(execution + ".tsv")));
            System.out.println("trading by " + settings.trading().execution().instruments());
            boolean restoring = env.getConfiguration().getOptional(
                    org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
            if (!restoring) { // a restored job knows its positions and orders, and reconciles its orders
                io.orderflow.job.trading.AccountHoldings held = settings.trading().execution().heldOutsideTheJob(chosen);
                List<io.orderflow.venue.trading.VenuePosition> adopted =
                        held.toAdopt(execution, adoptAccount, settings.trading().strategies());
                if (!adopted.isEmpty()) {
                    settings = settings.withExecution(settings.trading().execution().adoptingPositions(adopted));
                    for (String h : held.describe()) {
                        System.out.println("adopting into " + settings.trading().strategies() + "'s ledger: " + h);
                    }
                }
            }
        }
        System.out.println("subscribing " + venue + " " + chosen);
        WebSocketSourceBuilder source = WebSocketSource.builder().venue(venue, chosen, endpoints);
        new OrderflowJob(source.build(), tables.output(), settings).build(env);
        scheduleMaintenance(env);
        io.orderflow.job.local.RunProgress.execute(env, "orderflow " + venue, tables.output(), 10, System.out);
        return 0;
    }

    private void scheduleMaintenance(StreamExecutionEnvironment env) throws java.io.IOException {
        if (maintainEvery != null) {
            io.orderflow.job.iceberg.TableMaintenance.schedule(env, tables.output(),
                    io.orderflow.job.iceberg.OrderflowTables.ALL, maintenance.policy(), maintainEvery);
        }
    }
}
