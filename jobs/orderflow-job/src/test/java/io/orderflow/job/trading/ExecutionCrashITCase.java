package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.exchange.trading.MockBinanceFutures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's venue trading operator fails while an order's acknowledgement is still on its way, restarts from its
 * checkpoint (where the order is sent but not acknowledged), sends it again, and the venue (a strict local mock)
 * still holds exactly one order per decision: the second send met its duplicate-id refusal.
 */
class ExecutionCrashITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    private static final int ORDERS = 6;

    @Test
    void aRestartBetweenSendAndAcknowledgementPlacesNothingTwice(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "crash-test-key");
        Path secret = Files.writeString(dir.resolve("secret"), "crash-test-secret-0123456789abcdef");
        MockBinanceFutures venue = new MockBinanceFutures("crash-test-key", "crash-test-secret-0123456789abcdef", 100);
        try {
            VenueConnection connection = new VenueConnection("binance-usdm", venue.restBase(), venue.webSocketBase(), "CRASHTEST",
                    Map.of("CRASHTEST_API_KEY_FILE", key.toString(), "CRASHTEST_API_SECRET_FILE", secret.toString()),
                    Duration.ofSeconds(5))
                    .withInstruments(java.util.List.of("BTCUSDT"), null);

            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);

            FAILED_ONCE.set(false);
            venue.holdAnswerOf(id(1), Duration.ofMillis(1_500)); // order 1's acknowledgement comes late
            DataStream<RowData> outcomes = ScriptedTrading.trade(ScriptedTrading.books(env, 60, 50),
                    new ScriptedTrading.Decisions("ofcrash", ORDERS, -1), connection);
            // the job dies when order 1's acknowledgement arrives: checkpoints taken while it was in flight hold it
            // as sent but not acknowledged
            DataStream<String> outcomeIds = outcomes.map(r -> {
                String id = r.getString(0).toString();
                String status = r.getString(10).toString();
                if (id.equals(id(1)) && status.equals("ACKED") && FAILED_ONCE.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated crash as order 1's acknowledgement arrives");
                }
                return id + "=" + status + (status.equals("REJECTED") ? ":" + r.getString(11) : "");
            }, Types.STRING);

            List<String> acked = new ArrayList<>();
            try (CloseableIterator<String> it = outcomeIds.executeAndCollect("execution crash test")) {
                it.forEachRemaining(acked::add);
            }
            assertThat(FAILED_ONCE).as("the crash happened").isTrue();
            assertThat(venue.duplicatesRefused()).as("the in-flight order was sent again after the restore")
                    .isPositive();
            Map<String, Integer> held = new HashMap<>();
            venue.orders().forEach(o -> held.merge(o.clientOrderId(), 1, Integer::sum));
            assertThat(held).as("venue orders; outcomes %s", acked).hasSize(ORDERS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            assertThat(acked).as("every decision acknowledged").contains(
                    java.util.stream.IntStream.range(0, ORDERS).mapToObj(n -> id(n) + "=ACKED").toArray(String[]::new));
        } finally {
            venue.close();
        }
    }

    private static String id(long n) {
        return "ofcrash" + n;
    }

}
