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
        output.requireTables();
        tables = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tables.getConfig().set("table.display.max-column-width", "40");
        StringBuilder options = new StringBuilder();
        output.catalog().sqlOptions().forEach((k, v) -> options.append(options.length() == 0 ? "" : ", ")
                .append('\'').append(k.replace("'", "''")).append("'='").append(v.replace("'", "''")).append('\''));
        tables.executeSql("CREATE CATALOG " + IcebergOutput.CATALOG_NAME + " WITH (" + options + ")");
        tables.executeSql("USE CATALOG " + IcebergOutput.CATALOG_NAME);
        tables.executeSql("USE `" + output.namespace() + "`");
    }

    /**
     * Splits a script into statements at each ';' outside quotes ('...', "...", `...`) and {@code --} comments, so
     * {@code "SELECT 1; SELECT 2"} is two statements as a SQL client reads it; comments and empty statements go.
     */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0; // a doubled quote ('it''s') closes and reopens: the same text either way
                }
            } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end - 1; // the comment goes, its line end stays
            } else if (c == ';') {
                add(out, current);
            } else {
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        statement.setLength(0);
    }

    /** How {@link #print} writes results. */
    public enum Format {
        /** Flink's boxed table, each statement echoed before its result. */
        TABLE,
        /** RFC 4180: a header line, then one line per row; no echo, so the output loads as it is. */
        CSV,
        /** JSON Lines: one object per row, keyed by column name; no echo. */
        JSON
    }

    /** Runs every statement, printing each result as a table. */
    public void print(String script, PrintStream out) {
        print(script, out, Format.TABLE);
    }

    /** Runs every statement, printing each result in {@code format}. */
    public void print(String script, PrintStream out, Format format) {
        for (String statement : statements(script)) {
            if (format == Format.TABLE) {
                out.println("> " + statement.replace('\n', ' '));
            }
            TableResult result = execute(statement);
            if (format == Format.TABLE) {
                result.print();
                continue;
            }
            List<String> columns = result.getResolvedSchema().getColumnNames();
            if (format == Format.CSV) {
                out.println(String.join(",", columns.stream().map(SqlRunner::csv).toList()));
            }
            try (CloseableIterator<Row> it = result.collect()) {
                while (it.hasNext()) {
                    Row row = it.next();
                    StringBuilder line = new StringBuilder(format == Format.JSON ? "{" : "");
                    for (int i = 0; i < columns.size(); i++) {
                        if (i > 0) {
                            line.append(',');
                        }
                        Object v = row.getField(i);
                        if (format == Format.CSV) {
                            line.append(v == null ? "" : csv(text(v)));
                        } else {
                            line.append(json(columns.get(i))).append(':').append(jsonValue(v));
                        }
                    }
                    out.println(format == Format.JSON ? line.append('}') : line);
                }
            } catch (Exception e) {
                throw new IllegalStateException("reading the result of " + statement + " failed: " + e.getMessage(), e);
            }
        }
    }

    private TableResult execute(String statement) {
        try {
            return tables.executeSql(statement);
        } catch (org.apache.flink.table.api.SqlParserException | org.apache.flink.table.api.ValidationException e) {
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
    }

    /** A value as text: arrays as [a, b], everything else as Flink prints it. */
    private static String text(Object v) {
        if (v instanceof Object[] a) {
            return java.util.Arrays.toString(a);
        }
        return v.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString(); // exact, as the table holds it
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? v.toString() : "null";
        }
        if (v instanceof Object[] a) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                b.append(i > 0 ? "," : "").append(jsonValue(a[i]));
            }
            return b.append(']').toString();
        }
        return json(v.toString()); // strings, and timestamps in ISO-8601
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
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
