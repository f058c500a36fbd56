package io.orderflow.job.iceberg;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Renders {@link OrderflowTables} as Iceberg SQL DDL (the dialect Spark, Trino-with-Iceberg and other engines
 * accept, with the hidden {@code days(event_time)} partitioning that Flink SQL cannot express). orderflow creates
 * its tables itself through the Iceberg API; this text documents them for users and for engines other than the
 * job. {@code sql/ddl/tables.sql} is this output; {@code DdlWriterTest} fails when they drift apart.
 */
public final class DdlWriter {
    private DdlWriter() {}

    public static String render(String namespace) {
        StringBuilder b = new StringBuilder();
        b.append("-- orderflow tables (Iceberg). Generated from OrderflowTables by `orderflow ddl`: do not edit by hand.\n")
                .append("-- The job creates them itself at start-up; this DDL documents them and serves other engines.\n")
                .append("-- Prices and sizes are exact: DECIMAL(18,8) in market data (every source refuses a value\n")
                .append("-- of 10^10 or more), DECIMAL(20,8) in orders, fills and accounts. Timestamps are UTC.\n\n");
        for (TableDef<?> t : OrderflowTables.ALL) {
            b.append("-- ").append(t.description()).append('\n');
            b.append("CREATE TABLE IF NOT EXISTS ").append(namespace).append('.').append(t.name()).append(" (\n");
            b.append(t.schema().columns().stream()
                    .map(f -> "  " + f.name() + " " + sqlType(f.type()) + (f.isRequired() ? " NOT NULL" : ""))
                    .collect(Collectors.joining(",\n")));
            b.append("\n) USING iceberg\nPARTITIONED BY (days(event_time))\nTBLPROPERTIES ('format-version' = '2');\n\n");
        }
        return b.toString();
    }

    static String sqlType(Type type) {
        switch (type.typeId()) {
            case STRING:
                return "STRING";
            case LONG:
                return "BIGINT";
            case INTEGER:
                return "INT";
            case BOOLEAN:
                return "BOOLEAN";
            case DOUBLE:
                return "DOUBLE";
            case DECIMAL:
                Types.DecimalType d = (Types.DecimalType) type;
                return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
            case TIMESTAMP:
                return ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMP" : "TIMESTAMP_NTZ";
            case LIST:
                return "ARRAY<" + sqlType(type.asListType().elementType()) + ">";
            case STRUCT:
                return "STRUCT<" + type.asStructType().fields().stream()
                        .map(f -> f.name() + ": " + sqlType(f.type()))
                        .collect(Collectors.joining(", ")) + ">";
            default:
                throw new IllegalArgumentException("no SQL type for " + type.toString().toLowerCase(Locale.ROOT));
        }
    }
}
