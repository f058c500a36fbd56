package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.TableDef;
import io.orderflow.job.iceberg.TableRows;
import io.orderflow.job.offline.SqlRunner;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another engine reads every table the demo wrote exactly as Iceberg's own reader does: Apache Spark 3.5 with
 * Iceberg's Spark runtime (jobs/spark-reader, run in a child JVM: Spark needs its own Jackson and Hadoop), row for
 * row and digit for digit, with the column types sql/ddl/tables.sql documents (DECIMAL(18,8) market data,
 * DECIMAL(20,8) orders, fills and accounts). The reference is Spark's own Parquet and decimal decoding, which no
 * orderflow code touches.
 */
class SparkReadsEveryTableITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    /** The tables whose decimal columns must have rows to compare: the market data, orders and fills. */
    private static final List<TableDef<?>> MUST_HAVE_ROWS = List.of(OrderflowTables.BOOK_UPDATES,
            OrderflowTables.TRADES, OrderflowTables.BBO, OrderflowTables.BOOK_TOP10_1S, OrderflowTables.ORDERS,
            OrderflowTables.FILLS);

    @Test
    void sparkReadsEveryTableRowForRowAndDigitForDigit(@TempDir Path out) throws Exception {
        DemoRun demo = DemoRun.get();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx768m"));
        command.addAll(SPARK_JAVA_17_FLAGS);
        command.addAll(List.of("-cp", sparkClassPath(), "io.orderflow.spark.SparkTableDump",
                demo.output.catalog().warehouse(), demo.output.namespace(), // a file: URI
                out.toString()));
        OrderflowTables.ALL.forEach(t -> command.add(t.name()));
        Path log = out.resolve("spark.log");
        Process spark = new ProcessBuilder(command).directory(out.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(spark.waitFor(5, TimeUnit.MINUTES)).as("Spark finished within 5 minutes").isTrue();
        } finally {
            spark.destroyForcibly().waitFor();
        }
        assertThat(spark.exitValue()).as("Spark's exit; its log:%n%s", tail(log)).isZero();

        Map<String, Integer> rowsPerTable = new TreeMap<>();
        for (TableDef<?> table : OrderflowTables.ALL) {
            List<String> icebergRows = new ArrayList<>();
            for (Record r : TableRows.read(demo.output, table)) {
                icebergRows.add(row(r));
            }
            List<String> sparkRows = Files.readAllLines(out.resolve(table.name() + ".rows"), StandardCharsets.UTF_8);
            icebergRows.sort(null);
            sparkRows.sort(null);
            assertThat(sparkRows).as("%s: rows as Spark reads them", table.name()).hasSameSizeAs(icebergRows);
            for (int i = 0; i < icebergRows.size(); i++) {
                assertThat(sparkRows.get(i)).as("%s: sorted row %d as Spark reads it", table.name(), i)
                        .isEqualTo(icebergRows.get(i));
            }
            assertThat(Files.readAllLines(out.resolve(table.name() + ".schema"))).as("%s: Spark's column types",
                    table.name()).containsExactlyElementsOf(table.schema().columns().stream()
                            .map(c -> c.name() + "\t" + sparkType(c.type())).toList());
            rowsPerTable.put(table.name(), icebergRows.size());
        }
        System.out.println("rows read alike by Spark and Iceberg: " + rowsPerTable);

        // and as orderflow's own `sql` counts and sums them: every table's rows, and the traded notional, exactly
        SqlRunner sql = new SqlRunner(demo.output);
        for (TableDef<?> table : OrderflowTables.ALL) {
            assertThat(((Number) sql.query("SELECT COUNT(*) FROM " + table.name()).get(0).getField(0)).longValue())
                    .as("%s: COUNT(*) in orderflow sql against Spark's rows", table.name())
                    .isEqualTo(rowsPerTable.get(table.name()).longValue());
        }
        List<String> columns = OrderflowTables.TRADES.schema().columns().stream().map(c -> c.name()).toList();
        int price = columns.indexOf("price");
        int size = columns.indexOf("size");
        BigDecimal sparkNotional = BigDecimal.ZERO;
        for (String line : Files.readAllLines(out.resolve("trades.rows"), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\\|", -1);
            sparkNotional = sparkNotional.add(new BigDecimal(fields[price]).multiply(new BigDecimal(fields[size])));
        }
        BigDecimal sqlNotional = (BigDecimal) sql.query("SELECT SUM(price * size) FROM trades").get(0).getField(0);
        assertThat(sqlNotional).as("traded notional, orderflow sql against Spark's rows").isPositive()
                .isEqualByComparingTo(sparkNotional);
        for (TableDef<?> t : MUST_HAVE_ROWS) {
            assertThat(rowsPerTable.get(t.name())).as("%s rows compared", t.name()).isPositive();
        }
    }

    /** The canonical text of a row, as SparkTableDump writes it (see its comment). */
    private static String row(Record r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.size(); i++) {
            b.append(i == 0 ? "" : "|").append(value(r.get(i)));
        }
        return b.toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof OffsetDateTime t) {
            Instant i = t.toInstant();
            return Long.toString(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000));
        }
        if (v instanceof Record struct) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < struct.size(); i++) {
                b.append(i == 0 ? "" : ",").append(value(struct.get(i)));
            }
            return b.append('}').toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "" : ",").append(value(list.get(i)));
            }
            return b.append(']').toString();
        }
        if (v instanceof ByteBuffer) {
            throw new IllegalStateException("no orderflow table has a binary column");
        }
        return String.valueOf(v);
    }

    /** Spark's name of an Iceberg type, as {@code DataType.simpleString} prints it. */
    private static String sparkType(Type t) {
        return switch (t.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "int";
            case LONG -> "bigint";
            case DOUBLE -> "double";
            case STRING -> "string";
            case TIMESTAMP -> ((Types.TimestampType) t).shouldAdjustToUTC() ? "timestamp" : "timestamp_ntz";
            case DECIMAL -> "decimal(" + ((Types.DecimalType) t).precision() + "," + ((Types.DecimalType) t).scale() + ")";
            case LIST -> "array<" + sparkType(((Types.ListType) t).elementType()) + ">";
            case STRUCT -> "struct<" + String.join(",", ((Types.StructType) t).fields().stream()
                    .map(f -> f.name() + ":" + sparkType(f.type())).toList()) + ">";
            default -> throw new IllegalStateException("a type no orderflow table has: " + t);
        };
    }

    private static String sparkClassPath() throws IOException {
        Path module = Path.of(System.getProperty("orderflow.spark-reader.dir", "../spark-reader/target"));
        Path classPath = module.resolve("classpath.txt");
        if (!Files.exists(classPath) || !Files.isDirectory(module.resolve("classes"))) {
            throw new IllegalStateException("the Spark reader (" + module + ") is not built: run the build from "
                    + "the repository root (mvn verify)");
        }
        return module.resolve("classes") + java.io.File.pathSeparator + Files.readString(classPath).trim();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** What Spark's own launcher adds on Java 17 (JavaModuleOptions in Spark 3.5). */
    private static final List<String> SPARK_JAVA_17_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");
}
