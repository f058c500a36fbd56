package io.orderflow.job;

import io.orderflow.execution.strategy.MidPredictorStrategy;
import io.orderflow.job.local.Demo;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.model.Decimals;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of the demo job (12 s at 6x: 72 s of market on every venue, 10 s windows), shared by the ITCases that
 * check what it wrote, so the suite pays for it once. The warehouse lives under target/.
 */
final class DemoRun {
    private static DemoRun instance;

    final IcebergOutput output;
    final Demo demo;
    final Demo.Summary summary;
    final SqlRunner sql;
    final Path warehouse;

    private DemoRun() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-demo")).resolve("warehouse-" + System.nanoTime());
        warehouse = dir;
        output = new IcebergOutput(dir.toString(), "orderflow");
        // the mid predictor with a 2 USDT stop and a shorter warm-up, so 72 s of market show its whole cycle
        JobSettings settings = JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1))
                .withPnlInterval(Duration.ofSeconds(10))
                .withVolatilityWindow(Duration.ofSeconds(10))
                .withMidPredictor(new MidPredictorStrategy(10, 1.0, 2_000, Decimals.parse("0.001"), 2,
                        new BigDecimal("2"), 3, 20, 0.995));
        // the exchanges record their true books, for the oracle checks of depth and slippage
        demo = new Demo(output, 12, 6, settings, System.out).recordingTruth();
        summary = demo.run(() -> {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            return env;
        });
        sql = new SqlRunner(output);
    }

    /**
     * The seconds whose per-second rows an instrument wrote before a late book message arrived (LATE_EVENT rows):
     * comparisons against a replay by event time skip them, as a user of the tables would.
     */
    boolean lateSecond(String instrument, long second) throws Exception {
        if (late == null) {
            late = new java.util.HashMap<>();
            java.util.regex.Pattern range = java.util.regex.Pattern.compile("seconds (-?\\d+)\\.\\.(-?\\d+)");
            for (org.apache.flink.types.Row r : sql.query(
                    "SELECT venue, symbol, detail FROM data_quality WHERE kind = 'LATE_EVENT'")) {
                java.util.regex.Matcher m = range.matcher((String) r.getField("detail"));
                if (m.find()) {
                    late.computeIfAbsent(r.getField("venue") + ":" + r.getField("symbol"),
                            k -> new java.util.ArrayList<>())
                            .add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
            }
        }
        for (long[] span : late.getOrDefault(instrument, java.util.List.of())) {
            if (second >= span[0] - 1 && second <= span[1] + 1) {
                return true;
            }
        }
        return false;
    }

    private java.util.Map<String, java.util.List<long[]>> late;

    static synchronized DemoRun get() throws Exception {
        if (instance == null) {
            instance = new DemoRun();
        }
        return instance;
    }
}
