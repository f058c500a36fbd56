package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.util.LockManagers;
import org.junit.jupiter.api.Test;

/**
 * The Hadoop catalog's commit lock: shared by every catalog of the JVM, and a catalog that closes releases only
 * its own locks (Iceberg's default in-memory manager clears them all).
 */
class ProcessLockManagerTest {
    private static ProcessLockManager manager() {
        // built as Iceberg builds a catalog's lock manager from the catalog's properties
        return (ProcessLockManager) LockManagers.from(Map.of(CatalogProperties.LOCK_IMPL,
                ProcessLockManager.class.getName(), CatalogProperties.LOCK_ACQUIRE_TIMEOUT_MS, "200",
                CatalogProperties.LOCK_ACQUIRE_INTERVAL_MS, "10"));
    }

    @Test
    void excludesOtherOwnersAcrossCatalogsUntilReleased() {
        ProcessLockManager committer = manager();
        ProcessLockManager other = manager();
        String metadata = "file:/w/orderflow/bbo/metadata/v7.metadata.json";
        assertThat(committer.acquire(metadata, "commit-1")).isTrue();
        assertThat(other.acquire(metadata, "commit-2")).as("held by another owner, past the timeout").isFalse();
        assertThat(other.acquire("file:/w/orderflow/trades/metadata/v3.metadata.json", "commit-2"))
                .as("another table's lock").isTrue();
        assertThat(committer.release(metadata, "commit-2")).as("not its owner").isFalse();
        assertThat(committer.release(metadata, "commit-1")).isTrue();
        assertThat(other.acquire(metadata, "commit-2")).isTrue();
    }

    @Test
    void aClosingCatalogReleasesOnlyItsOwnLocks() {
        ProcessLockManager committer = manager();
        ProcessLockManager reader = manager();
        ProcessLockManager third = manager();
        String metadata = "file:/w/orderflow/book_updates/metadata/v3.metadata.json";
        assertThat(committer.acquire(metadata, "commit-1")).isTrue();
        reader.close(); // a reader's catalog closes while the commit runs
        assertThat(third.acquire(metadata, "commit-2")).as("still excluded").isFalse();
        assertThat(committer.release(metadata, "commit-1")).as("the commit ends holding its lock").isTrue();

        assertThat(committer.acquire(metadata, "commit-3")).isTrue();
        committer.close(); // a catalog closing mid-commit frees what it held
        assertThat(third.acquire(metadata, "commit-4")).isTrue();
        third.close();
    }
}
