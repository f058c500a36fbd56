package io.orderflow.job.trading;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.exchange.trading.MockBinanceFutures;
import io.orderflow.exchange.trading.MockKrakenFutures;
import io.orderflow.exchange.trading.MockOkx;
import io.orderflow.exchange.trading.MockVenue;
import io.orderflow.job.JobSettings;
import io.orderflow.job.TestClusters;
import io.orderflow.job.local.Demo;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
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
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The job trading the demo market on a venue account instead of paper, on each venue's strict mock (its documented
 * filters, modes, clock and duplicate scope): every order the strategies send is accepted (no tick, lot, minimum,
 * mode or clock refusal), the mock's matching (a test thread executing resting orders) reports fills on the private
 * stream, and those fills, once each, become the {@code fills} rows, whose sum is the venue's position.
 */
class VenueExecutionITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    private static final String KEY = "venue-test-key";
    private static final String SECRET = "VENUETESTSECRET0123456789abcdef";
    private static final String KRAKEN_SECRET =
            "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";

    /** Every strategy on one account: the venue nets them, so their exits go as plain orders, not reduce-only. */
    static Stream<Arguments> venues() {
        List<String> all = JobSettings.STRATEGY_NAMES;
        return Stream.of(Arguments.of("binance-usdm", Demo.ALL_VENUES.get(1), all),
                Arguments.of("okx spot", Demo.ALL_VENUES.get(2), all),
                Arguments.of("okx swap", new Demo.DemoVenue("okx", "BTC-USDT-SWAP", "ETH-USDT-SWAP"), all),
                Arguments.of("kraken-futures inverse", Demo.ALL_VENUES.get(3), all));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void strategiesTradeOnTheVenueWithNoRefusalAndItsFillsComeBackOnceIntoPositions(String name, Demo.DemoVenue demo,
            List<String> strategies, @TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key"), KEY);
        boolean kraken = demo.venueId().equals("kraken-futures");
        Path secret = Files.writeString(dir.resolve("secret"), kraken ? KRAKEN_SECRET : SECRET);
        Path pass = Files.writeString(dir.resolve("pass"), "venue-test-pass");
        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        ScheduledExecutorService matcher = Executors.newSingleThreadScheduledExecutor();
        MockVenue venue = switch (demo.venueId()) {
            case "binance-usdm" -> new MockBinanceFutures(KEY, SECRET, 200);
            case "okx" -> new MockOkx(KEY, SECRET, "venue-test-pass", 200);
            default -> new MockKrakenFutures(KEY, KRAKEN_SECRET, 200);
        };
        try (venue) {
            VenueConnection connection = new VenueConnection(demo.venueId(),
                    kraken ? venue.restBase() + "/derivatives" : venue.restBase(), venue.webSocketBase(), "VENUETEST",
                    Map.of("VENUETEST_API_KEY_FILE", key.toString(), "VENUETEST_API_SECRET_FILE", secret.toString(),
                            "VENUETEST_API_PASSPHRASE_FILE", pass.toString()), Duration.ofSeconds(5));
            // the venue's matching: two of every three working orders execute in two halves (maker), the third
            // stays for the strategy to cancel; halves of whole contracts where the venue counts them so
            long step = kraken ? Decimals.UNIT : 1;
            matcher.scheduleWithFixedDelay(() -> {
                for (MockVenue.WorkingOrder o : venue.workingOrders()) {
                    if (Math.floorMod(o.clientOrderId().hashCode(), 3) == 0) {
                        continue;
                    }
                    long part = o.partlyFilled() ? o.remaining() : Math.max(o.remaining() / 2 / step * step, step);
                    try {
                        venue.fill(o.clientOrderId(), o.price(), Decimals.toPlainString(Math.min(part, o.remaining())),
                                true);
                    } catch (IllegalArgumentException cancelledMeanwhile) {
                        // the strategy cancelled it between the listing and the fill
                    }
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            new Demo(output, 12, 6, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1))
                    .withPnlInterval(Duration.ofSeconds(10)).withStrategies(strategies)
                    .withExecution(connection), System.out, List.of(demo)).run(() -> {
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                        env.setParallelism(2);
                        return env;
                    });
            matcher.shutdownNow();

            SqlRunner sql = new SqlRunner(output);
            List<Row> orders = sql.query("SELECT client_order_id, venue, status, reason FROM orders");
            assertThat(orders).isNotEmpty().allSatisfy(o -> assertThat(o.getField("venue")).isEqualTo(demo.venueId()));
            assertThat(orders).as("orders: %s", orders).filteredOn(o -> "ACKED".equals(o.getField("status")))
                    .isNotEmpty().allSatisfy(o -> assertThat((String) o.getField("reason")).startsWith("venue order "));
            assertThat(orders).as("statuses %s; trades %s", orders.stream().map(o -> o.getField("status") + " "
                    + o.getField("reason")).toList(), venue.trades().size())
                    .filteredOn(o -> "FILLED".equals(o.getField("status"))).isNotEmpty();
            // every refusal is the job's own (risk or instrument rules, never sent); the venue refused nothing
            assertThat(orders).filteredOn(o -> "REJECTED".equals(o.getField("status")))
                    .allSatisfy(o -> assertThat((String) o.getField("reason")).startsWith("risk: "));
            assertThat(venue.ruleRejections()).as("tick, lot, minimum or mode refusals").isZero();
            assertThat(venue.badSignatures()).isZero();
            assertThat(venue.duplicatesRefused()).as("no restart, no resend").isZero();
            assertThat(venue.deadMansSwitchesArmed()).as("the job armed the venue's dead man's switch").isPositive();

            // every fill row is one of the venue's executions, each once, with the venue's numbers in base units
            Map<String, Instrument> instruments = new HashMap<>();
            connection.withInstruments(List.of(demo.btc(), demo.eth()), null).instruments().all()
                    .forEach(i -> instruments.put(i.symbol(), i));
            Map<String, MockVenue.Trade> trades = new HashMap<>();
            venue.trades().forEach(t -> trades.put(t.tradeId(), t));
            List<Row> fills = sql.query("SELECT fill_id, client_order_id, strategy, symbol, side, price, quantity, fee, "
                    + "maker FROM fills");
            assertThat(fills).hasSizeGreaterThanOrEqualTo(4);
            assertThat(fills).extracting(r -> r.getField("fill_id")).doesNotHaveDuplicates();
            Map<String, BigDecimal> net = new HashMap<>();
            Map<String, Long> venueUnits = new HashMap<>();
            for (Row f : fills) {
                MockVenue.Trade t = trades.get((String) f.getField("fill_id"));
                assertThat(t).as("venue execution for fill %s", f).isNotNull();
                Instrument i = instruments.get(t.symbol());
                assertThat(f.getField("client_order_id")).isEqualTo(t.clientOrderId());
                assertThat(((BigDecimal) f.getField("price")).compareTo(BigDecimal.valueOf(t.price(), 8))).isZero();
                assertThat(Decimals.fromBigDecimal((BigDecimal) f.getField("quantity")))
                        .isEqualTo(i.toBaseSize(t.quantity(), t.price()));
                // inverse contracts pay their fee in BTC: booked at the fill price, as the venue charged it
                BigDecimal fee = i.kind() != Instrument.Kind.INVERSE ? BigDecimal.valueOf(t.fee(), 8)
                        : BigDecimal.valueOf(t.fee(), 8).divide(BigDecimal.valueOf(t.price(), 8), 8,
                                java.math.RoundingMode.HALF_EVEN).multiply(BigDecimal.valueOf(t.price(), 8))
                                .setScale(8, java.math.RoundingMode.HALF_EVEN);
                assertThat(((BigDecimal) f.getField("fee")).compareTo(fee)).as("fee of %s", t).isZero();
                assertThat(f.getField("maker")).isEqualTo(t.maker());
                BigDecimal signed = ((BigDecimal) f.getField("quantity"))
                        .multiply(BigDecimal.valueOf("BUY".equals(f.getField("side")) ? 1 : -1));
                net.merge(f.getField("symbol") + "/" + f.getField("strategy"), signed, BigDecimal::add);
                venueUnits.merge(t.symbol(), ("BUY".equals(f.getField("side")) ? 1 : -1) * i.toVenueSize(
                        Decimals.fromBigDecimal((BigDecimal) f.getField("quantity")), t.price()), Long::sum);
            }
            // an execution the job did not book can only be one of the last (a market order sent as the job ended)
            long lastBooked = fills.stream().mapToLong(f -> trades.get((String) f.getField("fill_id")).timeMs()).max()
                    .orElseThrow();
            java.util.Set<Object> booked = new java.util.HashSet<>();
            fills.forEach(f -> booked.add(f.getField("fill_id")));
            for (MockVenue.Trade t : trades.values()) {
                if (!booked.contains(t.tradeId())) {
                    assertThat(t.timeMs()).as("execution %s missed by the job", t).isGreaterThanOrEqualTo(lastBooked);
                    venueUnits.merge(t.symbol(), (t.side() == io.orderflow.model.Side.BUY ? 1 : -1) * t.quantity(),
                            Long::sum);
                }
            }
            // the venue's positions are the sums of the fills the job booked (in the venue's unit: contracts)
            Map<String, Long> held = new HashMap<>();
            venue.positions().forEach(p -> held.put(p.symbol(), p.quantity()));
            venueUnits.forEach((symbol, units) -> assertThat(held.getOrDefault(symbol, 0L)).as(symbol)
                    .isEqualTo(units));
            assertThat(sql.query("SELECT * FROM pnl")).as("PnL marked from the venue's fills").isNotEmpty();
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
