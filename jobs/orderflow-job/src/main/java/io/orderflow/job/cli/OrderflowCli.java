package io.orderflow.job.cli;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.connector.websocket.WebSocketSourceBuilder;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.crosssection.PairSettings;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.report.ChartRenderer;
import io.orderflow.job.report.Report;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line of the job jar: {@code java -jar orderflow-job.jar <command>} or {@code flink run ...}. */
@Command(name = "orderflow", mixinStandardHelpOptions = true, version = "orderflow 0.1.0",
        description = "Crypto market microstructure on Apache Flink: exact L2 books, signals, paper trading, "
                + "Iceberg tables.",
        subcommands = {OrderflowCli.DemoCommand.class, OrderflowCli.BenchCommand.class, OrderflowCli.RunCommand.class, OrderflowCli.IngestCommand.class, OrderflowCli.SqlCommand.class,
            OrderflowCli.DdlCommand.class, OrderflowCli.VerifyCommand.class, OrderflowCli.RecordCommand.class,
            OrderflowCli.ReplayCommand.class, OrderflowCli.ReportCommand.class, OrderflowCli.TrainCommand.class,
            OrderflowCli.MaintainCommand.class, AccountCommand.class})
public final class OrderflowCli implements Callable<Integer> {

    static final String DEFAULT_WAREHOUSE = "orderflow-warehouse";

    /**
     * Exits with the command's status when the local launcher owns this JVM (it sets {@code orderflow.exit}: its
     * JVM may hold non-daemon threads after a MiniCluster run). Anywhere else this main runs in someone else's JVM:
     * a JobManager running the jar (REST {@code /jars/:id/run}, application mode) or the {@code flink run} client.
     * There a failed command throws, so the caller reports it, and never exits: a failed submission must not take
     * the JobManager down with it.
     */
    public static void main(String[] args) {
        int status = commandLine().execute(args);
        if (Boolean.getBoolean("orderflow.exit")) {
            System.exit(status);
        }
        if (status != 0) {
            // the subcommand only: its options may carry credentials (--kafka-property), which never reach a log
            throw new IllegalStateException("orderflow " + (args.length > 0 ? args[0] : "") + " failed with status "
                    + status + " (its error is printed above)");
        }
    }

    /**
     * The command line, with configuration errors (an unknown venue, a bad URL, an impossible option) printed as
     * one line saying what to fix, exit code 2, instead of a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new OrderflowCli());
        cl.registerConverter(Duration.class, new DurationConverter());
        // a mistyped option or value: one line naming it and where the help is, not the whole usage text
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("orderflow: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("orderflow: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Options every command that touches the tables shares. */
    static class WarehouseOptions {
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE,
                description = "Iceberg warehouse: a directory or URI (s3://bucket/path); for a rest catalog, the "
                        + "warehouse it names (default: ${DEFAULT-VALUE})")
        String warehouse;

        @Option(names = "--catalog", defaultValue = "hadoop",
                description = "Iceberg catalog: hadoop (the warehouse is the catalog), rest or jdbc (default: "
                        + "${DEFAULT-VALUE})")
        String catalog;

        @Option(names = "--catalog-uri", description = "rest: http(s)://host:port of the REST catalog; jdbc: "
                + "jdbc:postgresql://... (driver on the class path)")
        String catalogUri;

        @Option(names = "--catalog-property", description = "Any Iceberg catalog property, key=value (repeatable), "
                + "e.g. io-impl=org.apache.iceberg.aws.s3.S3FileIO, s3.endpoint=http://minio:9000, "
                + "jdbc.password=env:PGPASSWORD (env:NAME reads an environment variable)")
        java.util.Map<String, String> catalogProperties = new java.util.LinkedHashMap<>();

        @Option(names = "--namespace", defaultValue = IcebergOutput.DEFAULT_NAMESPACE,
                description = "Iceberg namespace (default: ${DEFAULT-VALUE})")
        String namespace;

        IcebergOutput output() {
            io.orderflow.job.iceberg.CatalogSettings.Type type = io.orderflow.job.iceberg.CatalogSettings.parseType(catalog);
            return new IcebergOutput(new io.orderflow.job.iceberg.CatalogSettings(type,
                    type == io.orderflow.job.iceberg.CatalogSettings.Type.REST && DEFAULT_WAREHOUSE.equals(warehouse)
                            ? null : warehouse, catalogUri, catalogProperties), namespace);
        }
    }

    /** The signals' windows and pairs, and the kill switch: shared by the commands that run the job. */
    static class SignalOptions {
        @Option(names = "--window", defaultValue = "PT1M", description = "Window of volatility, pair signals and "
                + "market ranking, whole seconds: 1min, 30s or PT1M (default: ${DEFAULT-VALUE})")
        Duration window;

        @Option(names = "--max-lag", defaultValue = "PT2S",
                description = "Lead-lag grid from -max to +max (default: ${DEFAULT-VALUE})")
        Duration maxLag;

        @Option(names = "--lag-step", defaultValue = "PT0.1S", description = "Lead-lag grid step (default: ${DEFAULT-VALUE})")
        Duration lagStep;

        @Option(names = "--pairs", split = ",", description = "Pairs to compare, venue:SYMBOL~venue:SYMBOL "
                + "(x first; default: every pair of instruments)")
        List<String> pairs;

        @Option(names = "--model", description = "A mid-predictor model file from `train`: the strategy starts from "
                + "it instead of learning from scratch")
        Path model;

        @Option(names = "--pair-trade", split = ",", description = "Pairs the mean-reversion strategy trades, "
                + "venue:Y~X, one per venue, e.g. binance-usdm:ETHUSDT~BTCUSDT (default: none; the demo trades "
                + "ETH~BTC on every venue)")
        List<String> pairTrades;

        @Option(names = "--kill-switch", defaultValue = "orderflow.kill", description = "While this file exists no "
                + "order leaves; touch it to stop trading, remove it to resume (default: ${DEFAULT-VALUE})")
        String killSwitch;

        @Option(names = "--strategies", split = ",", description = "The single-instrument strategies to run, from "
                + "imbalance, mid-predictor, imbalance-momentum (default: all; on a venue account usually one: the "
                + "venue nets every strategy into one position)")
        List<String> strategies;

        JobSettings apply(JobSettings settings) {
            if (strategies != null) {
                settings = settings.withStrategies(strategies);
            }
            return withModel(settings.withVolatilityWindow(window).withPairs(new PairSettings(-maxLag.toMillis(),
                    maxLag.toMillis(), lagStep.toMillis(), pairs == null ? List.of() : pairs))
                    .withKillSwitchFile(killSwitch)
                    .withPairTrades(settings.pairStrategy(), pairTrades == null ? List.of()
                            : pairTrades.stream().map(io.orderflow.execution.PairLegs::parse).toList()));
        }

        private JobSettings withModel(JobSettings settings) {
            if (model == null) {
                return settings;
            }
            try {
                return settings.withMidPredictor(settings.midPredictor().withModel(
                        io.orderflow.execution.MidPredictorModel.read(model)));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read the model " + model + " (" + e.getClass().getSimpleName()
                        + "): train one with `orderflow train`");
            }
        }
    }

    /** Where to connect: the venue's production endpoints unless overridden. */
    static class EndpointOptions {
        @Option(names = "--ws-base", description = "WebSocket base URL (default: the venue's production URL)")
        String wsBase;

        @Option(names = "--rest-base", description = "REST base URL (default: the venue's production URL)")
        String restBase;

        VenueEndpoints resolve(String venue) {
            VenueEndpoints defaults = Venues.byId(venue).defaultEndpoints();
            return new VenueEndpoints(wsBase != null ? wsBase : defaults.webSocketBase(),
                    restBase != null ? restBase : defaults.restBase());
        }
    }

    /** The normalized market-data topic: shared by ingest (writes it) and run (reads it). */
    static class KafkaOptions {
        @Option(names = "--kafka", description = "Kafka bootstrap servers, host:port[,host:port]")
        String bootstrapServers;

        @Option(names = "--topic", defaultValue = "orderflow.market",
                description = "The market-data topic (default: ${DEFAULT-VALUE})")
        String topic;

        @Option(names = "--format", defaultValue = "json", description = "How ingest writes events: json (documented "
                + "in the README) or binary (compact); readers follow each record's header (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--kafka-property", description = "Any Kafka client property, key=value (repeatable), e.g. "
                + "security.protocol=SASL_SSL")
        java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();

        <B extends io.orderflow.kafka.KafkaMarketData.TopicSettings<B>> B apply(B builder) {
            builder.bootstrapServers(bootstrapServers).topic(topic)
                    .format(io.orderflow.kafka.MarketDataFormat.parse(format));
            properties.forEach(builder::property);
            return builder;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Write a venue's normalized market events to Kafka (keyed by venue:symbol), exactly once "
                    + "by default, for `run --kafka` to read and replay. Unbounded; under `flink run` it is submitted "
                    + "to the cluster.")
    static final class IngestCommand implements Callable<Integer> {
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
                throw new CommandLine.ParameterException(new CommandLine(this), "--kafka host:port is required");
            }
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

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the job in MiniCluster mode against local simulated exchanges (offline), then "
                    + "print what was written. With --kafka, write the simulated venues' events to Kafka instead.")
    static final class DemoCommand implements Callable<Integer> {
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
            if (kafka.bootstrapServers != null) {
                // the simulated venues into Kafka, for `run --kafka` (on a cluster): no tables written here
                demo.ingestTo(kafka.apply(io.orderflow.kafka.KafkaMarketData.sink())
                        .transactionalIdPrefix("orderflow-demo-ingest").checkpointInterval(checkpointInterval).build());
                Demo.Summary s = demo.run(() -> StreamExecutionEnvironment.getExecutionEnvironment(localCluster()));
                System.out.printf("%nIngested the simulated venues to Kafka topic %s in %.1f s: %,d market messages.%n",
                        kafka.topic, s.wallMillis() / 1000.0, s.framesSent());
                return 0;
            }
            Demo.Summary s = demo.run(() -> StreamExecutionEnvironment.getExecutionEnvironment(localCluster()));
            System.out.printf("%nDemo finished in %.1f s: %,d market messages, %,d REST snapshots served.%n",
                    s.wallMillis() / 1000.0, s.framesSent(), s.snapshotsServed());
            System.out.println("Iceberg " + output.catalog().describe() + "  (namespace " + output.namespace() + ")");
            for (Map.Entry<String, Long> e : s.committedRows().entrySet()) {
                System.out.printf("  %-16s %,10d rows%n", e.getKey(), e.getValue());
            }
            System.out.println("Query them, e.g.:  java -jar jobs/orderflow-job/target/orderflow-job.jar sql "
                    + "\"SELECT venue, symbol, count(*) AS n FROM bbo GROUP BY venue, symbol\"");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the job on a live venue (or any endpoints), or on the Kafka topic that `ingest` "
                    + "writes. Under `flink run` it is submitted to the cluster; with java -jar it runs in MiniCluster "
                    + "mode.")
    static final class RunCommand implements Callable<Integer> {
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

        @Option(names = "--checkpoint-interval", defaultValue = "PT10S",
                description = "Checkpoint (and Iceberg commit) interval (default: ${DEFAULT-VALUE})")
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

        @Override
        public Integer call() throws Exception {
            JobSettings settings =
                    signalOptions.apply(JobSettings.defaults().withCheckpointInterval(checkpointInterval));
            if ((venue == null) == (kafka.bootstrapServers == null)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "give one input: --venue V (live WebSockets) or --kafka host:port (the ingest topic)");
            }
            settings = settings.withDecisionOrder(decisions == null
                    ? (venue == null ? io.orderflow.job.DecisionOrder.EVENT_TIME : io.orderflow.job.DecisionOrder.ARRIVAL)
                    : io.orderflow.job.DecisionOrder.valueOf(decisions.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
            if (venue == null) {
                if (execution != null) {
                    throw new IllegalArgumentException("--execution trades on live books: use it with --venue");
                }
                var source = kafka.apply(io.orderflow.kafka.KafkaMarketData.source())
                        .startingOffsets(io.orderflow.kafka.StartingOffsets.parse(startingOffsets))
                        .bounded(bounded)
                        .groupId(groupId)
                        .build();
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                new OrderflowJob(source, tables.output(), settings).build(env);
                env.execute("orderflow from kafka " + kafka.topic);
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
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "give one of --symbols A,B, --top N or --top-ranked N");
            }
            List<String> chosen = symbols != null ? symbols
                    : top != null ? io.orderflow.venue.discovery.SymbolDiscovery.topByVolume(venue, endpoints, top)
                    : RankedSymbols.top(new SqlRunner(tables.output()), venue, topRanked);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            if (settings.execution() != null) {
                settings = settings.withExecution(settings.execution().withInstruments(chosen,
                        instrumentsCache.resolve(execution + ".tsv")));
                System.out.println("trading by " + settings.execution().instruments());
                boolean restoring = env.getConfiguration().getOptional(
                        org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
                if (!restoring) { // a restored job knows its positions and orders, and reconciles its orders
                    io.orderflow.job.trading.AccountHoldings held = settings.execution().heldOutsideTheJob(chosen);
                    List<io.orderflow.venue.trading.VenuePosition> adopted =
                            held.toAdopt(execution, adoptAccount, settings.strategies());
                    if (!adopted.isEmpty()) {
                        settings = settings.withExecution(settings.execution().adoptingPositions(adopted));
                        for (String h : held.describe()) {
                            System.out.println("adopting into " + settings.strategies() + "'s ledger: " + h);
                        }
                    }
                }
            }
            System.out.println("subscribing " + venue + " " + chosen);
            WebSocketSourceBuilder source = WebSocketSource.builder().venue(venue, chosen, endpoints);
            new OrderflowJob(source.build(), tables.output(), settings).build(env);
            env.execute("orderflow " + venue);
            return 0;
        }
    }

    @Command(name = "sql", mixinStandardHelpOptions = true,
            description = "Run Flink SQL (batch) against the Iceberg tables and print the results.")
    static final class SqlCommand implements Callable<Integer> {
        @CommandLine.Mixin
        WarehouseOptions tables = new WarehouseOptions();

        @Option(names = {"-f", "--file"}, description = "A .sql file, or the name of one shipped in the jar "
                + "(e.g. queries/row_counts.sql)")
        String file;

        @Parameters(arity = "0..1", description = "The SQL to run (statements separated by ';')")
        String query;

        @Override
        public Integer call() throws Exception {
            if ((file == null) == (query == null)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "give either a query string or --file, e.g. sql \"SELECT * FROM bbo LIMIT 10\"");
            }
            String script = query != null ? query : read(file);
            new SqlRunner(tables.output()).print(script, System.out);
            return 0;
        }

        private static String read(String file) throws Exception {
            Path path = Path.of(file);
            if (Files.exists(path)) {
                return Files.readString(path);
            }
            String resource = "/sql/" + file.replaceFirst("^sql/", "");
            try (InputStream in = OrderflowCli.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no SQL file " + file + " (neither on disk nor in the jar)");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Render PNG charts from the tables (mid and volatility with patterns and spikes, lead-lag "
                    + "curves, slippage versus size, market ranking) and an index.html showing them.")
    static final class ReportCommand implements Callable<Integer> {
        @CommandLine.Mixin
        WarehouseOptions tables = new WarehouseOptions();

        @Option(names = "--out", defaultValue = "orderflow-report",
                description = "Directory for the PNGs, their CSV data and index.html (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--instrument", description = "venue:SYMBOL for the mid/volatility chart (default: the top "
                + "of the latest market ranking)")
        String instrument;

        @Override
        public Integer call() throws Exception {
            IcebergOutput output = tables.output();
            Report report = new Report(new SqlRunner(output));
            List<Path> pngs = ChartRenderer.render(
                    report.charts(instrument != null ? instrument : report.defaultInstrument()),
                    output.committedRows(), out);
            pngs.forEach(p -> System.out.println("chart  " + p));
            System.out.println("report " + out.resolve("index.html").toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the mid-predictor model from book_top10_1s (offline least squares on the same "
                    + "features live trading uses) and write the model file that run and demo load with --model.")
    static final class TrainCommand implements Callable<Integer> {
        @CommandLine.Mixin
        WarehouseOptions tables = new WarehouseOptions();

        @Option(names = "--horizon", defaultValue = "10", description = "Seconds ahead (default: ${DEFAULT-VALUE})")
        int horizon;

        @Option(names = "--instrument", description = "venue:SYMBOL to train on (default: every instrument, pooled)")
        String instrument;

        @Option(names = "--out", defaultValue = "mid-predictor.model",
                description = "Model file to write (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            ModelTrainer.Samples samples = ModelTrainer.samples(new SqlRunner(tables.output()), horizon, instrument);
            io.orderflow.execution.MidPredictorModel model = ModelTrainer.train(samples, horizon);
            model.write(out);
            System.out.printf(java.util.Locale.ROOT, "trained on %,d samples (%d s ahead); coefficients %s%nmodel %s%n",
                    model.samples(), horizon, java.util.Arrays.toString(model.coefficients()), out.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "ddl", mixinStandardHelpOptions = true,
            description = "Print the Iceberg DDL of every orderflow table (the content of sql/ddl/tables.sql).")
    static final class DdlCommand implements Callable<Integer> {
        @Option(names = "--namespace", defaultValue = IcebergOutput.DEFAULT_NAMESPACE,
                description = "Iceberg namespace (default: ${DEFAULT-VALUE})")
        String namespace;

        @Override
        public Integer call() {
            System.out.print(io.orderflow.job.iceberg.DdlWriter.render(namespace));
            return 0;
        }
    }

    @Command(name = "maintain", mixinStandardHelpOptions = true,
            description = "Compact each table's small files and expire its old snapshots (safe while a job writes).")
    static final class MaintainCommand implements Callable<Integer> {
        @CommandLine.Mixin
        WarehouseOptions tables = new WarehouseOptions();

        @Option(names = "--table", split = ",", description = "Only these tables (default: all)")
        List<String> only;

        @Option(names = "--target-file-mb", defaultValue = "128",
                description = "Size compacted data files aim for, in MB (default: ${DEFAULT-VALUE})")
        long targetFileMb;

        @Option(names = "--keep", defaultValue = "PT24H",
                description = "Keep snapshots (time travel) this long (default: ${DEFAULT-VALUE})")
        Duration keep;

        @Option(names = "--retain-last", defaultValue = "5",
                description = "Always keep at least this many snapshots (default: ${DEFAULT-VALUE})")
        int retainLast;

        @Override
        public Integer call() {
            List<io.orderflow.job.iceberg.TableDef> chosen = new java.util.ArrayList<>();
            for (io.orderflow.job.iceberg.TableDef t : io.orderflow.job.iceberg.OrderflowTables.ALL) {
                if (only == null || only.contains(t.name())) {
                    chosen.add(t);
                }
            }
            if (only != null && chosen.size() != only.size()) {
                throw new IllegalArgumentException("unknown table in --table " + only + "; tables are "
                        + io.orderflow.job.iceberg.OrderflowTables.ALL.stream().map(io.orderflow.job.iceberg.TableDef::name)
                                .toList());
            }
            System.out.printf("%-18s %12s %14s %18s%n", "table", "rows", "files", "snapshots");
            for (var r : io.orderflow.job.iceberg.TableMaintenance.run(tables.output(), chosen,
                    targetFileMb * 1024 * 1024, keep, retainLast)) {
                System.out.printf("%-18s %,12d %6d -> %-5d %8d -> %-5d%n", r.table(), r.rows(), r.filesBefore(),
                        r.filesAfter(), r.snapshotsBefore(), r.snapshotsAfter());
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Replay capture files (cryptofeed's raw format, or record's output) through the venue's codec "
                    + "and sync rules, without Flink, and report per instrument: messages, snapshots, deltas, gaps, "
                    + "resyncs, checksums, crossed states, agreement with the venue's own best bid/offer.")
    static final class VerifyCommand implements Callable<Integer> {
        @Option(names = "--venue", description = "Venue id (default: guessed from cryptofeed file names such as "
                + "OKX.ws.1.0)")
        String venue;

        @Option(names = "--json", description = "Print one JSON document instead of a table")
        boolean json;

        @Parameters(arity = "1..*", description = "Capture files; a cryptofeed X.ws.* file brings its X.http.* "
                + "sibling along")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            List<Path> all = new java.util.ArrayList<>(CaptureFiles.withRestSiblings(files));
            String venueId = venue != null ? venue : CaptureFiles.guessVenue(files.get(0));
            io.orderflow.venue.capture.CaptureVerifier.Result r =
                    new io.orderflow.venue.capture.CaptureVerifier(Venues.byId(venueId)).verifyFiles(all);
            if (r.frames() == 0) { // an empty, text or REST-only file: nothing was verified, so nothing passed
                System.err.println("no WebSocket frames in " + all + " (" + r.malformedFrames() + " unreadable lines"
                        + (r.malformedReasons().isEmpty() ? "" : ", first: " + r.malformedReasons().get(0))
                        + "): give a capture in cryptofeed's raw format or one written by orderflow record");
                return 2;
            }
            System.out.print(json ? io.orderflow.venue.capture.VerifyReport.json(r) + "\n"
                    : io.orderflow.venue.capture.VerifyReport.text(r));
            boolean clean = r.instruments().values().stream().allMatch(i -> i.book().gaps() == 0
                    && i.book().crossedStates() == 0 && i.checksumsMismatched() == 0);
            return clean && r.malformedFrames() == 0 ? 0 : 1;
        }
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Record a venue's live frames (and REST snapshots) to a capture file that verify and "
                    + "replay read.")
    static final class RecordCommand implements Callable<Integer> {
        @Option(names = "--venue", required = true, description = "Venue id")
        String venue;

        @Option(names = "--symbols", required = true, split = ",", description = "Comma-separated symbols")
        List<String> symbols;

        @Option(names = "--out", required = true, description = "Capture file (one more per extra connection: "
                + "FILE.1, FILE.2, ...)")
        Path out;

        @Option(names = "--seconds", defaultValue = "60", description = "How long (default: ${DEFAULT-VALUE})")
        int seconds;

        @CommandLine.Mixin
        EndpointOptions endpointOptions = new EndpointOptions();

        @Override
        public Integer call() throws Exception {
            VenueEndpoints endpoints = endpointOptions.resolve(venue);
            io.orderflow.venue.capture.Recorder recorder =
                    new io.orderflow.venue.capture.Recorder(Venues.byId(venue), endpoints, symbols, out);
            try (recorder) {
                recorder.start();
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    System.out.printf("recorded %,d lines%n", recorder.linesWritten());
                }
            }
            System.out.println("wrote " + recorder.files());
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Run the job in MiniCluster mode against a local exchange that serves a capture file in the "
                    + "venue's own protocol, then print what was written.")
    static final class ReplayCommand implements Callable<Integer> {
        @CommandLine.Mixin
        SignalOptions signalOptions = new SignalOptions();

        @CommandLine.Mixin
        WarehouseOptions tables = new WarehouseOptions();

        @Option(names = "--venue", description = "Venue id (default: guessed from cryptofeed file names)")
        String venue;

        @Option(names = "--speed", defaultValue = "1",
                description = "1 = recorded pace, 10 = ten times faster, 0 = as fast as possible (default: "
                        + "${DEFAULT-VALUE})")
        double speed;

        @Parameters(arity = "1", description = "The capture file (its REST snapshots may be in it, or in a "
                + "cryptofeed X.http.* sibling)")
        Path file;

        @Override
        public Integer call() throws Exception {
            JobSettings settings =
                    signalOptions.apply(JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(2)));
            String venueId = venue != null ? venue : CaptureFiles.guessVenue(file);
            List<Path> rest = CaptureFiles.withRestSiblings(List.of(file));
            io.orderflow.exchange.RecordedScript script = new io.orderflow.exchange.RecordedScript(file,
                    rest.size() > 1 ? rest.get(1) : file);
            IcebergOutput output = tables.output();
            try (io.orderflow.exchange.LocalExchange exchange =
                    io.orderflow.exchange.LocalExchange.recording(venueId, script, speed, 20)) {
                WebSocketSource source = WebSocketSource.builder()
                        .venue(venueId, script.symbols(), new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                        .finishOnServerClose(true)
                        .build();
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(localCluster());
                new OrderflowJob(source, output, settings).build(env);
                env.execute("orderflow replay " + file.getFileName());
            }
            output.committedRows().forEach((t, n) -> System.out.printf("  %-16s %,10d rows%n", t, n));
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "The whole-job benchmark in MiniCluster mode: the full pipeline (every venue, signal, "
                    + "pattern, paper execution, every Iceberg table, exactly-once checkpoints) over a simulated "
                    + "replay, tuned and with Flink's defaults side by side: sustained messages/s at full speed, and "
                    + "tick-to-order latency percentiles at a fixed rate.")
    static final class BenchCommand implements Callable<Integer> {
        @Option(names = "--mode", defaultValue = "all",
                description = "throughput, latency, memory or all (default: ${DEFAULT-VALUE})")
        String mode;

        @Option(names = "--warmup-events", defaultValue = "200000", description = "A first, unmeasured run over "
                + "this many events, so the JIT has compiled the job before any measured run (default: ${DEFAULT-VALUE})")
        long warmupEvents;

        @Option(names = "--instruments", defaultValue = "1000",
                description = "Memory run: instruments, measured against 10 (default: ${DEFAULT-VALUE})")
        int instruments;

        @Option(names = "--memory-events", defaultValue = "150000",
                description = "Memory run: events of the short replay; the long one is 4 times longer "
                        + "(default: ${DEFAULT-VALUE})")
        long memoryEvents;

        @Option(names = "--events", defaultValue = "600000",
                description = "Events of the throughput run (default: ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--rate", defaultValue = "20000", description = "Latency run's input rate, msgs/s (default: ${DEFAULT-VALUE})")
        double rate;

        @Option(names = "--latency-seconds", defaultValue = "45", description = "Latency run's length (default: ${DEFAULT-VALUE})")
        int latencySeconds;

        @Option(names = "--warmup-seconds", defaultValue = "15",
                description = "Orders decided in the latency run's first seconds are not counted (default: ${DEFAULT-VALUE})")
        int warmupSeconds;

        @Option(names = "--checkpoint-interval", defaultValue = "PT10S",
                description = "Exactly-once checkpoint (and Iceberg commit) interval (default: ${DEFAULT-VALUE})")
        Duration checkpointInterval;

        @Option(names = "--work-dir", defaultValue = "target/orderflow-bench",
                description = "Tapes and warehouses (default: ${DEFAULT-VALUE})")
        java.nio.file.Path workDir;

        @Option(names = "--keep-warehouses", description = "Keep each run's tables (warehouse-N in the work "
                + "directory) to query with `sql --warehouse`; by default they are deleted after the run")
        boolean keepWarehouses;

        @Override
        public Integer call() throws Exception {
            if (!List.of("all", "throughput", "latency", "memory").contains(mode)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--mode " + mode + ": use throughput, latency, memory or all");
            }
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("machine: %d cores, %s %s, Java %s, max heap %,d MB%n", cores,
                    System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20);
            io.orderflow.job.bench.JobBenchmark bench =
                    new io.orderflow.job.bench.JobBenchmark(workDir, checkpointInterval, cores)
                            .keepWarehouses(keepWarehouses);
            var configs = io.orderflow.job.bench.JobBenchmark.Config.values();
            if (warmupEvents > 0) {
                bench.warmUp(warmupEvents);
            }
            if (mode.equals("all") || mode.equals("throughput")) {
                List<io.orderflow.job.bench.JobBenchmark.Throughput> results = new ArrayList<>();
                for (var config : configs) {
                    results.add(bench.throughput(config, events));
                }
                System.out.printf("%nthroughput, every table written, exactly-once checkpoints every %s:%n",
                        checkpointInterval);
                System.out.printf("  %-15s %10s %14s %14s %18s%n", "configuration", "events", "wall time s",
                        "source read s", "sustained msgs/s");
                for (var t : results) {
                    System.out.printf("  %-15s %,10d %14.1f %14.1f %,18.0f%n", t.config(), t.events(),
                            t.wallSeconds(), t.readSeconds(), t.messagesPerSecond());
                }
                System.out.printf("  the replay: %,d events (%,d bytes, %d instruments) by venue %s%n",
                        results.get(0).events(), results.get(0).tape().bytes(), results.get(0).tape().instruments(),
                        results.get(0).tape().eventsByVenue());
                System.out.println("  rows committed by the tuned run: " + results.get(0).committedRows());
            }
            if (mode.equals("all") || mode.equals("memory")) {
                var m = bench.memory(instruments, 10, memoryEvents, memoryEvents * 4);
                System.out.printf("%nheap in use while the job holds a replay's state (after full collections):%n");
                System.out.printf("  %,d instruments, %,d events: %,d MB; %d instruments: %,d MB -> %,.0f KB per "
                        + "instrument%n", m.instruments(), m.shortEvents(), m.shortHeap() >> 20,
                        m.baselineInstruments(), m.baselineHeap() >> 20, m.bytesPerInstrument() / 1024);
                System.out.printf("  %,d instruments, %,d events: %,d MB -> %+.1f%% against the short replay%n",
                        m.instruments(), m.longEvents(), m.longHeap() >> 20, 100 * m.growth());
            }
            if (mode.equals("all") || mode.equals("latency")) {
                List<io.orderflow.job.bench.JobBenchmark.Latency> results = new ArrayList<>();
                for (var config : configs) {
                    results.add(bench.latency(config, rate, Duration.ofSeconds(latencySeconds),
                            Duration.ofSeconds(warmupSeconds)));
                }
                System.out.printf("%ntick-to-order latency at %,.0f msgs/s for %d s (first %d s not counted), "
                        + "local receive to the order leaving the execution operator, microseconds:%n", rate,
                        latencySeconds, warmupSeconds);
                System.out.printf("  %-15s %8s %9s %9s %9s %9s %9s%n", "configuration", "orders", "p50", "p90", "p99",
                        "p99.9", "max");
                for (var l : results) {
                    System.out.printf("  %-15s %,8d %9.1f %9.1f %9.1f %9.1f %9.1f%n", l.config(),
                            l.nanos().getTotalCount(), l.micros(50), l.micros(90), l.micros(99), l.micros(99.9),
                            l.nanos().getMaxValue() / 1_000.0);
                    l.byStrategy().forEach((strategy, h) -> System.out.printf("    %-13s %,8d %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                            strategy, h.getTotalCount(), h.getValueAtPercentile(50) / 1e3,
                            h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3));
                }
                if (results.get(0).nanos().getTotalCount() > 0 && results.get(1).nanos().getTotalCount() > 0) {
                    System.out.printf("  p99 of Flink's defaults over tuned: %.1fx%n",
                            results.get(1).micros(99) / results.get(0).micros(99));
                }
            }
            return 0;
        }
    }

    /** MiniCluster settings for one machine: a REST port of its own choosing, slots for the whole job. */
    public static Configuration localCluster() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        return conf;
    }
}
