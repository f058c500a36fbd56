package io.orderflow.job.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** What a table holds, read straight from its files with Iceberg's generic reader (no Flink in between). */
public final class TableRows {
    private TableRows() {}

    /** Every committed row of {@code def} (none if the table does not exist yet). */
    public static List<Record> read(IcebergOutput output, TableDef def) {
        Catalog catalog = output.catalogLoader().loadCatalog();
        if (!catalog.tableExists(output.identifier(def))) {
            return List.of();
        }
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(catalog.loadTable(output.identifier(def)))
                .build()) {
            records.forEach(rows::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Every row as text, sorted: two equal lists mean nothing lost, nothing duplicated, nothing changed. */
    public static List<String> sorted(IcebergOutput output, TableDef def) {
        List<String> rows = new ArrayList<>();
        read(output, def).forEach(r -> rows.add(r.toString()));
        rows.sort(null);
        return rows;
    }
}
