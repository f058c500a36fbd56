package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables on disk: created when missing, and given the columns a newer orderflow adds when they exist. */
class IcebergOutputTest {
    @Test
    void createsMissingTablesAndEvolvesOlderOnes(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.resolve("wh").toString(), "orderflow");
        Catalog catalog = output.catalogLoader().loadCatalog();
        ((SupportsNamespaces) catalog).createNamespace(Namespace.of("orderflow"));
        // the volatility table as the previous release created it: without the Parkinson and EWMA columns
        List<Types.NestedField> columns = OrderflowTables.VOLATILITY.schema().columns();
        Schema old = new Schema(columns.subList(0, columns.size() - 2));
        catalog.createTable(output.identifier(OrderflowTables.VOLATILITY), old,
                org.apache.iceberg.PartitionSpec.builderFor(old).day("event_time").build(), Map.of());

        output.ensureTables();
        output.ensureTables(); // idempotent

        Table volatility = catalog.loadTable(output.identifier(OrderflowTables.VOLATILITY));
        assertThat(volatility.schema().columns()).extracting(Types.NestedField::name)
                .containsExactlyElementsOf(columns.stream().map(Types.NestedField::name).toList());
        assertThat(volatility.schema().findField("ewma_vol_annualized").isOptional()).isTrue();
        for (TableDef t : OrderflowTables.ALL) {
            assertThat(catalog.tableExists(output.identifier(t))).as(t.name()).isTrue();
        }
        assertThat(output.committedRows()).containsOnlyKeys(OrderflowTables.ALL.stream().map(TableDef::name).toList())
                .allSatisfy((table, rows) -> assertThat(rows).isZero());
    }
}
