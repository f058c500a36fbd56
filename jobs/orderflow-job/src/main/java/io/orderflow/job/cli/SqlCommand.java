package io.orderflow.job.cli;

import io.orderflow.job.offline.SqlRunner;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run Flink SQL (batch) against the Iceberg tables and print the results.")
final class SqlCommand implements Callable<Integer> {
    /** The command as parsed: its errors print where the command line's other errors do. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = {"-f", "--file"}, description = "A .sql file, or the name of one shipped in the jar "
            + "(e.g. queries/row_counts.sql)")
    String file;

    @Parameters(arity = "0..1", description = "The SQL to run (statements separated by ';')")
    String query;

    @Option(names = "--format", defaultValue = "table",
            description = "table (each statement echoed, then its result boxed), csv (RFC 4180 with a header) or "
                    + "json (JSON Lines: an object per row); csv and json print only the rows (default: "
                    + "${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (query == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either a query string or --file, e.g. sql \"SELECT * FROM bbo LIMIT 10\"");
        }
        SqlRunner.Format chosen;
        try {
            chosen = SqlRunner.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be table, csv or json, got " + format);
        }
        String script = query != null ? query : read(file);
        new SqlRunner(tables.output()).print(script, System.out, chosen);
        return 0;
    }

    private static String read(String file) throws Exception {
        Path path = Path.of(file);
        if (Files.exists(path)) {
            return Files.readString(path);
        }
        String resource = "/sql/" + file.replaceFirst("^sql/", "");
        try (InputStream in = SqlCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL file " + file + " (neither on disk nor in the jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
