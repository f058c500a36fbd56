package io.orderflow.job.cli;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.connector.websocket.WebSocketSourceBuilder;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.SimulatedBinanceMarket;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.book.OrderBookFunction;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.venue.VenueEndpoints;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The offline demo: local exchanges on loopback play simulated Binance spot and USD-M futures markets (BTCUSDT and
 * ETHUSDT each, 10 book updates a second of market time, {@code speed} times faster than real time); the job
 * connects to them over real WebSockets and REST, and writes every table. Ends by itself when the markets close.
 */
public final class Demo {
    /** What the demo ran and wrote. */
    public record Summary(long framesSent, long snapshotsServed, Map<String, Long> committedRows, long wallMillis) {}

    private final IcebergOutput output;
    private final int seconds;
    private final double speed;
    private final JobSettings settings;
    private final PrintStream console;

    public Demo(IcebergOutput output, int seconds, double speed, JobSettings settings, PrintStream console) {
        if (seconds < 5) {
            throw new IllegalArgumentException("--seconds must be at least 5, got " + seconds);
        }
        if (!(speed >= 1)) {
            throw new IllegalArgumentException("--speed must be at least 1, got " + speed);
        }
        this.output = output;
        this.seconds = seconds;
        this.speed = speed;
        this.settings = settings;
        this.console = console;
    }

    public Summary run(Supplier<StreamExecutionEnvironment> environment) throws Exception {
        long steps = (long) (seconds * speed * 10); // 100 ms of market time per step
        long start = System.currentTimeMillis();
        List<LocalExchange> exchanges = new ArrayList<>();
        try {
            WebSocketSourceBuilder source = WebSocketSource.builder().finishOnServerClose(true)
                    .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
            String[][] venues = {{"binance-spot", "false"}, {"binance-usdm", "true"}};
            long seed = 7;
            for (String[] v : venues) {
                SimulatedBinanceMarket market = new SimulatedBinanceMarket(SimulatedBinanceMarket.btcAndEth(),
                        Boolean.parseBoolean(v[1]), start, 100, steps, 0.0002, seed++);
                LocalExchange exchange = LocalExchange.start(market, speed, 20);
                exchanges.add(exchange);
                source.venue(v[0], List.of("BTCUSDT", "ETHUSDT"),
                        new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()));
                console.printf("local exchange %-13s ws %s  rest %s%n", v[0], exchange.webSocketBase(),
                        exchange.restBase());
            }
            StreamExecutionEnvironment env = environment.get();
            new OrderflowJob(source.build(), output, settings).build(env);
            JobClient job = env.executeAsync("orderflow demo");
            long lastFrames = 0;
            long lastTick = System.nanoTime();
            while (!job.getJobExecutionResult().isDone()) {
                try {
                    job.getJobExecutionResult().get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    long frames = exchanges.stream().mapToLong(LocalExchange::framesSent).sum();
                    long now = System.nanoTime();
                    double rate = (frames - lastFrames) * 1e9 / Math.max(1, now - lastTick);
                    lastFrames = frames;
                    lastTick = now;
                    Object inSync = accumulator(job, OrderBookFunction.BOOKS_IN_SYNC);
                    long rows = output.committedRows().values().stream().mapToLong(Long::longValue).sum();
                    console.printf(Locale.ROOT, "[%3ds] %,8.0f msgs/s  %,9d msgs  books in sync: %s  rows committed: %,d%n",
                            (System.currentTimeMillis() - start) / 1000, rate, frames, inSync, rows);
                }
            }
            job.getJobExecutionResult().get();
            return new Summary(exchanges.stream().mapToLong(LocalExchange::framesSent).sum(),
                    exchanges.stream().mapToLong(LocalExchange::snapshotsServed).sum(), output.committedRows(),
                    System.currentTimeMillis() - start);
        } finally {
            exchanges.forEach(LocalExchange::close);
        }
    }

    private static Object accumulator(JobClient job, String name) {
        try {
            Object v = job.getAccumulators().get(2, TimeUnit.SECONDS).get(name);
            return v == null ? "-" : v;
        } catch (Exception e) {
            return "-";
        }
    }
}
