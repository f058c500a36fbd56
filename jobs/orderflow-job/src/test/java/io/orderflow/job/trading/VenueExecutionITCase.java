package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.exchange.trading.MockBinanceFutures;
import io.orderflow.job.JobSettings;
import io.orderflow.job.cli.Demo;
import io.orderflow.job.cli.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.model.Decimals;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job trading on a venue account instead of paper: the strategies' orders go to a strict local mock of Binance
 * USD-M (signed REST, user data stream), the mock's matching (a test thread executing resting orders) reports
 * fills on the private stream, and those fills, once each, become the {@code fills} and {@code positions} rows
 * and the strategies' positions.
 */
class VenueExecutionITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4)
                    .build());

    private static final String KEY = "venue-test-key";
    private static final String SECRET = "venue-test-secret-0123456789abcdef";

    @Test
    void strategiesTradeOnTheVenueAndItsFillsComeBackOnceIntoPositions(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key"), KEY);
        Path secret = Files.writeString(dir.resolve("secret"), SECRET);
        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        ScheduledExecutorService matcher = Executors.newSingleThreadScheduledExecutor();
        try (MockBinanceFutures venue = new MockBinanceFutures(KEY, SECRET, 200)) {
            VenueConnection connection = new VenueConnection("binance-usdm", venue.restBase(), venue.webSocketBase(),
                    "VENUETEST", Map.of("VENUETEST_API_KEY_FILE", key.toString(), "VENUETEST_API_SECRET_FILE",
                            secret.toString()), Duration.ofSeconds(5));
            // the venue's matching: two of every three working orders execute in two halves (maker), the third
            // stays for the strategy to cancel
            matcher.scheduleWithFixedDelay(() -> {
                for (MockBinanceFutures.HeldOrder o : venue.orders()) {
                    boolean working = o.status().equals("NEW") || o.status().equals("PARTIALLY_FILLED");
                    if (working && o.orderId() % 3 != 0 && !o.type().equals("MARKET")) {
                        long left = Decimals.parse(o.quantity()) - Decimals.parse(o.executedQty());
                        long part = o.status().equals("NEW") ? Math.max(left / 2, 1) : left;
                        try {
                            venue.fill(o.clientOrderId(), o.price(), Decimals.toPlainString(part), true);
                        } catch (IllegalArgumentException cancelledMeanwhile) {
                            // the strategy cancelled it between the listing and the fill
                        }
                    }
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            new Demo(output, 12, 6, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1))
                    .withPnlInterval(Duration.ofSeconds(10))
                    .withExecution(connection), System.out, List.of(Demo.ALL_VENUES.get(1))).run(() -> {
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                        env.setParallelism(2);
                        return env;
                    });
            matcher.shutdownNow();

            SqlRunner sql = new SqlRunner(output);
            List<Row> orders = sql.query("SELECT client_order_id, venue, status, reason FROM orders");
            assertThat(orders).isNotEmpty()
                    .allSatisfy(o -> assertThat(o.getField("venue")).isEqualTo("binance-usdm"));
            assertThat(orders).filteredOn(o -> "ACKED".equals(o.getField("status")))
                    .isNotEmpty().allSatisfy(o -> assertThat((String) o.getField("reason")).startsWith("venue order "));
            assertThat(orders).filteredOn(o -> "FILLED".equals(o.getField("status"))).isNotEmpty();
            assertThat(orders).filteredOn(o -> "CANCELLED".equals(o.getField("status"))).isNotEmpty();
            assertThat(venue.duplicatesRefused()).as("no restart, no resend").isZero();
            assertThat(venue.deadMansSwitchesArmed()).as("the job armed the venue's dead man's switch").isPositive();

            // every fill row is one of the venue's executions, each once, with the venue's numbers
            Map<String, io.orderflow.exchange.trading.MockVenue.Trade> trades = new HashMap<>();
            venue.trades().forEach(t -> trades.put(t.tradeId(), t));
            List<Row> fills = sql.query("SELECT fill_id, client_order_id, strategy, symbol, side, price, quantity, fee, "
                    + "maker FROM fills");
            assertThat(fills).hasSizeGreaterThanOrEqualTo(4);
            assertThat(fills).extracting(r -> r.getField("fill_id")).doesNotHaveDuplicates();
            Map<String, BigDecimal> net = new HashMap<>();
            for (Row f : fills) {
                io.orderflow.exchange.trading.MockVenue.Trade t = trades.get((String) f.getField("fill_id"));
                assertThat(t).as("venue execution for fill %s", f).isNotNull();
                assertThat(f.getField("client_order_id")).isEqualTo(t.clientOrderId());
                assertThat(((BigDecimal) f.getField("price")).compareTo(BigDecimal.valueOf(t.price(), 8))).isZero();
                assertThat(((BigDecimal) f.getField("quantity")).compareTo(BigDecimal.valueOf(t.quantity(), 8)))
                        .isZero();
                assertThat(((BigDecimal) f.getField("fee")).compareTo(BigDecimal.valueOf(t.fee(), 8))).isZero();
                // the matcher above fills resting orders as maker; a MARKET order (a stop-out) fills at once as taker
                assertThat(f.getField("maker")).isEqualTo(t.maker());
                BigDecimal signed = ((BigDecimal) f.getField("quantity"))
                        .multiply(BigDecimal.valueOf("BUY".equals(f.getField("side")) ? 1 : -1));
                net.merge(f.getField("symbol") + "/" + f.getField("strategy"), signed, BigDecimal::add);
            }
            assertThat(sql.query("SELECT * FROM pnl")).as("PnL marked once a minute from the venue's fills")
                    .isNotEmpty();
            // the strategies' positions are the sums of their venue fills
            List<Row> positions = sql.query("SELECT symbol, strategy, net_position FROM positions");
            net.forEach((k, sum) -> assertThat(positions).as("a position of %s at %s", k, sum).anySatisfy(p -> {
                assertThat(p.getField("symbol") + "/" + p.getField("strategy")).isEqualTo(k);
                assertThat(((BigDecimal) p.getField("net_position")).compareTo(sum)).isZero();
            }));
        } finally {
            matcher.shutdownNow();
        }
    }
}
