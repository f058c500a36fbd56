package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.job.BinanceUsdmCapture;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.TestClusters;
import io.orderflow.job.offline.SqlRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job writes through an Iceberg REST catalog (Iceberg's own server, a separate process) and through a JDBC
 * catalog (SQLite), and SQL reads the tables back through the same catalogs.
 */
class CatalogsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    @Test
    void theJobWritesThroughARestCatalogServer(@TempDir Path dir) throws Exception {
        Path warehouse = Files.createDirectories(dir.resolve("rest-warehouse"));
        try (RestCatalogServer server = RestCatalogServer.start(warehouse)) {
            IcebergOutput output = new IcebergOutput(new CatalogSettings(CatalogSettings.Type.REST, null,
                    server.uri(), Map.of()), "orderflow");
            runCapture(output, dir);
            assertTablesAndRows(output);
            // the server put the files in its warehouse: the catalog, not the job, decides where tables live
            assertThat(warehouse.resolve("orderflow").resolve("book_updates").resolve("metadata")).isDirectory();
        }
    }

    @Test
    void theJobWritesThroughAJdbcCatalog(@TempDir Path dir) throws Exception {
        String uri = "jdbc:sqlite:" + dir.resolve("catalog.db");
        IcebergOutput output = new IcebergOutput(new CatalogSettings(CatalogSettings.Type.JDBC,
                dir.resolve("jdbc-warehouse").toString(), uri, Map.of("jdbc.schema-version", "V1")), "orderflow");
        runCapture(output, dir);
        assertTablesAndRows(output);
        // the database lists every table, with its current metadata file
        List<String> listed = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(uri);
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT table_name, metadata_location FROM iceberg_tables WHERE table_namespace = 'orderflow'")) {
            while (rs.next()) {
                listed.add(rs.getString(1));
                assertThat(rs.getString(2)).contains("jdbc-warehouse").endsWith(".metadata.json");
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(OrderflowTables.ALL.stream().map(TableDef::name).toList());
    }

    /** A real Binance USD-M capture (fixtures/NOTICE) through the whole job, bounded. */
    private static void runCapture(IcebergOutput output, Path dir) throws Exception {
        try (LocalExchange exchange = BinanceUsdmCapture.serve(dir, 10)) {
            WebSocketSource source = BinanceUsdmCapture.source(exchange);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new OrderflowJob(source, output, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1))
                    .withKillSwitchFile(dir.resolve("no-kill-switch").toString())).build(env);
            env.execute("catalog " + output.catalog().type());
        }
    }

    private static void assertTablesAndRows(IcebergOutput output) throws Exception {
        Catalog catalog = output.catalogLoader().loadCatalog();
        List<String> tables = catalog.listTables(Namespace.of("orderflow")).stream().map(TableIdentifier::name).toList();
        assertThat(tables).containsExactlyInAnyOrderElementsOf(OrderflowTables.ALL.stream().map(TableDef::name).toList());
        long committed = output.committedRows().get("book_updates");
        assertThat(committed).isGreaterThan(500);
        SqlRunner sql = new SqlRunner(output);
        assertThat(((Number) sql.query("SELECT COUNT(*) AS n FROM book_updates").get(0).getField("n")).longValue())
                .isEqualTo(committed);
        assertThat(sql.query("SELECT DISTINCT symbol FROM bbo")).extracting(r -> (String) r.getField("symbol"))
                .containsExactlyInAnyOrderElementsOf(BinanceUsdmCapture.SYMBOLS);
    }
}
