package io.orderflow.job.cli;

import io.orderflow.job.JobSettings;
import io.orderflow.job.crosssection.PairSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The signals' windows and pairs, the strategies, how their entries are executed (--schedule) and the kill switch:
 * shared by the commands that run the job.
 */
final class SignalOptions {
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

    @Option(names = "--schedule", defaultValue = "none", description = "How entries are executed: none (each order "
            + "as the strategy decides it) or ac: entries of --schedule-above or more go on the Almgren-Chriss "
            + "trajectory in --schedule-slices market orders over --schedule-horizon, with the parameters of "
            + "--schedule-params; the strategy waits meanwhile (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--schedule-params", paramLabel = "FILE", description = "The instruments' Almgren-Chriss "
            + "parameters, estimated from the tables by: schedule --warehouse DIR --instrument VENUE:SYMBOL "
            + "--save-params FILE (needed by --schedule ac; instruments without them trade unscheduled)")
    Path scheduleParams;

    @Option(names = "--schedule-above", defaultValue = "10000",
            description = "Entries of at least this notional (quote) are scheduled (default: ${DEFAULT-VALUE})")
    double scheduleAbove;

    @Option(names = "--schedule-horizon", defaultValue = "10s",
            description = "Time to work a scheduled entry (default: ${DEFAULT-VALUE})")
    Duration scheduleHorizon;

    @Option(names = "--schedule-slices", defaultValue = "5",
            description = "Child orders of a scheduled entry (default: ${DEFAULT-VALUE})")
    int scheduleSlices;

    @Option(names = "--schedule-risk-aversion", defaultValue = "1e-7", description = "Almgren-Chriss lambda per "
            + "unit of quote currency: 0 is a TWAP, larger trades sooner (default: ${DEFAULT-VALUE})")
    double scheduleRiskAversion;

    JobSettings apply(JobSettings settings) {
        if (strategies != null) {
            settings = settings.withStrategies(strategies);
        }
        settings = withSchedule(settings);
        return withModel(settings.withVolatilityWindow(window).withPairs(new PairSettings(-maxLag.toMillis(),
                maxLag.toMillis(), lagStep.toMillis(), pairs == null ? List.of() : pairs))
                .withKillSwitchFile(killSwitch)
                .withPairTrades(settings.trading().pairStrategy(), pairTrades == null ? List.of()
                        : pairTrades.stream().map(io.orderflow.execution.state.PairLegs::parse).toList()));
    }

    private JobSettings withSchedule(JobSettings settings) {
        switch (schedule.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> {
                if (scheduleParams != null) {
                    throw new IllegalArgumentException("--schedule-params is used by --schedule ac only");
                }
                return settings;
            }
            case "ac" -> {
                if (scheduleParams == null) {
                    throw new IllegalArgumentException("--schedule ac needs --schedule-params FILE: estimate them "
                            + "with `schedule --warehouse DIR --instrument VENUE:SYMBOL --save-params FILE`");
                }
                return settings.withSchedule(new io.orderflow.execution.schedule.ExecutionSchedule(scheduleAbove,
                        scheduleHorizon, scheduleSlices, scheduleRiskAversion,
                        io.orderflow.execution.schedule.AcParameters.load(scheduleParams)));
            }
            default -> throw new IllegalArgumentException("--schedule must be none or ac, got " + schedule);
        }
    }

    private JobSettings withModel(JobSettings settings) {
        if (model == null) {
            return settings;
        }
        try {
            return settings.withMidPredictor(settings.trading().midPredictor().withModel(
                    io.orderflow.execution.strategy.MidPredictorModel.read(model)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the model " + model + " (" + e.getClass().getSimpleName()
                    + "): train one with `orderflow train`");
        }
    }
}
