package io.orderflow.job.iceberg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} URIs, checksums included), but setting permissions in this process.
 *
 * <p>Why. Without Hadoop's native library (which the {@code hadoop-client} jars do not ship), {@code
 * RawLocalFileSystem#setPermission} starts a {@code chmod} process, and it is called for every file created and
 * every directory made: each Parquet data file, its checksum file, each manifest, manifest list and metadata file.
 * Measured on the whole-job benchmark, about 1,900 processes in two runs of 600,000 events, the writer or committer
 * waiting for each, most of them at the checkpoints (issue 17). Java sets the same POSIX mode without a process.
 *
 * <p>{@link CatalogSettings} puts this class in every catalog's Hadoop configuration ({@link #configure}); a user's
 * own {@code fs.file.impl} wins over it.
 */
public final class NoForkLocalFileSystem extends LocalFileSystem {
    static final String IMPL_KEY = "fs.file.impl";
    // Hadoop caches file systems by scheme and user, not by configuration: a cached stock instance made first by
    // anything else in the JVM (another job in the TaskManager, a test) would otherwise be handed to the catalog.
    // Uncached, each lookup makes a new instance: a few objects, no I/O.
    static final String DISABLE_CACHE_KEY = "fs.file.impl.disable.cache";

    public NoForkLocalFileSystem() {
        super(new Raw());
    }

    /** {@code conf} with this file system for {@code file:} URIs, unless it names one already. */
    public static Configuration configure(Configuration conf) {
        if (conf.get(IMPL_KEY) == null) {
            conf.set(IMPL_KEY, NoForkLocalFileSystem.class.getName());
            conf.setBoolean(DISABLE_CACHE_KEY, true);
        }
        return conf;
    }

    /** The raw file system under the checksums, with permissions set through {@code java.nio}. */
    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) { // java.nio has no sticky bit: Hadoop's own way
                super.setPermission(p, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(p, permission);
            }
        }

        static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
            add(s, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);
            add(s, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE);
            add(s, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            return s;
        }

        private static void add(Set<PosixFilePermission> s, FsAction action, PosixFilePermission read,
                PosixFilePermission write, PosixFilePermission execute) {
            if (action.implies(FsAction.READ)) {
                s.add(read);
            }
            if (action.implies(FsAction.WRITE)) {
                s.add(write);
            }
            if (action.implies(FsAction.EXECUTE)) {
                s.add(execute);
            }
        }
    }
}
