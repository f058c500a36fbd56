package io.orderflow.job.cli;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.connector.websocket.WebSocketSourceBuilder;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        subcommands = {OrderflowCli.DemoCommand.class, OrderflowCli.RunCommand.class, OrderflowCli.SqlCommand.class,
            OrderflowCli.DdlCommand.class})
public final class OrderflowCli implements Callable<Integer> {

    static final String DEFAULT_WAREHOUSE = "orderflow-warehouse";

    public static void main(String[] args) {
        System.exit(new CommandLine(new OrderflowCli()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Options every command that touches the tables shares. */
    static class WarehouseOptions {
        @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE,
                description = "Iceberg warehouse directory or URI (default: ${DEFAULT-VALUE})")
        String warehouse;

        @Option(names = "--namespace", defaultValue = IcebergOutput.DEFAULT_NAMESPACE,
                description = "Iceberg namespace (default: ${DEFAULT-VALUE})")
        String namespace;

        IcebergOutput output() {
            return new IcebergOutput(warehouse, namespace);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the job in MiniCluster mode against local simulated exchanges (offline), then "
                    + "print what was written.")
    static final class DemoCommand implements Callable<Integer> {
        @CommandLine.Mixin
        WarehouseOptions tables = new WarehouseOptions();

        @Option(names = "--seconds", defaultValue = "40", description = "Wall-clock length (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--speed", defaultValue = "10",
                description = "Market time per wall-clock second (default: ${DEFAULT-VALUE}x)")
        double speed;

        @Option(names = "--checkpoint-interval", defaultValue = "PT2S",
                description = "Checkpoint (and Iceberg commit) interval, ISO-8601 (default: ${DEFAULT-VALUE})")
        Duration checkpointInterval;

        @Override
        public Integer call() throws Exception {
            IcebergOutput output = tables.output();
            Demo demo = new Demo(output, seconds, speed,
                    JobSettings.defaults().withCheckpointInterval(checkpointInterval), System.out);
            Demo.Summary s = demo.run(() -> StreamExecutionEnvironment.getExecutionEnvironment(localCluster()));
            System.out.printf("%nDemo finished in %.1f s: %,d market messages, %,d REST snapshots served.%n",
                    s.wallMillis() / 1000.0, s.framesSent(), s.snapshotsServed());
            System.out.println("Iceberg warehouse: " + output.warehouse() + "  (namespace " + output.namespace() + ")");
            for (Map.Entry<String, Long> e : s.committedRows().entrySet()) {
                System.out.printf("  %-16s %,10d rows%n", e.getKey(), e.getValue());
            }
            System.out.println("Query them, e.g.:  java -jar jobs/orderflow-job/target/orderflow-job.jar sql "
                    + "\"SELECT venue, symbol, count(*) AS n FROM bbo GROUP BY venue, symbol\"");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the job on live venues (or any endpoints), unbounded. Under `flink run` it is "
                    + "submitted to the cluster; with java -jar it runs in MiniCluster mode.")
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.Mixin
        WarehouseOptions tables = new WarehouseOptions();

        @Option(names = "--venue", required = true, description = "Venue id, one of: binance-spot, binance-usdm, "
                + "binance-coinm")
        String venue;

        @Option(names = "--symbols", required = true, split = ",", description = "Comma-separated symbols")
        List<String> symbols;

        @Option(names = "--ws-base", description = "WebSocket base URL (default: the venue's production URL)")
        String wsBase;

        @Option(names = "--rest-base", description = "REST base URL (default: the venue's production URL)")
        String restBase;

        @Option(names = "--checkpoint-interval", defaultValue = "PT10S",
                description = "Checkpoint (and Iceberg commit) interval (default: ${DEFAULT-VALUE})")
        Duration checkpointInterval;

        @Override
        public Integer call() throws Exception {
            VenueEndpoints defaults = Venues.byId(venue).defaultEndpoints();
            VenueEndpoints endpoints = new VenueEndpoints(wsBase != null ? wsBase : defaults.webSocketBase(),
                    restBase != null ? restBase : defaults.restBase());
            WebSocketSourceBuilder source = WebSocketSource.builder().venue(venue, symbols, endpoints);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            new OrderflowJob(source.build(), tables.output(),
                    JobSettings.defaults().withCheckpointInterval(checkpointInterval)).build(env);
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

    /** MiniCluster settings for one machine: a REST port of its own choosing, slots for the whole job. */
    static Configuration localCluster() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        return conf;
    }
}
