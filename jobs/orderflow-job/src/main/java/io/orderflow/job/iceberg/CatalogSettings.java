package io.orderflow.job.iceberg;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Which Iceberg catalog holds the tables.
 *
 * <ul>
 *   <li>{@code hadoop} (default): metadata next to the data under {@code warehouse}, a directory or any Hadoop
 *       file system URI. Nothing to run; one writer per table (the job has exactly that).
 *   <li>{@code rest}: an Iceberg REST catalog at {@code uri} (Polaris, Nessie, Gravitino, Lakekeeper, Iceberg's own
 *       server); {@code warehouse} is passed on as the catalog's warehouse name or location.
 *   <li>{@code jdbc}: tables listed in a database at {@code uri} ({@code jdbc:postgresql://...}; the driver must be
 *       on the class path, e.g. in Flink's {@code lib/}); data and metadata files under {@code warehouse}.
 * </ul>
 *
 * <p>{@code properties} go to the catalog as they are: S3-compatible storage, for one, is {@code
 * io-impl=org.apache.iceberg.aws.s3.S3FileIO}, {@code s3.endpoint=http://minio:9000}, {@code
 * s3.path-style-access=true}, {@code client.region=us-east-1}, with the keys from the standard AWS environment
 * variables (README, "Catalogs and object storage"). A value {@code env:NAME} is read from the environment
 * variable NAME when the job starts, so passwords need not be written on a command line.
 */
public record CatalogSettings(Type type, String warehouse, String uri, Map<String, String> properties)
        implements Serializable {

    public enum Type { HADOOP, REST, JDBC }

    public CatalogSettings {
        if (type == null) {
            throw new IllegalArgumentException("catalog type is required: hadoop, rest or jdbc");
        }
        if (type != Type.REST && (warehouse == null || warehouse.isBlank())) {
            throw new IllegalArgumentException("a " + name(type) + " catalog needs a warehouse: a directory such as "
                    + "./orderflow-warehouse, or a URI such as s3://bucket/warehouse");
        }
        if (type == Type.REST && (uri == null || !uri.matches("https?://.+"))) {
            throw new IllegalArgumentException("a rest catalog needs --catalog-uri http(s)://host:port, got " + uri);
        }
        if (type == Type.JDBC && (uri == null || !uri.startsWith("jdbc:"))) {
            throw new IllegalArgumentException("a jdbc catalog needs --catalog-uri jdbc:<driver>:..., got " + uri);
        }
        if (type == Type.HADOOP && uri != null) {
            throw new IllegalArgumentException("a hadoop catalog takes no --catalog-uri (its warehouse is the catalog)");
        }
        if (warehouse != null && !warehouse.isBlank() && !warehouse.contains("://") && type != Type.REST) {
            warehouse = Path.of(warehouse).toAbsolutePath().toUri().toString();
        }
        properties = Map.copyOf(properties == null ? Map.of() : properties);
    }

    /** The default: a Hadoop catalog on a local or Hadoop-file-system warehouse. */
    public static CatalogSettings hadoop(String warehouse) {
        return new CatalogSettings(Type.HADOOP, warehouse, null, Map.of());
    }

    public static Type parseType(String s) {
        try {
            return Type.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown catalog type \"" + s + "\": use hadoop, rest or jdbc");
        }
    }

    /** Every property the catalog is built with, {@code env:} values resolved. */
    Map<String, String> catalogProperties(Map<String, String> environment) {
        Map<String, String> p = new LinkedHashMap<>();
        properties.forEach((k, v) -> p.put(k, resolve(k, v, environment)));
        if (warehouse != null && !warehouse.isBlank()) {
            p.put("warehouse", warehouse);
        }
        if (uri != null) {
            p.put("uri", uri);
        }
        if (type == Type.JDBC) {
            p.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        }
        if (type == Type.HADOOP) { // the rename lock of its commits; one given in the properties stays
            p.putIfAbsent(org.apache.iceberg.CatalogProperties.LOCK_IMPL, ProcessLockManager.class.getName());
        }
        return p;
    }

    CatalogLoader loader(String name) {
        Map<String, String> p = catalogProperties(System.getenv());
        switch (type) {
            case REST:
                return CatalogLoader.rest(name, hadoopConfiguration(), p);
            case JDBC:
                return CatalogLoader.custom(name, p, hadoopConfiguration(), "org.apache.iceberg.jdbc.JdbcCatalog");
            default:
                return CatalogLoader.hadoop(name, hadoopConfiguration(), p);
        }
    }

    /** Hadoop's configuration from its usual files, local files written without a process per file. */
    static Configuration hadoopConfiguration() {
        return NoForkLocalFileSystem.configure(new Configuration());
    }

    /** The same catalog for Flink SQL's {@code CREATE CATALOG ... WITH (...)}. */
    public Map<String, String> sqlOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("type", "iceberg");
        if (type == Type.JDBC) {
            o.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        } else {
            o.put("catalog-type", name(type));
        }
        catalogProperties(System.getenv()).forEach((k, v) -> {
            if (!k.equals("catalog-impl")) {
                o.put(k, v);
            }
        });
        return o;
    }

    private static String resolve(String key, String value, Map<String, String> environment) {
        if (value == null || !value.startsWith("env:")) {
            return value;
        }
        String variable = value.substring(4);
        String resolved = environment.get(variable);
        if (resolved == null) {
            throw new IllegalArgumentException("catalog property " + key + " names environment variable " + variable
                    + ", which is not set");
        }
        return resolved;
    }

    private static String name(Type t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** Where the tables are, for messages: never a property value (they may hold credentials). */
    public String describe() {
        return name(type) + " catalog" + (uri != null ? " at " + uri.replaceAll("//[^/@]*@", "//***@") : "")
                + (warehouse != null ? ", warehouse " + warehouse : "");
    }
}
