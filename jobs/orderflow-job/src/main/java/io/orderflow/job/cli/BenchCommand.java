package io.orderflow.job.cli;

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
                + "replay, tuned and with Flink's defaults side by side: sustained messages/s at full speed, and "
                + "tick-to-order latency percentiles at a fixed rate.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--mode", defaultValue = "all",
            description = "throughput, latency, memory or all (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--warmup-events", defaultValue = "200000", description = "A first, unmeasured run over "
            + "this many events, so the JIT has compiled the job before any measured run (default: ${DEFAULT-VALUE})")
    long warmupEvents;

    @Option(names = "--instruments", defaultValue = "1000",
            description = "Memory run: instruments, measured against 10 (default: ${DEFAULT-VALUE})")
    int instruments;

    @Option(names = "--memory-events", defaultValue = "150000",
            description = "Memory run: events of the short replay; the long one is 4 times longer "
                    + "(default: ${DEFAULT-VALUE})")
    long memoryEvents;

    @Option(names = "--events", defaultValue = "600000",
            description = "Events of the throughput run (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--rate", defaultValue = "20000", description = "Latency run's input rate, msgs/s (default: ${DEFAULT-VALUE})")
    double rate;

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
        if (!List.of("all", "throughput", "latency", "memory").contains(mode)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--mode " + mode + ": use throughput, latency, memory or all");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("machine: %d cores, %s %s, Java %s, max heap %,d MB%n", cores,
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        io.orderflow.job.bench.JobBenchmark bench =
                new io.orderflow.job.bench.JobBenchmark(workDir, checkpointInterval, cores)
                        .keepWarehouses(keepWarehouses);
        var configs = io.orderflow.job.bench.JobBenchmark.Config.values();
        if (warmupEvents > 0) {
            bench.warmUp(warmupEvents);
        }
        if (mode.equals("all") || mode.equals("throughput")) {
            List<io.orderflow.job.bench.JobBenchmark.Throughput> results = new ArrayList<>();
            for (var config : configs) {
                results.add(bench.throughput(config, events));
            }
            System.out.printf("%nthroughput, every table written, exactly-once checkpoints every %s:%n",
                    checkpointInterval);
            System.out.printf("  %-15s %10s %14s %14s %18s%n", "configuration", "events", "wall time s",
                    "source read s", "sustained msgs/s");
            for (var t : results) {
                System.out.printf("  %-15s %,10d %14.1f %14.1f %,18.0f%n", t.config(), t.events(),
                        t.wallSeconds(), t.readSeconds(), t.messagesPerSecond());
            }
            System.out.printf("  the replay: %,d events (%,d bytes, %d instruments) by venue %s%n",
                    results.get(0).events(), results.get(0).tape().bytes(), results.get(0).tape().instruments(),
                    results.get(0).tape().eventsByVenue());
            System.out.println("  rows committed by the tuned run: " + results.get(0).committedRows());
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
            List<io.orderflow.job.bench.JobBenchmark.Latency> results = new ArrayList<>();
            for (var config : configs) {
                results.add(bench.latency(config, rate, Duration.ofSeconds(latencySeconds),
                        Duration.ofSeconds(warmupSeconds)));
            }
            System.out.printf("%ntick-to-order latency at %,.0f msgs/s for %d s (first %d s not counted), "
                    + "local receive to the order leaving the execution operator, microseconds:%n", rate,
                    latencySeconds, warmupSeconds);
            System.out.printf("  %-15s %8s %9s %9s %9s %9s %9s%n", "configuration", "orders", "p50", "p90", "p99",
                    "p99.9", "max");
            for (var l : results) {
                System.out.printf("  %-15s %,8d %9.1f %9.1f %9.1f %9.1f %9.1f%n", l.config(),
                        l.nanos().getTotalCount(), l.micros(50), l.micros(90), l.micros(99), l.micros(99.9),
                        l.nanos().getMaxValue() / 1_000.0);
                l.byStrategy().forEach((strategy, h) -> System.out.printf("    %-13s %,8d %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                        strategy, h.getTotalCount(), h.getValueAtPercentile(50) / 1e3,
                        h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                        h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3));
            }
            if (results.get(0).nanos().getTotalCount() > 0 && results.get(1).nanos().getTotalCount() > 0) {
                System.out.printf("  p99 of Flink's defaults over tuned: %.1fx%n",
                        results.get(1).micros(99) / results.get(0).micros(99));
            }
        }
        return 0;
    }
}
