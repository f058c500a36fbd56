package io.orderflow.job.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = "Compact each table's small files and expire its old snapshots (safe while a job writes).")
final class MaintainCommand implements Callable<Integer> {
    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--table", split = ",", description = "Only these tables (default: all)")
    List<String> only;

    @Option(names = "--target-file-mb", defaultValue = "128",
            description = "Size compacted data files aim for, in MB (default: ${DEFAULT-VALUE})")
    long targetFileMb;

    @Option(names = "--keep", defaultValue = "PT24H",
            description = "Keep snapshots (time travel) this long (default: ${DEFAULT-VALUE})")
    Duration keep;

    @Option(names = "--retain-last", defaultValue = "5",
            description = "Always keep at least this many snapshots (default: ${DEFAULT-VALUE})")
    int retainLast;

    @Override
    public Integer call() {
        List<io.orderflow.job.iceberg.TableDef<?>> chosen = new java.util.ArrayList<>();
        for (io.orderflow.job.iceberg.TableDef<?> t : io.orderflow.job.iceberg.OrderflowTables.ALL) {
            if (only == null || only.contains(t.name())) {
                chosen.add(t);
            }
        }
        if (only != null && chosen.size() != only.size()) {
            throw new IllegalArgumentException("unknown table in --table " + only + "; tables are "
                    + io.orderflow.job.iceberg.OrderflowTables.ALL.stream().map(io.orderflow.job.iceberg.TableDef::name)
                            .toList());
        }
        tables.output().requireTables();
        System.out.printf("%-18s %12s %14s %18s%n", "table", "rows", "files", "snapshots");
        for (var r : io.orderflow.job.iceberg.TableMaintenance.run(tables.output(), chosen,
                targetFileMb * 1024 * 1024, keep, retainLast)) {
            System.out.printf("%-18s %,12d %6d -> %-5d %8d -> %-5d%n", r.table(), r.rows(), r.filesBefore(),
                    r.filesAfter(), r.snapshotsBefore(), r.snapshotsAfter());
        }
        return 0;
    }
}
