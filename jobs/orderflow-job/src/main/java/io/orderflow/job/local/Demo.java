package io.orderflow.job.local;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.connector.websocket.WebSocketSourceBuilder;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.SimulatedMarket;
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
 * The offline demo: one local exchange per venue on loopback, each speaking that venue's own protocol over a
 * simulated market with BTC and ETH under the venue's own symbols (10 steps a second of market time, {@code speed}
 * times faster than real time). Each market carries planted truth for the signals to find: ETH follows BTC with
 * beta {@value #PLANTED_BETA} after {@value #PLANTED_LAG_STEPS} steps, the touch leans towards the next move, and
 * every 30 s liquidity is withdrawn for 1 s before 3 s of 5× volatility. The venues' markets are independent of
 * each other, so cross-venue pairs should show no lead. The job connects to all of them over real WebSockets (and REST where the venue
 * seeds books from REST) and writes every table. Ends by itself when the markets close.
 */
public final class Demo {
    /** A venue in the demo, its spelling of BTC and ETH, and their tick sizes there. */
    public record DemoVenue(String venueId, String btc, String eth, String btcTick, String ethTick) {
        public DemoVenue(String venueId, String btc, String eth) {
            this(venueId, btc, eth, "0.1", "0.01");
        }

        /** BTC and ETH as the venue's own package spells them ({@link io.orderflow.venue.Venue#majors()}). */
        public static DemoVenue of(String venueId) {
            io.orderflow.venue.Venue.Majors m = io.orderflow.venue.Venues.byId(venueId).majors();
            return new DemoVenue(venueId, m.btc(), m.eth(), m.btcTick(), m.ethTick());
        }
    }

    /** One of each venue orderflow speaks (Gemini by its v2 feed, Binance spot and USD-M), BTC and ETH on each. */
    public static final List<DemoVenue> ALL_VENUES = java.util.stream.Stream.of("binance-spot", "binance-usdm", "okx",
            "kraken-futures", "gemini", "woox", "goquant-okx").map(DemoVenue::of).toList();

    /** Planted truth of every demo market: ETH follows BTC with this beta ... */
    public static final double PLANTED_BETA = 0.8;
    /** ... this many 100 ms steps later (BTC leads by 500 ms). */
    public static final int PLANTED_LAG_STEPS = 5;

    /** What the demo ran and wrote. */
    /** What a run did; {@code verdict} is null for an ingest into Kafka (no data_quality table to judge by). */
    public record Summary(long framesSent, long snapshotsServed, Map<String, Long> committedRows, long wallMillis,
            DemoVerdict verdict) {}

    private final IcebergOutput output;
    private final int seconds;
    private final double speed;
    private final JobSettings settings;
    private final PrintStream console;

    private final List<DemoVenue> venues;
    private boolean chaos;
    private String behindVenue;
    private Duration behindHold;
    private boolean recordTruth;
    /** The venues' exchanges of the last run, kept (closed) for their recorded truth. */
    private final Map<String, LocalExchange> ran = new java.util.concurrent.ConcurrentHashMap<>();
    private org.apache.flink.api.connector.sink2.Sink<io.orderflow.model.MarketEvent> kafka;

    /**
     * Writes the simulated venues' events to Kafka (the ingest job) instead of running the analytics: the
     * simulated market for {@code run --kafka} on a cluster, as in docker-compose.yml.
     */
    public Demo ingestTo(org.apache.flink.api.connector.sink2.Sink<io.orderflow.model.MarketEvent> sink) {
        this.kafka = sink;
        return this;
    }

    /**
     * Makes every local exchange misbehave: 1% of frames dropped, duplicated, reordered, and 0.5% cut short; all
     * of them silent for 3 s a third of the way in; every connection closed every half run. The source gets a 2 s
     * stall limit and a budget of 3 reconnects per 10 s, so each of its defences shows in {@code data_quality}.
     */
    public Demo withChaos() {
        this.chaos = true;
        return this;
    }

    /**
     * Makes one venue's exchange fall behind a third of the way in: it holds every frame for {@code hold}, then
     * sends them all at once ({@link io.orderflow.exchange.Faults#hold}). Held longer than the source's idleness
     * (5 s by default), the venue stops holding back event time, the other venues' windows close, and its backlog
     * comes late: its windows are written without it, and LATE_EVENT rows in {@code data_quality} name them.
     */
    public Demo withVenueFallingBehind(String venueId, Duration hold) {
        if (venues.stream().noneMatch(v -> v.venueId().equals(venueId))) {
            throw new IllegalArgumentException("--fall-behind names venue '" + venueId + "', which the demo does not "
                    + "run; it runs " + venues.stream().map(DemoVenue::venueId).toList());
        }
        if (hold.isNegative() || hold.isZero() || hold.toMillis() * 2 >= seconds * 1000L) {
            throw new IllegalArgumentException("--fall-behind holds a venue for more than 0 s and less than half the "
                    + "run (" + seconds + " s), got " + hold);
        }
        this.behindVenue = venueId;
        this.behindHold = hold;
        return this;
    }

    /**
     * Has every local exchange remember its market's true book at every step and sequence (memory grows with the
     * run: for tests), read after the run with {@link #trueTopAt} and {@link #trueTopAtSequence}.
     */
    public Demo recordingTruth() {
        this.recordTruth = true;
        return this;
    }

    /** The true book of a venue's symbol at market time {@code timeMs} ({@link LocalExchange#truthAt}). */
    public long[][] trueTopAt(String venueId, String symbol, long timeMs) {
        return exchangeOf(venueId).truthAt(symbol, timeMs);
    }

    /** The true book right after the step that left the symbol's sequence at {@code sequence}. */
    public long[][] trueTopAtSequence(String venueId, String symbol, long sequence) {
        return exchangeOf(venueId).truth(symbol, sequence);
    }

    /** Market time of the last step of a venue's symbol ({@link LocalExchange#lastStepTime}). */
    public Long lastStepTime(String venueId, String symbol) {
        return exchangeOf(venueId).lastStepTime(symbol);
    }

    /** Levels a side the venue shows its clients: the most of the true book any client can know. */
    public int visibleLevels(String venueId) {
        return exchangeOf(venueId).visibleLevels();
    }

    private LocalExchange exchangeOf(String venueId) {
        LocalExchange e = ran.get(venueId);
        if (e == null || !recordTruth) {
            throw new IllegalStateException("no truth recorded for " + venueId + ": run with recordingTruth()");
        }
        return e;
    }

    public Demo(IcebergOutput output, int seconds, double speed, JobSettings settings, PrintStream console) {
        this(output, seconds, speed, settings, console, ALL_VENUES);
    }

    public Demo(IcebergOutput output, int seconds, double speed, JobSettings settings, PrintStream console,
            List<DemoVenue> venues) {
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
        this.venues = List.copyOf(venues);
    }

    /**
     * Unless pairs were chosen, the demo trades ETH against BTC on every venue, after a 30 s warm-up instead of 2
     * minutes: its markets last minutes.
     */
    private JobSettings withDemoPairTrades(JobSettings chosen) {
        if (!chosen.trading().pairTrades().isEmpty()) {
            return chosen;
        }
        List<io.orderflow.execution.state.PairLegs> legs = new ArrayList<>();
        for (DemoVenue v : venues) {
            legs.add(new io.orderflow.execution.state.PairLegs(v.venueId(), v.eth(), v.btc()));
        }
        return chosen.withPairTrades(chosen.trading().pairStrategy().withWarmup(30), legs);
    }

    public Summary run(Supplier<StreamExecutionEnvironment> environment) throws Exception {
        long steps = (long) (seconds * speed * 10); // 100 ms of market time per step
        long start = System.currentTimeMillis();
        List<LocalExchange> exchanges = new ArrayList<>();
        ran.clear();
        try {
            WebSocketSourceBuilder source = WebSocketSource.builder().finishOnServerClose(true)
                    .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
            if (chaos) {
                source.stallTimeout(Duration.ofSeconds(2)).maxReconnects(3, Duration.ofSeconds(10))
                        .snapshotTimeout(Duration.ofSeconds(2));
            }
            long seed = 7;
            for (DemoVenue v : venues) {
                SimulatedMarket market = new SimulatedMarket(
                        SimulatedMarket.btcLeadsEth(v.btc(), v.eth(), PLANTED_BETA, PLANTED_LAG_STEPS, v.btcTick(),
                                v.ethTick()), start, 100,
                        steps, 0.0002, seed++).withStress(SimulatedMarket.Stress.every30Seconds());
                LocalExchange exchange = recordTruth ? LocalExchange.simulatedWithTruth(v.venueId(), market, speed, 20)
                        : LocalExchange.simulated(v.venueId(), market, speed, 20);
                exchanges.add(exchange);
                ran.put(v.venueId(), exchange);
                if (chaos) {
                    exchange.faults().rates(0.01, 0.01, 0.01, 0.005);
                    exchange.closeEvery(Duration.ofMillis(seconds * 500L));
                }
                source.venue(v.venueId(), List.of(v.btc(), v.eth()),
                        new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()));
                console.printf("local exchange %-15s ws %s  rest %s%n", v.venueId(), exchange.webSocketBase(),
                        exchange.restBase());
            }
            JobSettings chosen = settings;
            if (chosen.trading().execution() != null && chosen.trading().execution().instruments().isEmpty()) {
                // the venue account's order rules for the demo's symbols on that venue, read before the job starts
                String traded = chosen.trading().execution().venue();
                List<String> symbols = venues.stream().filter(v -> v.venueId().equals(traded))
                        .flatMap(v -> java.util.stream.Stream.of(v.btc(), v.eth())).toList();
                chosen = chosen.withExecution(chosen.trading().execution().withInstruments(symbols, null));
            }
            StreamExecutionEnvironment env = environment.get();
            if (kafka != null) {
                new io.orderflow.job.IngestJob(source.build(), kafka, settings.sink().checkpointInterval()).build(env);
            } else {
                new OrderflowJob(source.build(), output, withDemoPairTrades(chosen)).build(env);
            }
            JobClient job = env.executeAsync(kafka != null ? "orderflow demo ingest" : "orderflow demo");
            java.util.concurrent.ScheduledExecutorService faults =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "demo-faults");
                        t.setDaemon(true);
                        return t;
                    });
            if (chaos) {
                faults.schedule(() -> exchanges.forEach(e -> e.faults().silence(Duration.ofSeconds(3))),
                        seconds * 333L, TimeUnit.MILLISECONDS);
            }
            if (behindVenue != null) {
                faults.schedule(() -> ran.get(behindVenue).faults().hold(behindHold), seconds * 333L,
                        TimeUnit.MILLISECONDS);
            }
            faults.shutdown(); // runs what it was given, then its thread ends
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
                    Object inSync = RunProgress.accumulator(job, OrderBookFunction.BOOKS_IN_SYNC);
                    long rows = kafka != null ? 0
                            : output.committedRows().values().stream().mapToLong(Long::longValue).sum();
                    console.printf(Locale.ROOT, "[%3ds] %,8.0f msgs/s  %,9d msgs  books in sync: %s  rows committed: %,d%n",
                            (System.currentTimeMillis() - start) / 1000, rate, frames, inSync, rows);
                }
            }
            job.getJobExecutionResult().get();
            return new Summary(exchanges.stream().mapToLong(LocalExchange::framesSent).sum(),
                    exchanges.stream().mapToLong(LocalExchange::snapshotsServed).sum(),
                    kafka != null ? Map.of() : output.committedRows(),
                    System.currentTimeMillis() - start, kafka != null ? null : verdict(output, behindVenue));
        } finally {
            exchanges.forEach(LocalExchange::close);
        }
    }

    /** The run's verdict from its data_quality rows and the machine's load now. */
    static DemoVerdict verdict(io.orderflow.job.iceberg.IcebergOutput output, String heldVenue) {
        Map<String, Long> byKind = new java.util.HashMap<>();
        List<String> behind = new java.util.ArrayList<>();
        org.apache.iceberg.catalog.Catalog catalog = output.catalogLoader().loadCatalog();
        var id = output.identifier(io.orderflow.job.iceberg.OrderflowTables.DATA_QUALITY);
        try (var closing = catalog instanceof java.io.Closeable c ? c : null) {
            var rows = catalog.tableExists(id) ? org.apache.iceberg.data.IcebergGenerics.read(catalog.loadTable(id))
                    .select("kind", "venue", "detail").build() : org.apache.iceberg.io.CloseableIterable
                            .<org.apache.iceberg.data.Record>empty();
            try (rows) {
                for (org.apache.iceberg.data.Record r : rows) {
                    String kind = (String) r.getField("kind");
                    byKind.merge("LATE_EVENT".equals(kind) && heldVenue != null && heldVenue.equals(r.getField("venue"))
                            ? DemoVerdict.HELD_LATE_EVENT : kind, 1L, Long::sum);
                    if ("FALLING_BEHIND".equals(kind)) {
                        behind.add((String) r.getField("detail"));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return DemoVerdict.of(byKind, behind, heldVenue, os.getSystemLoadAverage(), os.getAvailableProcessors());
    }
}
