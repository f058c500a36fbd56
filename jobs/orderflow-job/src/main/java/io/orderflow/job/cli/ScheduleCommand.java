package io.orderflow.job.cli;

import io.orderflow.job.offline.ExecutionPlanner;
import io.orderflow.job.offline.SqlRunner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Plan a parent order with Almgren-Chriss on parameters estimated from the tables (the slippage "
                + "regression, printed with its fit statistics; volatility; the trades' permanent impact), beside "
                + "a TWAP, and execute both against the recorded books from every start the recording allows: "
                + "the schedule and its realized cost against the model's, in a table.")
final class ScheduleCommand implements Callable<Integer> {
    /** The command as parsed: its errors print where the command line's other errors do. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--instrument", required = true, description = "venue:SYMBOL, e.g. okx:BTC-USDT")
    String instrument;

    @Option(names = "--side", defaultValue = "buy", description = "buy or sell (default: ${DEFAULT-VALUE})")
    String side;

    @Option(names = "--notional", defaultValue = "100000",
            description = "The parent order's size in quote currency (default: ${DEFAULT-VALUE})")
    double notional;

    @Option(names = "--horizon", defaultValue = "60s", description = "Time to complete it (default: ${DEFAULT-VALUE})")
    Duration horizon;

    @Option(names = "--slices", defaultValue = "12", description = "Child orders (default: ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--risk-aversion", defaultValue = "1e-7",
            description = "Almgren-Chriss lambda, per unit of quote currency (the weight of the cost's variance "
                    + "against its mean); 0 gives the TWAP. The report prints kappa*T: about 1-3 trades moderately "
                    + "front-loaded, above 10 nearly all at once (default: ${DEFAULT-VALUE})")
    double riskAversion;

    @Option(names = "--save-params", paramLabel = "FILE",
            description = "Also save the instrument's estimated parameters to this properties file (other "
                    + "instruments' stay), for run/demo --schedule ac --schedule-params FILE")
    java.nio.file.Path saveParams;

    @Override
    public Integer call() throws Exception {
        boolean buy = switch (side.toLowerCase(java.util.Locale.ROOT)) {
            case "buy" -> true;
            case "sell" -> false;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--side must be buy or sell, got " + side);
        };
        if (horizon.toMillis() < 1000L * slices) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--horizon " + horizon.toSeconds()
                    + " s is shorter than one second per slice (" + slices + "): the books are recorded per second");
        }
        SqlRunner sql = new SqlRunner(tables.output());
        System.err.println("schedule: estimating the impact, volatility and spread of " + instrument
                + " from the slippage, volatility and book_top10_1s tables");
        ExecutionPlanner.Parameters parameters = ExecutionPlanner.parameters(sql, instrument);
        System.out.print(parameters.slippage().describe());
        System.out.print(parameters.describe());
        if (saveParams != null) {
            io.orderflow.execution.schedule.AcParameters.save(saveParams, instrument, parameters.acParameters(),
                    "Almgren-Chriss parameters estimated by orderflow schedule from " + tables.warehouse);
            System.err.println("schedule: saved the parameters of " + instrument + " to " + saveParams);
        }
        ExecutionPlanner.Plan plan = ExecutionPlanner.plan(parameters, buy, notional, horizon.toMillis() / 1000.0,
                slices, riskAversion);
        System.err.println("schedule: replaying the schedule and a TWAP on the recorded books");
        System.out.print(ExecutionPlanner.backtest(sql, parameters, plan).describe());
        return 0;
    }
}
