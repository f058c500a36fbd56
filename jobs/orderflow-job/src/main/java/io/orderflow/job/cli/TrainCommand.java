package io.orderflow.job.cli;

import io.orderflow.job.offline.ModelTrainer;
import io.orderflow.job.offline.SqlRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the mid-predictor model from book_top10_1s on the features live trading uses: least "
                + "squares and the lasso (lambda by purged walk-forward cross-validation), both scored out of sample "
                + "on the last fifth of the recording beside the naive imbalance sign; writes the chosen fit as "
                + "the model file that run and demo load with --model.")
final class TrainCommand implements Callable<Integer> {
    /** The command as parsed: its errors print where the command line's other errors do. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--horizon", defaultValue = "10", description = "Seconds ahead (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--instrument", description = "venue:SYMBOL to train on (default: every instrument, pooled)")
    String instrument;

    @Option(names = "--out", defaultValue = "mid-predictor.model",
            description = "Model file to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--fit", defaultValue = "lasso",
            description = "The fit written to the model file: ols or lasso (at the lambda chosen; "
                    + "default: ${DEFAULT-VALUE})")
    String fit;

    @Override
    public Integer call() throws Exception {
        ModelTrainer.Fit chosen = switch (fit.toLowerCase(java.util.Locale.ROOT)) {
            case "ols" -> ModelTrainer.Fit.OLS;
            case "lasso" -> ModelTrainer.Fit.LASSO;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--fit must be ols or lasso, got " + fit);
        };
        System.err.println("train: reading the samples (book_top10_1s, " + horizon + " s ahead)");
        ModelTrainer.Samples samples = ModelTrainer.samples(new SqlRunner(tables.output()), horizon, instrument);
        System.err.printf(java.util.Locale.ROOT, "train: choosing the lasso's lambda on %,d samples by walk-forward "
                + "cross-validation, then scoring both fits on the held-out end%n", samples.targets().size());
        ModelTrainer.Selection selection = ModelTrainer.select(samples, horizon);
        System.out.print(selection.describe(horizon));
        io.orderflow.execution.strategy.MidPredictorModel model =
                ModelTrainer.train(samples, horizon, chosen, selection.result().lambda());
        model.write(out);
        System.out.printf(java.util.Locale.ROOT, "wrote %s, refitted on all %,d samples: coefficients %s%nmodel %s%n",
                chosen.name(), model.samples(), java.util.Arrays.toString(model.coefficients()), out.toAbsolutePath());
        return 0;
    }
}
