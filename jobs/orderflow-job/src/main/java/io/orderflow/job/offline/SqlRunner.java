package io.orderflow.job.offline;

import io.orderflow.job.iceberg.IcebergOutput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Flink SQL in batch mode over orderflow's Iceberg catalog: the catalog is registered as {@code orderflow} and
 * the namespace is the current database, so queries name tables plainly ({@code SELECT * FROM bbo}).
 */
public final class SqlRunner {
    private final TableEnvironment tables;

    public SqlRunner(IcebergOutput output) {
        tables = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tables.getConfig().set("table.display.max-column-width", "40");
        StringBuilder options = new StringBuilder();
        output.catalog().sqlOptions().forEach((k, v) -> options.append(options.length() == 0 ? "" : ", ")
                .append('\'').append(k.replace("'", "''")).append("'='").append(v.replace("'", "''")).append('\''));
        tables.executeSql("CREATE CATALOG " + IcebergOutput.CATALOG_NAME + " WITH (" + options + ")");
        tables.executeSql("USE CATALOG " + IcebergOutput.CATALOG_NAME);
        tables.executeSql("USE `" + output.namespace() + "`");
    }

    /** Splits a script into statements on ';' at line ends, dropping {@code --} comment lines. */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** Runs every statement, printing each result as a table. */
    public void print(String script, PrintStream out) {
        for (String statement : statements(script)) {
            out.println("> " + statement.replace('\n', ' '));
            TableResult result;
            try {
                result = tables.executeSql(statement);
            } catch (org.apache.flink.table.api.SqlParserException
                    | org.apache.flink.table.api.ValidationException e) {
                // a mistake in the query, not in orderflow: one line, no stack trace
                String message = e.getMessage().lines().findFirst().orElse(e.toString());
                Throwable cause = e.getCause();
                while (cause != null && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                String root = cause == null || cause.getMessage() == null ? ""
                        : cause.getMessage().lines().findFirst().orElse("");
                String detail = root.isEmpty() || message.contains(root) ? "" : " (" + root + ")";
                throw new IllegalArgumentException(message + detail + ". Reserved words such as pattern, matches "
                        + "and calls need `backquotes` as names.", e);
            }
            result.print();
        }
    }

    /** Runs one query and returns its rows. */
    public List<Row> query(String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tables.executeSql(sql).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
