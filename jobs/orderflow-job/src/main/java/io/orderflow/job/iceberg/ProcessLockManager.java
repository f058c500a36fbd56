package io.orderflow.job.iceberg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.LockManager;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The Hadoop catalog's commit lock within one JVM: a table's next metadata file is renamed into place under it,
 * since a local file system's rename replaces an existing file. Iceberg's default (its in-memory lock manager) keeps
 * every lock in one static map that any closed catalog clears: a reader closing its catalog while a job commits
 * released the committer's lock (and logged "Cannot find lock for entity" at ERROR when the commit ended), so two
 * committers in one JVM (the sink and in-job maintenance, say) were no longer excluded. Here locks are shared by
 * every catalog of the JVM, but one that closes releases only those it acquired. Like Iceberg's, it cannot exclude
 * writers in other processes: for those, use a catalog with its own commit protocol (rest or jdbc).
 */
public final class ProcessLockManager implements LockManager {
    private static final ConcurrentMap<String, String> HELD = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, String> acquiredHere = new ConcurrentHashMap<>();
    private long acquireTimeoutMs = CatalogProperties.LOCK_ACQUIRE_TIMEOUT_MS_DEFAULT;
    private long acquireIntervalMs = 20;

    @Override
    public void initialize(Map<String, String> properties) {
        acquireTimeoutMs = PropertyUtil.propertyAsLong(properties, CatalogProperties.LOCK_ACQUIRE_TIMEOUT_MS,
                CatalogProperties.LOCK_ACQUIRE_TIMEOUT_MS_DEFAULT);
        acquireIntervalMs = Math.min(PropertyUtil.propertyAsLong(properties,
                CatalogProperties.LOCK_ACQUIRE_INTERVAL_MS, acquireIntervalMs), acquireTimeoutMs);
    }

    @Override
    public boolean acquire(String entityId, String ownerId) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(acquireTimeoutMs);
        while (true) {
            String holder = HELD.putIfAbsent(entityId, ownerId);
            if (holder == null || holder.equals(ownerId)) {
                acquiredHere.put(entityId, ownerId);
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, acquireIntervalMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public boolean release(String entityId, String ownerId) {
        acquiredHere.remove(entityId, ownerId);
        return HELD.remove(entityId, ownerId);
    }

    @Override
    public void close() {
        acquiredHere.forEach(HELD::remove);
        acquiredHere.clear();
    }
}
