package io.orderflow.job.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = "One round of Iceberg table maintenance on every table: expire old snapshots, rewrite small "
                + "data files, rewrite manifests, delete orphan files (safe while a job writes).")
final class MaintainCommand implements Callable<Integer> {
    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--table", split = ",", description = "Only these tables (default: all)")
    List<String> only;

    @CommandLine.Mixin
    MaintenanceOptions maintenance = new MaintenanceOptions();

    @Override
    public Integer call() throws Exception {
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
        var policy = maintenance.policy();
        tables.output().requireTables();
        var results = io.orderflow.job.iceberg.TableMaintenance.run(tables.output(), chosen, policy,
                step -> System.err.println("maintain: " + step));
        if (results.isEmpty()) {
            System.err.println("orderflow: nothing to maintain: none of " + chosen.size()
                    + " tables has been written to");
            return 1;
        }
        System.out.printf("%-18s %12s %14s %14s %14s %16s%n", "table", "rows", "data files", "snapshots",
                "manifests", "files on disk");
        for (var r : results) {
            System.out.printf("%-18s %,12d %5d -> %-5d %5d -> %-5d %5d -> %-5d %6d -> %-6d%n", r.table(), r.rows(),
                    r.filesBefore(), r.filesAfter(), r.snapshotsBefore(), r.snapshotsAfter(), r.manifestsBefore(),
                    r.manifestsAfter(), r.storageFilesBefore(), r.storageFilesAfter());
        }
        return 0;
    }
}
