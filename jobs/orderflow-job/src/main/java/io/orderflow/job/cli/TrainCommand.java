package io.orderflow.job.cli;

import io.orderflow.job.offline.ModelTrainer;
import io.orderflow.job.offline.SqlRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the mid-predictor model from book_top10_1s (offline least squares on the same "
                + "features live trading uses) and write the model file that run and demo load with --model.")
final class TrainCommand implements Callable<Integer> {
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
        io.orderflow.execution.strategy.MidPredictorModel model = ModelTrainer.train(samples, horizon);
        model.write(out);
        System.out.printf(java.util.Locale.ROOT, "trained on %,d samples (%d s ahead); coefficients %s%nmodel %s%n",
                model.samples(), horizon, java.util.Arrays.toString(model.coefficients()), out.toAbsolutePath());
        return 0;
    }
}
