package io.orderflow.job.cli;

import io.orderflow.job.iceberg.TableMaintenance;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What table maintenance keeps and aims for: shared by {@code maintain} and {@code run --maintain-every}. */
final class MaintenanceOptions {
    @Option(names = "--target-file-mb", defaultValue = "128",
            description = "Size rewritten data files aim for, in MB (default: ${DEFAULT-VALUE})")
    long targetFileMb;

    @Option(names = "--keep", defaultValue = "24h",
            description = "Keep snapshots (time travel) this long (default: ${DEFAULT-VALUE})")
    Duration keep;

    @Option(names = "--retain-last", defaultValue = "5",
            description = "Always keep at least this many snapshots (default: ${DEFAULT-VALUE})")
    int retainLast;

    @Option(names = "--orphan-min-age", defaultValue = "3d",
            description = "Delete unreferenced files only when older than this; longer than any commit of a "
                    + "running job takes (default: ${DEFAULT-VALUE}, Iceberg's)")
    Duration orphanMinAge;

    TableMaintenance.Policy policy() {
        return new TableMaintenance.Policy(keep, retainLast, targetFileMb * 1024 * 1024, orphanMinAge);
    }
}
