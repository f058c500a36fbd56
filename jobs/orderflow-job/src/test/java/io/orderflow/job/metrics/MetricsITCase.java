package io.orderflow.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.JobSettings;
import io.orderflow.job.TestClusters;
import io.orderflow.job.local.Demo;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's Flink metrics, read from a metric reporter after a short demo and checked against the tables the same
 * run wrote: messages per instrument, books in sync per venue, orders and risk rejections per strategy, and the
 * tick-to-order latency histogram.
 */
class MetricsITCase {
    static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4, REPORTER.addToConfiguration(new Configuration()));

    /** Every metric whose identifier ends with {@code suffix}, across subtasks. */
    private static List<Metric> metrics(String suffix) {
        List<Metric> found = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : REPORTER.getMetricsByGroup().entrySet()) {
            for (Map.Entry<String, Metric> m : g.getValue().entrySet()) {
                if (g.getKey().getMetricIdentifier(m.getKey()).endsWith(suffix)) {
                    found.add(m.getValue());
                }
            }
        }
        return found;
    }

    private static long counted(String suffix) {
        return metrics(suffix).stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    @Test
    void venueInstrumentAndStrategyMetricsAgreeWithTheTables(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.toString(), "orderflow");
        new Demo(output, 8, 6, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1)), System.out,
                List.of(Demo.ALL_VENUES.get(0), Demo.ALL_VENUES.get(2))).run(() -> {
                    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                    env.setParallelism(2);
                    return env;
                });
        SqlRunner sql = new SqlRunner(output);

        long bookMessages = (Long) sql.query("SELECT COUNT(*) FROM book_updates WHERE venue = 'okx' AND symbol = "
                + "'BTC-USDT'").get(0).getField(0);
        assertThat(counted(".venue.okx.instrument.BTC-USDT.messages")).as("book messages counted")
                .isEqualTo(bookMessages).isPositive();
        assertThat(metrics(".venue.okx.instrument.BTC-USDT.messagesPerSecond")).singleElement()
                .satisfies(m -> assertThat(((Meter) m).getCount()).isEqualTo(bookMessages));
        assertThat(metrics(".venue.binance-spot.instrument.ETHUSDT.inSync")).singleElement()
                .satisfies(m -> assertThat(((Gauge<?>) m).getValue()).isEqualTo(1));
        long inSync = metrics(".venue.okx.booksInSync").stream().mapToLong(m -> ((Number) ((Gauge<?>) m)
                .getValue()).longValue()).sum();
        assertThat(inSync).as("okx books in sync across subtasks").isEqualTo(2);
        assertThat(metrics(".venue.okx.instrument.ETH-USDT.gaps")).singleElement()
                .satisfies(m -> assertThat(((Counter) m).getCount()).isZero());
        // connection events carry no symbol, so one subtask sees all of okx's: every CONNECTED after its first
        // is a reconnect (none, unless the machine stalled the demo's connection)
        long connected = (Long) sql.query("SELECT COUNT(*) FROM data_quality WHERE venue = 'okx' AND kind = "
                + "'CONNECTED'").get(0).getField(0);
        assertThat(connected).as("okx connections opened").isPositive();
        assertThat(counted(".venue.okx.reconnects")).as("okx reconnects counted").isEqualTo(connected - 1);

        for (String strategy : List.of("imbalance", "mid-predictor")) {
            long accepted = (Long) sql.query("SELECT COUNT(*) FROM order_intents WHERE strategy = '" + strategy
                    + "' AND accepted").get(0).getField(0);
            long rejected = (Long) sql.query("SELECT COUNT(*) FROM risk_rejections WHERE strategy = '" + strategy
                    + "'").get(0).getField(0);
            assertThat(counted(".strategy." + strategy + ".orders")).as(strategy + " orders").isEqualTo(accepted)
                    .isPositive();
            assertThat(counted(".strategy." + strategy + ".riskRejections")).isEqualTo(rejected);
            long latencies = metrics(".strategy." + strategy + ".tickToOrderMicros").stream()
                    .mapToLong(m -> ((Histogram) m).getCount()).sum();
            assertThat(latencies).as("one latency per order").isEqualTo(accepted);
            assertThat(metrics(".strategy." + strategy + ".tickToOrderMicros")).allSatisfy(m -> {
                if (((Histogram) m).getCount() > 0) {
                    assertThat(((Histogram) m).getStatistics().getQuantile(0.5)).isPositive();
                }
            });
        }
    }
}
