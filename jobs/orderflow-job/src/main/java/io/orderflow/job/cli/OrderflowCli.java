package io.orderflow.job.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of the job jar: {@code java -jar orderflow-job.jar <command>} or {@code flink run ...}. The
 * entry point and the command list; each command is its own class in this package, over the option groups they
 * share ({@link WarehouseOptions}, {@link SignalOptions}, {@link EndpointOptions}, {@link KafkaOptions}).
 */
@Command(name = "orderflow", mixinStandardHelpOptions = true, version = "orderflow 0.1.0",
        description = "Crypto market microstructure on Apache Flink: exact L2 books, signals, paper trading, "
                + "Iceberg tables.",
        subcommands = {DemoCommand.class, BenchCommand.class, RunCommand.class, IngestCommand.class, SqlCommand.class,
            DdlCommand.class, VerifyCommand.class, RecordCommand.class,
            ReplayCommand.class, ReportCommand.class, TrainCommand.class, ScheduleCommand.class,
            MaintainCommand.class, AccountCommand.class})
public final class OrderflowCli implements Callable<Integer> {
    /** Read before parsing ({@link ConfiguredDefaults}); declared here so every command's help lists it. */
    @CommandLine.Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "Option values from this properties file (`<command>.<option> = value` or `<option> = "
                    + "value`), below ORDERFLOW_<OPTION> environment variables and the command line (default: "
                    + "the file ORDERFLOW_CONFIG names)")
    String config;

    /**
     * Exits with the command's status when the local launcher owns this JVM (it sets {@code orderflow.exit}: its
     * JVM may hold non-daemon threads after a MiniCluster run). Anywhere else this main runs in someone else's JVM:
     * a JobManager running the jar (REST {@code /jars/:id/run}, application mode) or the {@code flink run} client.
     * There a failed command throws, so the caller reports it, and never exits: a failed submission must not take
     * the JobManager down with it.
     */
    public static void main(String[] args) {
        int status;
        try {
            status = commandLine(System.getenv(), args).execute(args);
        } catch (IllegalArgumentException badConfigFile) {
            System.err.println("orderflow: " + badConfigFile.getMessage());
            status = 2;
        }
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
        return commandLine(System.getenv(), new String[0]);
    }

    /**
     * The command line with option defaults from {@code environment} and the configuration file {@code commandLineArgs} name
     * ({@link ConfiguredDefaults}).
     *
     * @throws IllegalArgumentException when the named configuration file cannot be read
     */
    static CommandLine commandLine(Map<String, String> environment, String[] commandLineArgs) {
        CommandLine cl = new CommandLine(new OrderflowCli());
        cl.setDefaultValueProvider(new ConfiguredDefaults(environment, ConfiguredDefaults.configFileIn(commandLineArgs)));
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


}
