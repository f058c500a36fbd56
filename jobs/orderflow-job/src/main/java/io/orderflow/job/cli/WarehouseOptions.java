package io.orderflow.job.cli;

import io.orderflow.job.iceberg.IcebergOutput;
import picocli.CommandLine.Option;

/** Options every command that touches the tables shares. */
final class WarehouseOptions {
    static final String DEFAULT_WAREHOUSE = "orderflow-warehouse";

    @Option(names = "--warehouse", defaultValue = DEFAULT_WAREHOUSE,
            description = "Iceberg warehouse: a directory or URI (s3://bucket/path); for a rest catalog, the "
                    + "warehouse it names (default: ${DEFAULT-VALUE})")
    String warehouse;

    @Option(names = "--catalog", defaultValue = "hadoop",
            description = "Iceberg catalog: hadoop (the warehouse is the catalog), rest or jdbc (default: "
                    + "${DEFAULT-VALUE})")
    String catalog;

    @Option(names = "--catalog-uri", description = "rest: http(s)://host:port of the REST catalog; jdbc: "
            + "jdbc:postgresql://... (driver on the class path)")
    String catalogUri;

    @Option(names = "--catalog-property", description = "Any Iceberg catalog property, key=value (repeatable), "
            + "e.g. io-impl=org.apache.iceberg.aws.s3.S3FileIO, s3.endpoint=http://minio:9000, "
            + "jdbc.password=env:PGPASSWORD (env:NAME reads an environment variable)")
    java.util.Map<String, String> catalogProperties = new java.util.LinkedHashMap<>();

    @Option(names = "--namespace", defaultValue = IcebergOutput.DEFAULT_NAMESPACE,
            description = "Iceberg namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    IcebergOutput output() {
        io.orderflow.job.iceberg.CatalogSettings.Type type = io.orderflow.job.iceberg.CatalogSettings.parseType(catalog);
        return new IcebergOutput(new io.orderflow.job.iceberg.CatalogSettings(type,
                type == io.orderflow.job.iceberg.CatalogSettings.Type.REST && DEFAULT_WAREHOUSE.equals(warehouse)
                        ? null : warehouse, catalogUri, catalogProperties), namespace);
    }
}
