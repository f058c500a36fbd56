package io.orderflow.job.cli;

import io.orderflow.job.bench.CrossSectionBenchmark;
import io.orderflow.job.bench.JobBenchmark;
import io.orderflow.job.bench.JobBenchmark.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "The whole-job benchmark in MiniCluster mode: the full pipeline (every venue, signal, "
                + "pattern, paper execution, every Iceberg table, exactly-once checkpoints) over a simulated "
                + "replay, tuned and with Flink's defaults side by side, against Flink's own pass-through and the "
                + "books alone on the same tape: sustained messages/s at full speed, and latency percentiles at a "
                + "fixed rate.")
final class BenchCommand implements Callable<Integer> {
    /** The command as parsed: its errors print where the command line's other errors do. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--mode", defaultValue = "all",
            description = "throughput, latency, memory, all of those (default: ${DEFAULT-VALUE}), or cross-section "
                    + "(the cross-section alone on many instruments, against the same run with no pair to compute)")
    String mode;

    @Option(names = "--warmup-events", defaultValue = "200000", description = "A first, unmeasured run over "
            + "this many events, so the JIT has compiled the job before any measured run (default: ${DEFAULT-VALUE})")
    long warmupEvents;

    @Option(names = "--instruments", defaultValue = "1000", description = "Memory run: instruments, measured against "
            + "10; cross-section runs: instruments (default: ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--cross-pairs", defaultValue = "groups", split = ",", description = "Cross-section runs: "
            + "groups (each of nine followers with its group's leader, each leader with the next: about one pair per "
            + "instrument) and/or all (every pair) (default: ${DEFAULT-VALUE})")
    List<String> crossPairs;

    @Option(names = "--cross-windows", defaultValue = "3",
            description = "Cross-section runs: windows of market (default: ${DEFAULT-VALUE})")
    int crossWindows;

    @Option(names = "--cross-window", defaultValue = "PT1M",
            description = "Cross-section runs: the window, the job's default (default: ${DEFAULT-VALUE})")
    Duration crossWindow;

    @Option(names = "--memory-events", defaultValue = "150000",
            description = "Memory run: events of the short replay; the long one is 4 times longer "
                    + "(default: ${DEFAULT-VALUE})")
    long memoryEvents;

    @Option(names = "--events", defaultValue = "600000",
            description = "Events of the throughput run (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--pipelines", defaultValue = "pass-through,books,no-storage,full", split = ",",
            description = "What runs, each on the same tape in both configurations: pass-through (Flink's "
                    + "ceiling: the tape keyed by instrument and discarded), books (the order books alone), no-storage "
                    + "(the whole job, every table discarded; throughput only), busy-tables (the whole job writing "
                    + "only the three tables with a row per market event), full (default: ${DEFAULT-VALUE})")
    List<String> pipelines;

    @Option(names = "--parallelism", split = ",", description = "Throughput runs: the job's parallelism, each on "
            + "the same tape; e.g. 1,2 for the speed-up from one core to two (default: the cores)")
    List<Integer> parallelism;

    @Option(names = "--rate", defaultValue = "20000", description = "Latency run's input rate, msgs/s (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--release-slice", defaultValue = "1ms", description = "Latency runs: the paced tape releases "
            + "the records due within one slice of this length together, each stamped when it was due; 1ns paces "
            + "record by record (default: ${DEFAULT-VALUE})")
    Duration releaseSlice;

    @Option(names = "--latency-seconds", defaultValue = "45", description = "Latency run's length (default: ${DEFAULT-VALUE})")
    int latencySeconds;

    @Option(names = "--warmup-seconds", defaultValue = "15",
            description = "Orders decided in the latency run's first seconds are not counted (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S",
            description = "Exactly-once checkpoint (and Iceberg commit) interval (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(names = "--work-dir", defaultValue = "target/orderflow-bench",
            description = "Tapes and warehouses (default: ${DEFAULT-VALUE})")
    java.nio.file.Path workDir;

    @Option(names = "--keep-warehouses", description = "Keep each run's tables (warehouse-N in the work "
            + "directory) to query with `sql --warehouse`; by default they are deleted after the run")
    boolean keepWarehouses;

    @Override
    public Integer call() throws Exception {
        if (!List.of("all", "throughput", "latency", "memory", "cross-section").contains(mode)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mode " + mode + ": use throughput, latency, memory, all or cross-section");
        }
        List<Pipeline> chosen = new ArrayList<>();
        for (String p : pipelines) {
            try {
                chosen.add(Pipeline.of(p));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--pipelines: " + e.getMessage());
            }
        }

        int cores = Runtime.getRuntime().availableProcessors();
        if (parallelism == null || parallelism.isEmpty()) {
            parallelism = List.of(cores);
        } else if (parallelism.stream().anyMatch(p -> p <= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--parallelism " + parallelism + ": each must be at least 1");
        }
        System.out.printf("machine: %d cores, %s %s, Java %s, max heap %,d MB%n", cores,
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        if (mode.equals("cross-section")) {
            crossSection();
            return 0;
        }
        JobBenchmark bench = new JobBenchmark(workDir, checkpointInterval, cores).keepWarehouses(keepWarehouses)
                .releaseSlice(releaseSlice);
        var configs = JobBenchmark.Config.values();
        if (warmupEvents > 0) {
            bench.warmUp(warmupEvents);
        }
        if (mode.equals("all") || mode.equals("throughput")) {
            throughput(bench, chosen);
        }
        if (mode.equals("all") || mode.equals("memory")) {
            var m = bench.memory(instruments, 10, memoryEvents, memoryEvents * 4);
            System.out.printf("%nheap in use while the job holds a replay's state (after full collections):%n");
            System.out.printf("  %,d instruments, %,d events: %,d MB; %d instruments: %,d MB -> %,.0f KB per "
                    + "instrument%n", m.instruments(), m.shortEvents(), m.shortHeap() >> 20,
                    m.baselineInstruments(), m.baselineHeap() >> 20, m.bytesPerInstrument() / 1024);
            System.out.printf("  %,d instruments, %,d events: %,d MB -> %+.1f%% against the short replay%n",
                    m.instruments(), m.longEvents(), m.longHeap() >> 20, 100 * m.growth());
        }
        if (mode.equals("all") || mode.equals("latency")) {
            latency(bench, chosen);
        }
        return 0;
    }

    /**
     * Paced runs of the chosen pipelines that measure latency (no-storage is left out: its decisions are the full
     * job's), both configurations: tick-to-order for the full job, each record's age on arrival for pass-through and
     * books-only, the floor Flink's hand-over sets under it.
     */
    private void latency(JobBenchmark bench, List<Pipeline> chosen) throws Exception {
        List<JobBenchmark.Latency> results = new ArrayList<>();
        for (var config : JobBenchmark.Config.values()) {
            for (Pipeline p : chosen) {
                if (p != Pipeline.NO_STORAGE) {
                    results.add(bench.latency(config, p, rate, Duration.ofSeconds(latencySeconds),
                            Duration.ofSeconds(warmupSeconds)));
                }
            }
        }
        System.out.printf("%nlatency at %,.0f msgs/s for %d s (first %d s not counted), microseconds from local "
                + "receive: for the full job to the order leaving the execution operator, for pass-through and "
                + "books to the record's arrival behind them:%n", rate, latencySeconds, warmupSeconds);
        System.out.printf("  %-15s %-13s %9s %9s %9s %9s %9s %9s %6s%n", "configuration", "pipeline", "measured",
                "p50", "p90", "p99", "p99.9", "max", "cores");
        for (var l : results) {
            System.out.printf("  %-15s %-13s %,9d %9.1f %9.1f %9.1f %9.1f %9.1f %6.2f%n", l.config(),
                    l.pipeline().label(), l.nanos().getTotalCount(), l.micros(50), l.micros(90), l.micros(99),
                    l.micros(99.9), l.nanos().getMaxValue() / 1_000.0, l.coresBusy());
            if (l.pipeline().writesTables()) {
                l.byStrategy().forEach((strategy, h) -> printRow("    " + strategy, h));
                l.stages().forEach((stage, h) -> printRow("    stage " + stage, h));
            }
        }
        for (var config : JobBenchmark.Config.values()) {
            var full = find(results, config, Pipeline.FULL);
            var floor = find(results, config, Pipeline.PASS_THROUGH);
            if (full != null && floor != null && full.nanos().getTotalCount() > 0 && floor.nanos().getTotalCount() > 0) {
                System.out.printf("  %s: the full job's p50 is %.1fx and its p99 %.1fx the pass-through floor%n",
                        config, full.micros(50) / floor.micros(50), full.micros(99) / floor.micros(99));
            }
        }
        var tuned = find(results, JobBenchmark.Config.TUNED, Pipeline.FULL);
        var defaults = find(results, JobBenchmark.Config.FLINK_DEFAULTS, Pipeline.FULL);
        if (tuned != null && defaults != null && tuned.nanos().getTotalCount() > 0
                && defaults.nanos().getTotalCount() > 0) {
            System.out.printf("  p99 of Flink's defaults over tuned (full job): %.1fx%n",
                    defaults.micros(99) / tuned.micros(99));
        }
    }

    /**
     * The cross-section alone at each parallelism: the baseline with no pair, then each chosen set of pairs, in this
     * process; each as market seconds computed per wall second.
     */
    private void crossSection() throws Exception {
        List<CrossSectionBenchmark.Pairs> chosen = new ArrayList<>();
        for (String p : crossPairs) {
            switch (p) {
                case "groups" -> chosen.add(CrossSectionBenchmark.Pairs.GROUPS);
                case "all" -> chosen.add(CrossSectionBenchmark.Pairs.ALL);
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--cross-pairs " + p + ": use groups or all");
            }
        }
        List<CrossSectionBenchmark.Result> results = new ArrayList<>();
        CrossSectionBenchmark.run(Math.min(instruments, 100), CrossSectionBenchmark.Pairs.GROUPS, 1, 1,
                crossWindow); // JIT warm-up, not reported
        for (int p : parallelism) {
            results.add(CrossSectionBenchmark.run(instruments, CrossSectionBenchmark.Pairs.NONE, p, crossWindows,
                    crossWindow));
            for (CrossSectionBenchmark.Pairs pairs : chosen) {
                results.add(CrossSectionBenchmark.run(instruments, pairs, p, crossWindows, crossWindow));
            }
        }
        System.out.printf("%ncross-section, %,d instruments, %d windows of %s; speed = market seconds computed per "
                + "wall second (1 or more keeps up):%n", instruments, crossWindows, crossWindow);
        System.out.printf("  %-7s %4s %12s %10s %9s %8s %8s %8s %14s %14s%n", "pairs", "par", "pairs/window",
                "ticks", "pair rows", "wall s", "CPU s", "speed", "pairs s/window", "leaders found");
        for (var r : results) {
            CrossSectionBenchmark.Result base = results.stream().filter(b -> b.parallelism() == r.parallelism()
                    && b.pairs() == CrossSectionBenchmark.Pairs.NONE).findFirst().orElseThrow();
            System.out.printf("  %-7s %4d %,12d %,10d %,9d %8.1f %8.1f %8.1f %14s %14s%n",
                    r.pairs().name().toLowerCase(java.util.Locale.ROOT), r.parallelism(),
                    r.pairs().count(r.instruments()), r.ticks(), r.pairRows(), r.wallSeconds(), r.cpuSeconds(),
                    r.speed(), r == base ? "-" : String.format("%.2f", (r.wallSeconds() - base.wallSeconds())
                            / r.windows()),
                    r.followerPairs() == 0 ? "-" : r.plantedLeadersFound() + "/" + r.followerPairs());
        }
        for (var r : results) {
            CrossSectionBenchmark.Result single = results.stream().filter(b -> b.parallelism() == 1
                    && b.pairs() == r.pairs()).findFirst().orElse(null);
            if (r.parallelism() > 1 && single != null) {
                System.out.printf("  %s: parallelism 1 -> %d speed-up %.2fx%n",
                        r.pairs().name().toLowerCase(java.util.Locale.ROOT), r.parallelism(),
                        single.wallSeconds() / r.wallSeconds());
            }
        }
    }

    private static void printRow(String label, org.HdrHistogram.Histogram h) {
        System.out.printf("%-31s %,9d %9.1f %9.1f %9.1f %9.1f %9.1f%n", label, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }

    private static JobBenchmark.Throughput find(List<JobBenchmark.Throughput> results, JobBenchmark.Config config,
            Pipeline pipeline, int parallelism) {
        return results.stream().filter(r -> r.config() == config && r.pipeline() == pipeline
                && r.parallelism() == parallelism).findFirst().orElse(null);
    }

    private static JobBenchmark.Latency find(List<JobBenchmark.Latency> results, JobBenchmark.Config config,
            Pipeline pipeline) {
        return results.stream().filter(l -> l.config() == config && l.pipeline() == pipeline).findFirst()
                .orElse(null);
    }

    /**
     * Each chosen pipeline on the same tape, in both configurations and at each chosen parallelism, Flink's
     * pass-through first when chosen: every figure then reads as a share of what Flink itself sustains on this
     * machine in this run, at the same parallelism.
     */
    private void throughput(JobBenchmark bench, List<Pipeline> chosen) throws Exception {
        List<JobBenchmark.Throughput> results = new ArrayList<>();
        for (var config : JobBenchmark.Config.values()) {
            for (int p : parallelism) {
                for (Pipeline pipeline : chosen) {
                    results.add(bench.throughput(config, pipeline, events, p));
                }
            }
        }
        System.out.printf("%nthroughput, exactly-once checkpoints every %s; each pipeline against Flink's "
                + "pass-through in the same configuration and parallelism:%n", checkpointInterval);
        System.out.printf("  %-15s %-13s %4s %10s %9s %9s %14s %12s %10s%n", "configuration", "pipeline", "par",
                "events", "wall s", "read s", "sustained/s", "CPU us/event", "of ceiling");
        for (var t : results) {
            JobBenchmark.Throughput ceiling = find(results, t.config(), Pipeline.PASS_THROUGH, t.parallelism());
            System.out.printf("  %-15s %-13s %4d %,10d %9.1f %9.1f %,14.0f %12.2f %10s%n", t.config(),
                    t.pipeline().label(), t.parallelism(), t.events(), t.wallSeconds(), t.readSeconds(),
                    t.messagesPerSecond(), t.cpuMicrosPerEvent(), ceiling == null ? "-"
                            : String.format("%.1f%%", 100 * t.messagesPerSecond() / ceiling.messagesPerSecond()));
        }
        for (var t : results) {
            JobBenchmark.Throughput single = find(results, t.config(), t.pipeline(), 1);
            if (t.parallelism() > 1 && single != null) {
                System.out.printf("  %s %s: parallelism 1 -> %d speed-up %.2fx%n", t.config(), t.pipeline().label(),
                        t.parallelism(), t.messagesPerSecond() / single.messagesPerSecond());
            }
        }
        JobBenchmark.Throughput first = results.get(0);
        System.out.printf("  the replay: %,d events (%,d bytes, %d instruments) by venue %s%n", first.events(),
                first.tape().bytes(), first.tape().instruments(), first.tape().eventsByVenue());
        results.stream().filter(r -> r.pipeline() == Pipeline.FULL).findFirst().ifPresent(full ->
                System.out.println("  rows committed by the " + full.config() + " full run: " + full.committedRows()));
    }
}
