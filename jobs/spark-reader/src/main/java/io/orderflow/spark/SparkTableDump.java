package io.orderflow.spark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Reads orderflow's tables with Spark 3.5 (Iceberg's Spark runtime, a Hadoop catalog on the warehouse) and writes,
 * per table, its Spark schema ({@code <table>.schema}: column, tab, Spark's type) and every row in a canonical text
 * form ({@code <table>.rows}, one per line, in Spark's read order).
 *
 * <p>The canonical form, which the job's test renders the same way from Iceberg's generic reader: fields in schema
 * order joined by {@code |}; null as {@code null}; decimals in plain notation with their scale; timestamps with a
 * zone as microseconds since the epoch; lists as {@code [a,b]}; structs as {@code {a,b}}; other values as
 * {@code String.valueOf}.
 *
 * <p>Usage: {@code SparkTableDump <warehouse> <namespace> <out-dir> <table>...}
 */
public final class SparkTableDump {
    private SparkTableDump() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: SparkTableDump <warehouse> <namespace> <out-dir> <table>...");
            System.exit(2);
        }
        String warehouse = args[0];
        String namespace = args[1];
        Path out = Files.createDirectories(Path.of(args[2]));
        SparkSession spark = SparkSession.builder().master("local[1]").appName("orderflow tables in Spark")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.warehouse.dir", out.resolve("spark-warehouse").toUri().toString())
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.catalog.orderflow_check", "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog.orderflow_check.type", "hadoop")
                .config("spark.sql.catalog.orderflow_check.warehouse", warehouse)
                .getOrCreate();
        System.out.println("reading the tables of " + warehouse + ", namespace " + namespace);
        try {
            for (String table : List.of(args).subList(3, args.length)) {
                var rows = spark.table("orderflow_check." + namespace + "." + table);
                try (BufferedWriter schema = Files.newBufferedWriter(out.resolve(table + ".schema"),
                        StandardCharsets.UTF_8)) {
                    for (StructField f : rows.schema().fields()) {
                        schema.write(f.name() + "\t" + f.dataType().simpleString() + "\n");
                    }
                }
                long count = 0;
                try (BufferedWriter text = Files.newBufferedWriter(out.resolve(table + ".rows"),
                        StandardCharsets.UTF_8)) {
                    for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); count++) {
                        text.write(row(it.next()));
                        text.write('\n');
                    }
                }
                System.out.println("read " + table + ": " + count + " rows");
            }
        } finally {
            spark.stop();
        }
    }

    private static String row(Row r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
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
        if (v instanceof Instant t) {
            return Long.toString(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
        }
        if (v instanceof Row struct) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < struct.length(); i++) {
                b.append(i == 0 ? "" : ",").append(value(struct.get(i)));
            }
            return b.append('}').toString();
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            StringBuilder b = new StringBuilder("[");
            scala.collection.Iterator<?> it = seq.iterator();
            for (boolean first = true; it.hasNext(); first = false) {
                b.append(first ? "" : ",").append(value(it.next()));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
