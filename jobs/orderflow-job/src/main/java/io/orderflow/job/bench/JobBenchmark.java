package io.orderflow.job.bench;

import io.orderflow.job.DecisionOrder;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.TableOutput;
import io.orderflow.job.metrics.LatencyHistogram;
import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.flink.types.MarketEventSerializer;
import io.orderflow.model.BookTop;
import io.orderflow.model.MarketEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ParameterTool;

/**
 * The whole-job benchmark: the full pipeline ({@link OrderflowJob}: every venue, every signal, CEP, paper
 * execution, every Iceberg table, exactly-once checkpoints) in MiniCluster mode over a {@link MarketTape}, with the
 * tuned configuration and with Flink's defaults, in the same process.
 *
 * <ul>
 *   <li><b>Throughput</b>: a short and a long tape at full speed; the sustained rate is the extra events over the
 *       extra time, so start-up, table creation and the final commit (the same in both runs) cancel out.
 *   <li><b>Latency</b>: a tape paced at a fixed rate ({@link PacedTape}), each event stamped with its local receive
 *       time, when it was due; every order's tick-to-order latency (to the order leaving the execution operator)
 *       goes into an HdrHistogram accumulator, after a warm-up.
 * </ul>
 */
public final class JobBenchmark {
    /** Flink as orderflow runs it, or as Flink comes. */
    public enum Config {
        /**
         * Object reuse on, unaligned checkpoints (a barrier overtakes the records in flight instead of blocking a
         * channel until the others catch up; still exactly once: the overtaken records are part of the
         * checkpoint). The decision path's buffer timeout of 0 is the job's own ({@link
         * OrderflowJob#onDecisionPath}), in both configurations.
         */
        TUNED,
        /**
         * Flink's defaults for what the job does not set itself: off the decision path a buffer leaves when full or
         * after 100 ms; records copied between chained operators.
         */
        FLINK_DEFAULTS
    }

    /**
     * How much of the job runs: Flink's own ceiling on the same tape, then the job stage by stage, so each figure
     * reads as a share of what Flink itself sustains on this machine in the same run.
     */
    public enum Pipeline {
        /** The tape read and shuffled by instrument to a discarding sink: Flink's pass-through ceiling. */
        PASS_THROUGH("pass-through"),
        /** The keyed order books alone; their outputs discarded. */
        BOOKS("books"),
        /** The whole job with every table discarded where its Iceberg sink would be. */
        NO_STORAGE("no-storage"),
        /**
         * The whole job with only the tables that take a row per market event written ({@link
         * io.orderflow.job.iceberg.OrderflowTables#PER_EVENT}) and the other sixteen discarded: the most that
         * writing the small tables through fewer sinks could save.
         */
        BUSY_TABLES("busy-tables"),
        /** The whole job as shipped: every table written, exactly-once. */
        FULL("full");

        private final String label;

        Pipeline(String label) {
            this.label = label;
        }

        /** The name {@code bench --pipelines} takes and prints. */
        public String label() {
            return label;
        }

        /** Whether the run commits rows to Iceberg (its committed rows are reported). */
        public boolean writesTables() {
            return this == FULL || this == BUSY_TABLES;
        }

        public static Pipeline of(String label) {
            for (Pipeline p : values()) {
                if (p.label.equals(label.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown pipeline '" + label + "': use pass-through, books, "
                    + "no-storage, busy-tables or full");
        }
    }

    /**
     * A full-speed run: its wall time (start-up, table creation and the final checkpoint included) and the span
     * over which the source read the tape, held back by the pipeline: events over that span is the sustained rate.
     */
    public record Throughput(Config config, Pipeline pipeline, int parallelism, MarketTape.Summary tape,
            double wallSeconds, double readSeconds, double cpuSeconds, Map<String, Long> committedRows) {
        public long events() {
            return tape.events();
        }

        public double messagesPerSecond() {
            return tape.events() / readSeconds;
        }

        /** The JVM's CPU time over the run (every thread: the job's, the cluster's, the GC's) per event. */
        public double cpuMicrosPerEvent() {
            return cpuSeconds * 1e6 / tape.events();
        }
    }

    /**
     * Tick-to-order latencies of every order decided after the warm-up, in nanoseconds; by strategy; and the age of
     * every book at the decision path's stages ({@link LatencyHistogram#STAGE_PREFIX}), where tick-to-order goes.
     */
    public record Latency(Config config, Pipeline pipeline, double rate, long events, double seconds,
            double cpuSeconds, Histogram nanos, Map<String, Histogram> byStrategy, Map<String, Histogram> stages) {
        /** Cores the JVM kept busy on average over the run (the paced source's own cost included). */
        public double coresBusy() {
            return cpuSeconds / seconds;
        }

        public double micros(double percentile) {
            return nanos.getValueAtPercentile(percentile) / 1_000.0;
        }
    }

    /**
     * Heap in use (after full collections) while the job holds a replay's state: with many instruments against a
     * few, and after a long replay against a short one of the same instruments.
     */
    public record Memory(int instruments, int baselineInstruments, long baselineHeap, long shortHeap, long longHeap,
            long shortEvents, long longEvents) {
        public double bytesPerInstrument() {
            return (shortHeap - baselineHeap) / (double) (instruments - baselineInstruments);
        }

        /** Heap after the long replay over heap after the short one, minus one. */
        public double growth() {
            return longHeap / (double) shortHeap - 1;
        }
    }

    private final Path workDir;
    private final Duration checkpointInterval;
    private final int partitions;
    private int run;
    private final Map<String, MarketTape.Summary> tapes = new HashMap<>();
    private boolean keepWarehouses;
    private Duration releaseSlice = Duration.ofMillis(1);

    /** @param partitions tape files, and the source's parallelism (the job's default parallelism: the cores) */
    public JobBenchmark(Path workDir, Duration checkpointInterval, int partitions) {
        this.workDir = workDir;
        this.checkpointInterval = checkpointInterval;
        this.partitions = partitions;
    }

    /**
     * Paced runs release the records due within one slice of this length together, each stamped when it was due
     * (default 1 ms); 1 ns paces record by record.
     */
    public JobBenchmark releaseSlice(Duration slice) {
        this.releaseSlice = slice;
        return this;
    }

    /** Keeps each run's Iceberg warehouse ({@code warehouse-N} in the work directory) to query afterwards. */
    public JobBenchmark keepWarehouses(boolean keep) {
        this.keepWarehouses = keep;
        return this;
    }

    /**
     * Runs the job once over a tape of this size and forgets the result: the JIT compiles the pipeline's code
     * before the first measured run, which would otherwise pay for it alone (the runs share this JVM).
     */
    public void warmUp(long events) throws Exception {
        run(Config.TUNED, Pipeline.FULL, partitions, tape(events, partitions), 0, Map.of(LatencyHistogram.RECORD_FROM,
                Long.toString(Long.MAX_VALUE)));
    }

    public Throughput throughput(Config config, long events) throws Exception {
        return throughput(config, Pipeline.FULL, events);
    }

    public Throughput throughput(Config config, Pipeline pipeline, long events) throws Exception {
        return throughput(config, pipeline, events, partitions);
    }

    /**
     * A full-speed run at this parallelism (every operator's default), on the same events partitioned as many ways
     * as there are readers: one reader reading two partition files would read them one after the other, and the
     * second's events would all be late against the first's watermark (a Kafka consumer interleaves its
     * partitions; a file source does not). The same events at 1 and at the cores tell how far the job scales.
     */
    public Throughput throughput(Config config, Pipeline pipeline, long events, int parallelism) throws Exception {
        if (events <= 0 || parallelism <= 0) {
            throw new IllegalArgumentException("a throughput run needs events and a parallelism, got " + events
                    + " events at parallelism " + parallelism);
        }
        MarketTape.Summary tape = tape(events, parallelism);
        Outcome o = run(config, pipeline, parallelism, tape, 0, Map.of(LatencyHistogram.RECORD_FROM,
                Long.toString(Long.MAX_VALUE)));
        long first = o.spans.stream().mapToLong(TapeFormat.Span::firstEpochNanos).min().orElseThrow();
        long last = o.spans.stream().mapToLong(TapeFormat.Span::lastEpochNanos).max().orElseThrow();
        long read = o.spans.stream().mapToLong(TapeFormat.Span::records).sum();
        if (read != tape.events()) {
            throw new IllegalStateException("the source read " + read + " of the tape's " + tape.events() + " events");
        }
        return new Throughput(config, pipeline, parallelism, tape, o.seconds, (last - first) / 1e9, o.cpuSeconds,
                o.committedRows);
    }

    public Latency latency(Config config, double rate, Duration duration, Duration warmup) throws Exception {
        return latency(config, Pipeline.FULL, rate, duration, warmup);
    }

    /**
     * A paced run. The full job reports tick-to-order latency per strategy; the pass-through and books-only
     * pipelines, which decide nothing, report each record's age where it arrives ({@link ArrivalProbe}): the floor
     * that Flink's hand-over (and the book) sets under tick-to-order on this machine.
     */
    public Latency latency(Config config, Pipeline pipeline, double rate, Duration duration, Duration warmup)
            throws Exception {
        if (pipeline == Pipeline.NO_STORAGE) {
            throw new IllegalArgumentException("latency runs: pass-through, books or full (no-storage is the full "
                    + "job's decisions without tables: run full)");
        }
        if (rate <= 0 || duration.compareTo(warmup) <= 0) {
            throw new IllegalArgumentException("need a positive rate and a run longer than its warm-up");
        }
        MarketTape.Summary tape = tape((long) (rate * duration.toMillis() / 1_000), partitions);
        Instant from = Instant.now().plus(warmup);
        // the run starts a few seconds after this (cluster, tables): the warm-up only gets longer
        long fromNanos = from.getEpochSecond() * 1_000_000_000L + from.getNano();
        Outcome o = run(config, pipeline, partitions, tape, rate / partitions, Map.of(LatencyHistogram.RECORD_FROM,
                Long.toString(fromNanos)));
        Histogram all = new Histogram(3);
        Map<String, Histogram> byStrategy = new java.util.TreeMap<>();
        Map<String, Histogram> stages = new java.util.TreeMap<>();
        for (Map.Entry<String, Object> e : o.result.getAllAccumulatorResults().entrySet()) {
            if (e.getKey().startsWith(LatencyHistogram.PREFIX)) {
                Histogram h = ((LatencyHistogram.Recorded) e.getValue()).histogram();
                all.add(h);
                byStrategy.put(e.getKey().substring(LatencyHistogram.PREFIX.length()), h);
            } else if (e.getKey().startsWith(LatencyHistogram.STAGE_PREFIX)) {
                stages.put(e.getKey().substring(LatencyHistogram.STAGE_PREFIX.length()),
                        ((LatencyHistogram.Recorded) e.getValue()).histogram());
            }
        }
        return new Latency(config, pipeline, rate, tape.events(), o.seconds, o.cpuSeconds, all, byStrategy, stages);
    }

    public Memory memory(int instruments, int baselineInstruments, long shortEvents, long longEvents)
            throws Exception {
        if (baselineInstruments <= 0 || instruments <= baselineInstruments || longEvents <= shortEvents) {
            throw new IllegalArgumentException("need 0 < baseline instruments < instruments and short < long events");
        }
        heldHeap(baselineInstruments, shortEvents); // first-use caches (classes, catalogs, Flink) fill here, unmeasured
        long baseline = heldHeap(baselineInstruments, shortEvents);
        long shortHeap = heldHeap(instruments, shortEvents);
        long longHeap = heldHeap(instruments, longEvents);
        return new Memory(instruments, baselineInstruments, baseline, shortHeap, longHeap, shortEvents, longEvents);
    }

    /** Replays a tape of these instruments, then measures the heap while the job still holds everything. */
    private long heldHeap(int instruments, long events) throws Exception {
        Path dir = workDir.resolve("memory-" + instruments + "-" + events);
        deleteTree(dir);
        MarketTape.Summary tape = MarketTape.simulate(dir, MarketTape.manyInstruments(instruments), events,
                partitions, 11);
        Path hold = Files.createDirectories(workDir).resolve("hold-" + (run + 1));
        Files.writeString(hold, "delete me to let the benchmark job finish");
        Prepared job = prepare(Config.TUNED, Pipeline.FULL, partitions, tape, 0, Map.of(), hold);
        org.apache.flink.core.execution.JobClient client = job.env.executeAsync("orderflow memory " + instruments);
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (TapeFormat.Span.readAll(job.spans).size() < partitions) {
                if (System.nanoTime() > deadline || client.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException("the memory replay did not read its tape: "
                            + client.getJobStatus().get());
                }
                Thread.sleep(200);
            }
            // what the source handed on is still in buffers and operators for a moment
            Thread.sleep(SETTLE.toMillis());
            return heapAfterCollections();
        } finally {
            Files.deleteIfExists(hold);
            client.getJobExecutionResult().get();
            deleteTree(job.warehouse);
            deleteTree(job.spans);
            deleteTree(dir);
        }
    }

    /** How long a replay's last events take to pass through the job once the source has read them. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    static long heapAfterCollections() throws InterruptedException {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private record Prepared(StreamExecutionEnvironment env, IcebergOutput output, Path warehouse, Path spans) {}

    private record Outcome(JobExecutionResult result, double seconds, double cpuSeconds, Map<String, Long> committedRows,
            java.util.List<TapeFormat.Span> spans) {}

    /**
     * A tape of this size in this many partitions, made once per benchmark (both configurations replay the same
     * events; the simulation's seed is fixed, so the partitionings hold the same events).
     */
    private MarketTape.Summary tape(long events, int partitioned) throws IOException {
        String name = "tape-" + events + "-" + partitioned;
        MarketTape.Summary made = tapes.get(name);
        if (made == null) {
            Path dir = workDir.resolve(name);
            deleteTree(dir);
            made = MarketTape.simulate(dir, MarketTape.demoVenues(), events, partitioned, 7);
            tapes.put(name, made);
        }
        return made;
    }

    private Outcome run(Config config, Pipeline pipeline, int parallelism, MarketTape.Summary tape,
            double eventsPerSecondPerReader, Map<String, String> jobParameters) throws Exception {
        Prepared job = prepare(config, pipeline, parallelism, tape, eventsPerSecondPerReader, jobParameters, null);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        JobExecutionResult result = job.env.execute("orderflow benchmark " + config + " " + pipeline.label() + " "
                + tape.events() + " events");
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> rows = pipeline.writesTables() ? job.output.committedRows() : Map.of();
        java.util.List<TapeFormat.Span> read = TapeFormat.Span.readAll(job.spans);
        if (!keepWarehouses) {
            deleteTree(job.warehouse);
        }
        deleteTree(job.spans);
        return new Outcome(result, seconds, cpuSeconds, rows, read);
    }

    private Prepared prepare(Config config, Pipeline pipeline, int parallelism, MarketTape.Summary tape,
            double eventsPerSecondPerReader, Map<String, String> jobParameters, Path holdFile) throws IOException {
        Configuration conf = io.orderflow.job.local.LocalCluster.configuration();
        if (config == Config.TUNED) {
            conf.set(PipelineOptions.OBJECT_REUSE, true);
            conf.set(org.apache.flink.configuration.CheckpointingOptions.ENABLE_UNALIGNED, true);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(new HashMap<>(jobParameters)));
        org.apache.flink.core.fs.Path[] files = tape.files().stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        Path warehouse = workDir.resolve("warehouse-" + (++run));
        Path spans = Files.createDirectories(workDir.resolve("spans-" + run));
        Source<MarketEvent, ?, ?> source;
        if (eventsPerSecondPerReader > 0) {
            source = new PacedTape(tape.files(), eventsPerSecondPerReader, releaseSlice);
        } else {
            TapeFormat format = new TapeFormat(spans);
            if (holdFile != null) {
                format.holdAtEndWhile(holdFile);
            }
            source = FileSource.forRecordStreamFormat(format, files).build();
        }
        IcebergOutput output = new IcebergOutput(warehouse.toString(), IcebergOutput.DEFAULT_NAMESPACE);
        JobSettings settings = JobSettings.defaults()
                .withCheckpointInterval(checkpointInterval)
                .withDecisionOrder(DecisionOrder.ARRIVAL);
        TableOutput tables = switch (pipeline) {
            case FULL -> output;
            case BUSY_TABLES -> new DiscardedTables(output, OrderflowTables.PER_EVENT);
            default -> new DiscardedTables();
        };
        OrderflowJob job = new OrderflowJob(source, tables, settings);
        switch (pipeline) {
            case PASS_THROUGH -> {
                job.configure(env);
                job.marketData(env).keyBy(MarketEvent::instrumentKey, Types.STRING)
                        .map(new ArrivalProbe<>(MarketEvent::receivedAtNanos), MarketEventSerializer.TYPE_INFO)
                        .name("arrival probe")
                        .sinkTo(new DiscardingSink<>()).name("discard: keyed market data");
            }
            case BOOKS -> {
                job.configure(env);
                job.orderBooks(job.marketData(env))
                        .map(new ArrivalProbe<>(BookTop::receivedAtNanos), BookTopSerializer.TYPE_INFO)
                        .name("arrival probe")
                        .sinkTo(new DiscardingSink<>()).name("discard: book tops");
            }
            case NO_STORAGE, BUSY_TABLES, FULL -> job.build(env);
        }
        return new Prepared(env, output, warehouse, spans);
    }

    /** CPU time of this whole JVM so far (MiniCluster mode: the job runs in it). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
