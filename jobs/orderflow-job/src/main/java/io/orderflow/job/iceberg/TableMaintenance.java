package io.orderflow.job.iceberg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.actions.Actions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Keeps the tables fast to read and the warehouse from growing without bound. A streaming job commits a few small
 * files per table on every checkpoint (every 10 s by default), so after a day a table holds thousands of files and
 * snapshots. For each table:
 * <ol>
 *   <li>snapshot expiry: snapshots older than {@code keep} are expired, always keeping the newest
 *       {@code retainLast}, and the files they alone used are deleted. Time travel reaches back {@code keep};</li>
 *   <li>compaction: the data files are rewritten into files of about {@code targetFileBytes} (Iceberg's Flink
 *       rewrite action, a local batch job). It commits with the snapshot it started from, so appends a running
 *       job commits meanwhile stay valid.</li>
 * </ol>
 * The files a compaction replaces stay on disk while its snapshot is kept (a reader may still be on the older
 * snapshot); a later run deletes them once that snapshot has expired.
 */
public final class TableMaintenance {
    private TableMaintenance() {}

    /** What maintenance did to one table. */
    public record Result(String table, long rows, int filesBefore, int filesAfter, int snapshotsBefore,
            int snapshotsAfter) {}

    public static List<Result> run(IcebergOutput output, List<TableDef<?>> tables, long targetFileBytes, Duration keep,
            int retainLast) {
        if (targetFileBytes < 1_024 * 1_024) {
            throw new IllegalArgumentException("target file size must be at least 1 MB, got " + targetFileBytes);
        }
        if (keep.isNegative() || retainLast < 1) {
            throw new IllegalArgumentException("keep snapshots for a non-negative time, and retain at least one");
        }
        List<Result> results = new ArrayList<>();
        Catalog catalog = output.catalogLoader().loadCatalog();
        for (TableDef<?> def : tables) {
            if (!catalog.tableExists(output.identifier(def))) {
                continue;
            }
            Table table = catalog.loadTable(output.identifier(def));
            Snapshot current = table.currentSnapshot();
            if (current == null) {
                continue; // nothing written yet
            }
            int filesBefore = dataFiles(table);
            int snapshotsBefore = count(table.snapshots());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            table.expireSnapshots().expireOlderThan(System.currentTimeMillis() - keep.toMillis())
                    .retainLast(retainLast).cleanExpiredFiles(true).commit();
            table.refresh();
            // a small open cost: checkpoint files are tiny, and the default 4 MB would cap a rewrite task at 32
            // of them, leaving many "compacted" files per partition
            Actions.forTable(env, table).rewriteDataFiles().targetSizeInBytes(targetFileBytes)
                    .splitOpenFileCost(64 * 1024).useStartingSequenceNumber(true).execute();
            table.refresh();
            results.add(new Result(def.name(), Long.parseLong(table.currentSnapshot().summary()
                    .getOrDefault("total-records", "0")), filesBefore, dataFiles(table), snapshotsBefore,
                    count(table.snapshots())));
        }
        return results;
    }

    private static int dataFiles(Table table) {
        int n = 0;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask ignored : tasks) {
                n++;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
