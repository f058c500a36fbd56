package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.NativeCodeLoader;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NoForkLocalFileSystem} against Hadoop's own local file system: the same files, checksums and permissions,
 * and no process started on Iceberg's write path, where the stock one starts a {@code chmod} per file (JFR's
 * {@code jdk.ProcessStart} events are the witness).
 */
class NoForkLocalFileSystemTest {

    @TempDir
    Path dir;

    @Test
    void filesAndDirectoriesGetTheModesHadoopsOwnFileSystemGives() throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.permissions.umask-mode", "027");
        try (FileSystem stock = new LocalFileSystem(); FileSystem ours = new NoForkLocalFileSystem()) {
            stock.initialize(java.net.URI.create("file:///"), conf);
            ours.initialize(java.net.URI.create("file:///"), conf);
            for (String name : List.of("stock", "ours")) {
                FileSystem fs = name.equals("stock") ? stock : ours;
                org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
                fs.mkdirs(new org.apache.hadoop.fs.Path(root, "a/b"));
                try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root, "a/b/data.parquet"))) {
                    out.write("rows".getBytes(StandardCharsets.UTF_8));
                }
                for (String mode : List.of("0640", "0755", "0700", "0604", "0000")) {
                    org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(root, "mode-" + mode);
                    fs.create(f).close();
                    fs.setPermission(f, new FsPermission(Short.parseShort(mode, 8)));
                }
            }
        }
        List<String> stockTree = tree(dir.resolve("stock"));
        assertThat(stockTree).contains("a/b/.data.parquet.crc rw-r-----", "mode-0604 rw----r--",
                "a/b drwxr-x---");
        assertThat(tree(dir.resolve("ours"))).isEqualTo(stockTree);
    }

    @Test
    void icebergsWritePathStartsNoProcess() throws Exception {
        List<String> stock = processesStarted(dir.resolve("stock"),
                warehouse -> writeTable(CatalogLoader.hadoop("stock", new Configuration(), Map.of(
                        "warehouse", warehouse.toUri().toString()))));
        List<String> ours = processesStarted(dir.resolve("ours"),
                warehouse -> writeTable(CatalogSettings.hadoop(warehouse.toString()).loader("ours")));

        if (!NativeCodeLoader.isNativeCodeLoaded()) { // what Hadoop does without its native library
            assertThat(stock).isNotEmpty().allMatch(command -> command.startsWith("chmod"));
        }
        assertThat(ours).isEmpty();
        assertThat(tree(dir.resolve("ours"))).hasSameSizeAs(tree(dir.resolve("stock")));
    }

    /** A table created and one data file written and committed: metadata, manifests, data, version hint. */
    private static void writeTable(CatalogLoader loader) {
        Catalog catalog = loader.loadCatalog();
        Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
        Table table = catalog.createTable(TableIdentifier.of("ns", "t"), schema, PartitionSpec.unpartitioned());
        OutputFile file = table.io().newOutputFile(table.locationProvider().newDataLocation("part-0.parquet"));
        try (OutputStream out = file.create()) {
            out.write(new byte[] {1, 2, 3});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DataFile data = DataFiles.builder(table.spec()).withInputFile(file.toInputFile())
                .withFormat(FileFormat.PARQUET).withRecordCount(1).build();
        table.newAppend().appendFile(data).commit();
    }

    /** The commands of the processes this JVM started under {@code warehouse} while {@code work} ran on it. */
    private static List<String> processesStarted(Path warehouse, Consumer<Path> work) throws Exception {
        Path jfr = Files.createTempFile(warehouse.getParent(), "processes", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ProcessStart");
            recording.start();
            work.accept(warehouse);
            recording.stop();
            recording.dump(jfr);
        }
        return RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ProcessStart"))
                .map((RecordedEvent e) -> e.getString("command"))
                .filter(command -> command.contains(warehouse.toString()))
                .toList();
    }

    /** Every file and directory under {@code root}, relative, with its POSIX mode. */
    private static List<String> tree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).sorted().map(p -> {
                try {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                    return root.relativize(p) + " " + (Files.isDirectory(p) ? "d" : "")
                            + PosixFilePermissions.toString(mode);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
