package io.orderflow.job.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.maintenance.api.DeleteOrphanFiles;
import org.apache.iceberg.flink.maintenance.api.ExpireSnapshots;
import org.apache.iceberg.flink.maintenance.api.MaintenanceTaskBuilder;
import org.apache.iceberg.flink.maintenance.api.RewriteDataFiles;
import org.apache.iceberg.flink.maintenance.api.TriggeredOnce;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Keeps the tables fast to read and the warehouse from growing without bound, on Iceberg's own maintenance API
 * ({@code org.apache.iceberg.flink.maintenance.api}). A streaming job commits a few small files per table on every
 * checkpoint (every 10 s by default), so after a day a table holds thousands of files and snapshots. For each
 * table, in this order:
 * <ol>
 *   <li>expire snapshots older than {@link Policy#keep}, always keeping the newest {@link Policy#retainLast}, and
 *       delete the files only they used. Time travel reaches back {@code keep};</li>
 *   <li>rewrite the manifests (Iceberg core's {@code rewriteManifests}: Iceberg's Flink API has no such task), so a
 *       query plans from a few manifests instead of one per checkpoint;</li>
 *   <li>rewrite the data files into files of about {@link Policy#targetFileBytes}. The rewrite validates against
 *       the snapshot it started from, so appends a running job commits meanwhile stay valid;</li>
 *   <li>delete orphan files: files under the table's location that no snapshot references (left by a job that
 *       failed between writing and committing) and older than {@link Policy#orphanMinAge}.</li>
 * </ol>
 * The files a rewrite replaces stay while its snapshot is kept (a reader may still be on an older snapshot); a later
 * round deletes them once that snapshot has expired.
 *
 * <p>Two ways to run it. {@link #run} is one round now (the {@code maintain} command): each step is a bounded Flink
 * job over every table, each table's task triggered once ({@link TriggeredOnce}), so the steps run one after another
 * as listed and a failed task fails the command.
 * {@link #schedule} adds the same tasks to a running job (the {@code run --maintain-every} option), triggered by
 * Iceberg's monitor source on an interval, one task at a time per table (Iceberg's Flink-maintained lock).
 */
public final class TableMaintenance {
    private TableMaintenance() {}

    /**
     * What a round keeps and aims for.
     *
     * @param keep snapshots younger than this are kept (time travel)
     * @param retainLast at least this many snapshots are kept
     * @param targetFileBytes the size rewritten data files aim for
     * @param orphanMinAge an unreferenced file is deleted only when older than this: a running job's files exist
     *     uncommitted for up to a checkpoint interval, so this must be longer than any commit takes
     */
    public record Policy(Duration keep, int retainLast, long targetFileBytes, Duration orphanMinAge) {
        public Policy {
            if (targetFileBytes < 1_024 * 1_024) {
                throw new IllegalArgumentException("target file size must be at least 1 MB, got " + targetFileBytes);
            }
            if (keep.isNegative() || retainLast < 1) {
                throw new IllegalArgumentException("keep snapshots for a non-negative time, and retain at least one");
            }
            if (orphanMinAge.isNegative()) {
                throw new IllegalArgumentException("the orphan files' minimum age must not be negative");
            }
        }

        private List<Function<Policy, MaintenanceTaskBuilder<?>>> steps() {
            return List.of(Policy::expireSnapshots, Policy::rewriteDataFiles, Policy::deleteOrphanFiles);
        }

        private MaintenanceTaskBuilder<?> expireSnapshots() {
            return ExpireSnapshots.builder().maxSnapshotAge(keep).retainLast(retainLast);
        }

        private MaintenanceTaskBuilder<?> rewriteDataFiles() {
            // every file below the target is a candidate, from two files on: a table of checkpoint-sized files
            // compacts on the first round instead of waiting for Iceberg's default of five in one partition
            return RewriteDataFiles.builder().targetFileSizeBytes(targetFileBytes).minInputFiles(2)
                    .maxFileGroupSizeBytes(Math.max(targetFileBytes, 1L << 30));
        }

        private MaintenanceTaskBuilder<?> deleteOrphanFiles() {
            return DeleteOrphanFiles.builder().minAge(orphanMinAge);
        }
    }

    /** What a round did to one table. {@code storageFiles} counts every file under the table's location. */
    public record Result(String table, long rows, int filesBefore, int filesAfter, int snapshotsBefore,
            int snapshotsAfter, int manifestsBefore, int manifestsAfter, int storageFilesBefore,
            int storageFilesAfter) {}

    /**
     * One round now over the given tables (those not created or never written are skipped), telling
     * {@code progress} as each step starts.
     */
    public static List<Result> run(IcebergOutput output, List<TableDef<?>> tables, Policy policy,
            Consumer<String> progress) throws Exception {
        Catalog catalog = output.catalogLoader().loadCatalog();
        List<TableDef<?>> written = new ArrayList<>();
        List<Result> before = new ArrayList<>();
        for (TableDef<?> def : tables) {
            if (catalog.tableExists(output.identifier(def))) {
                Table table = catalog.loadTable(output.identifier(def));
                if (table.currentSnapshot() != null) {
                    written.add(def);
                    before.add(measure(def.name(), table));
                }
            }
        }
        if (written.isEmpty()) {
            return List.of();
        }
        // Hadoop's shutdown hook reads its configuration through the class loader that was the thread's when the
        // hook manager was first used; first used inside a task (the orphan listing), that is the task's user-code
        // class loader, closed by the time the JVM exits, and the hook fails with a stack trace. Use it here first.
        org.apache.hadoop.util.ShutdownHookManager.get();
        List<Function<Policy, MaintenanceTaskBuilder<?>>> steps = policy.steps();
        List<String> names = List.of("expire snapshots", "rewrite data files", "delete orphan files");
        for (int step = 0; step < steps.size(); step++) {
            if (step == 1) {
                // before the data rewrite: a rewrite's commit keeps the manifests of the entries it deleted for
                // its own snapshot (the next append drops them), and a manifest rewrite after it would keep them
                progress.accept("rewrite manifests of " + written.size() + " tables");
                for (TableDef<?> def : written) {
                    Table table = catalog.loadTable(output.identifier(def));
                    // one manifest (per target size) per partition, as Spark's action clusters them: queries that
                    // filter on a partition still prune whole manifests
                    table.rewriteManifests().clusterBy(file -> file.specId() + ":" + file.partition()).commit();
                }
            }
            progress.accept(names.get(step) + " on " + written.size() + " tables");
            runOnce(output, written, policy, steps.get(step), step);
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            Result b = before.get(i);
            Result a = measure(b.table(), catalog.loadTable(output.identifier(written.get(i))));
            results.add(new Result(b.table(), a.rows(), b.filesBefore(), a.filesBefore(), b.snapshotsBefore(),
                    a.snapshotsBefore(), b.manifestsBefore(), a.manifestsBefore(), b.storageFilesBefore(),
                    a.storageFilesBefore()));
        }
        return results;
    }

    /**
     * One bounded job running one maintenance task on every table, each triggered once, now; fails with each
     * failed table's errors if any task did not succeed.
     */
    private static void runOnce(IcebergOutput output, List<TableDef<?>> tables, Policy policy,
            Function<Policy, MaintenanceTaskBuilder<?>> step, int index) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        long now = System.currentTimeMillis();
        DataStream<String> outcomes = null; // per table: "" when its task succeeded, else what went wrong
        for (TableDef<?> def : tables) {
            String name = def.name();
            DataStream<String> outcome = TriggeredOnce.append(env, step.apply(policy),
                    TableLoader.fromCatalog(output.catalogLoader(), output.identifier(def)),
                    "maintain-" + index + "-" + name, now)
                    .map(r -> r.success() ? "" : name + ": " + r.exceptions().stream()
                            .map(e -> e.getClass().getSimpleName() + " " + e.getMessage()).toList(), Types.STRING)
                    .name("outcome " + name).uid("outcome-" + index + "-" + name);
            outcomes = outcomes == null ? outcome : outcomes.union(outcome);
        }
        List<String> failed = new ArrayList<>();
        int reported = 0;
        try (CloseableIterator<String> collected =
                outcomes.executeAndCollect("orderflow table maintenance, step " + (index + 1))) {
            while (collected.hasNext()) {
                String outcome = collected.next();
                reported++;
                if (!outcome.isEmpty()) {
                    failed.add(outcome);
                }
            }
        }
        if (reported != tables.size()) {
            failed.add((tables.size() - reported) + " of " + tables.size() + " tables gave no result");
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("table maintenance step " + (index + 1) + " failed: " + failed);
        }
    }

    /**
     * Adds the maintenance tasks of every given table to a job that is being built: each runs every {@code every}
     * (Iceberg's monitor source watches the table; its trigger manager starts one task at a time per table). The
     * manifests are not rewritten here (no Flink task exists for it): the {@code maintain} command does that.
     *
     * <p>Iceberg's maintenance operators carry types without serializers of their own (triggers, table changes,
     * task results), which Flink serializes with Kryo: this enables generic types for the job, which the job
     * otherwise disables to prove every one of its own types has an explicit serializer.
     */
    public static void schedule(StreamExecutionEnvironment env, IcebergOutput output, List<TableDef<?>> tables,
            Policy policy, Duration every) throws IOException {
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("maintenance runs at most every second, got " + every);
        }
        Configuration genericTypes = new Configuration();
        genericTypes.set(PipelineOptions.GENERIC_TYPES, true);
        env.configure(genericTypes);
        for (TableDef<?> def : tables) {
            var maintenance = org.apache.iceberg.flink.maintenance.api.TableMaintenance
                    .forTable(env, TableLoader.fromCatalog(output.catalogLoader(), output.identifier(def)))
                    .uidSuffix("orderflow-maintenance-" + def.name())
                    .rateLimit(every.compareTo(Duration.ofMinutes(1)) < 0 ? every : Duration.ofMinutes(1))
                    .lockCheckDelay(Duration.ofSeconds(Math.min(30, every.toSeconds())))
                    .parallelism(1);
            for (Function<Policy, MaintenanceTaskBuilder<?>> step : policy.steps()) {
                maintenance.add(step.apply(policy).scheduleOnInterval(every));
            }
            maintenance.append();
        }
    }

    private static Result measure(String name, Table table) {
        table.refresh();
        var snapshot = table.currentSnapshot();
        long rows = snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
        int manifests = snapshot == null ? 0 : snapshot.allManifests(table.io()).size();
        int storage = table.io() instanceof SupportsPrefixOperations prefixed
                ? count(prefixed.listPrefix(table.location())) : -1;
        int files = dataFiles(table);
        int snapshots = count(table.snapshots());
        return new Result(name, rows, files, files, snapshots, snapshots, manifests, manifests, storage, storage);
    }

    private static int dataFiles(Table table) {
        int n = 0;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask ignored : tasks) {
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
