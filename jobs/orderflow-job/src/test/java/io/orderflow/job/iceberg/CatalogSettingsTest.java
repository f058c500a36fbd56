package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogSettingsTest {

    @Test
    void eachCatalogSaysWhatItNeeds() {
        assertThatThrownBy(() -> new CatalogSettings(CatalogSettings.Type.REST, null, "localhost:8181", Map.of()))
                .hasMessageContaining("--catalog-uri http(s)://host:port");
        assertThatThrownBy(() -> new CatalogSettings(CatalogSettings.Type.JDBC, "/tmp/w", "postgres://x", Map.of()))
                .hasMessageContaining("jdbc:<driver>");
        assertThatThrownBy(() -> new CatalogSettings(CatalogSettings.Type.JDBC, " ", "jdbc:sqlite:x", Map.of()))
                .hasMessageContaining("needs a warehouse");
        assertThatThrownBy(() -> new CatalogSettings(CatalogSettings.Type.HADOOP, "/tmp/w", "http://x", Map.of()))
                .hasMessageContaining("takes no --catalog-uri");
        assertThatThrownBy(() -> CatalogSettings.parseType("glue")).hasMessageContaining("hadoop, rest or jdbc");
        assertThat(CatalogSettings.hadoop("relative/dir").warehouse()).startsWith("file:/").endsWith("relative/dir");
    }

    @Test
    void secretsComeFromTheEnvironmentAndStayOutOfDescriptions() {
        CatalogSettings jdbc = new CatalogSettings(CatalogSettings.Type.JDBC, "s3://bucket/wh",
                "jdbc:postgresql://orderflow:hunter2@db:5432/catalog", Map.of("jdbc.password", "env:PG_PASSWORD"));
        assertThat(jdbc.catalogProperties(Map.of("PG_PASSWORD", "s3cret")))
                .containsEntry("jdbc.password", "s3cret")
                .containsEntry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
                .containsEntry("warehouse", "s3://bucket/wh");
        assertThatThrownBy(() -> jdbc.catalogProperties(Map.of()))
                .hasMessageContaining("PG_PASSWORD, which is not set").hasMessageNotContaining("s3cret");
        assertThat(jdbc.describe()).doesNotContain("hunter2").contains("jdbc:postgresql://***@db:5432/catalog");
    }
}
