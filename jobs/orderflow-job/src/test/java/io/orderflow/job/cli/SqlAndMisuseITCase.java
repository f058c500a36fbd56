package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.offline.SqlRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql}'s output formats and statement splitting, and the one-line errors of the table commands, through
 * the command line as a user types them, on tables replayed from a real OKX capture (fixtures/NOTICE).
 */
class SqlAndMisuseITCase {
    @TempDir
    static Path dir;

    static String warehouse;

    @BeforeAll
    static void replay() throws Exception {
        Path capture = dir.resolve("OKX.ws.1.0");
        try (var in = SqlAndMisuseITCase.class.getResourceAsStream("/fixtures/raw_captures/OKX.ws.1.0")) {
            Files.copy(in, capture);
        }
        warehouse = dir.resolve("warehouse").toString();
        assertThat(run("replay", "--speed", "0", "--warehouse", warehouse, capture.toString()).exit).isZero();
    }

    record Outcome(int exit, String out, String err) {}

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            var cl = OrderflowCli.commandLine();
            cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            exit = cl.execute(args);
        } finally {
            System.setOut(original);
        }
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void csvHasAHeaderAndQuotesWhatNeedsItAndEveryStatementOfALineRuns() throws Exception {
        SqlRunner sql = new SqlRunner(new IcebergOutput(warehouse, "orderflow"));
        List<String> expected = new ArrayList<>(List.of("symbol,n"));
        for (Row r : sql.query("SELECT symbol, COUNT(*) AS n FROM bbo GROUP BY symbol ORDER BY symbol")) {
            expected.add(r.getField(0) + "," + r.getField(1));
        }
        expected.add("s,d");
        expected.add("\"a,b; \"\"c\"\"\",1.50");
        Outcome o = run("sql", "--warehouse", warehouse, "--format", "csv",
                "SELECT symbol, COUNT(*) AS n FROM bbo GROUP BY symbol ORDER BY symbol; -- the counts ; then\n"
                        + "SELECT 'a,b; \"c\"' AS s, CAST(1.5 AS DECIMAL(10, 2)) AS d;");
        assertThat(o.exit).as(o.err).isZero();
        assertThat(o.out.lines().toList()).isEqualTo(expected);
        assertThat(expected).hasSizeGreaterThan(4); // three instruments, the header and the second statement
    }

    @Test
    void jsonIsOneObjectPerRowWithExactDecimals() throws Exception {
        String query = "SELECT symbol, bid_price, after_gap FROM bbo ORDER BY exchange_time_ms, symbol, bid_price LIMIT 5";
        SqlRunner sql = new SqlRunner(new IcebergOutput(warehouse, "orderflow"));
        List<String> expected = new ArrayList<>();
        for (Row r : sql.query(query)) {
            expected.add("{\"symbol\":\"" + r.getField(0) + "\",\"bid_price\":"
                    + ((BigDecimal) r.getField(1)).toPlainString() + ",\"after_gap\":" + r.getField(2) + "}");
        }
        Outcome o = run("sql", "--warehouse", warehouse, "--format", "json", query);
        assertThat(o.exit).as(o.err).isZero();
        assertThat(o.out.lines().toList()).isEqualTo(expected).hasSize(5);
    }

    @Test
    void everyMisuseIsOneLineNamingWhatToFixAndExitTwo() throws Exception {
        String missing = dir.resolve("no-such-warehouse").toString();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens here once it is closed
        }
        List<String[]> misuses = List.of(
                new String[] {"sql", "--warehouse", missing, "SELECT 1"},
                new String[] {"train", "--warehouse", missing},
                new String[] {"report", "--warehouse", missing},
                new String[] {"maintain", "--warehouse", missing},
                new String[] {"schedule", "--warehouse", missing, "--instrument", "okx:BTC-USDT"},
                new String[] {"sql", "--warehouse", warehouse, "SELECT nonsense FROM bbo"},
                new String[] {"sql", "--warehouse", warehouse, "--format", "xml", "SELECT 1"},
                new String[] {"train", "--warehouse", warehouse, "--fit", "ridge"},
                new String[] {"schedule", "--warehouse", warehouse, "--instrument", "okx:BTC-USDT", "--side", "hold"},
                new String[] {"schedule", "--warehouse", warehouse, "--instrument", "nowhere:X"},
                new String[] {"record", "--venue", "okx", "--symbols", "BTC-USDT", "--ws-base",
                    "ws://127.0.0.1:" + closedPort, "--rest-base", "http://127.0.0.1:" + closedPort, "--seconds", "20",
                    "--out", dir.resolve("unreachable.okx").toString()},
                new String[] {"run", "--kafka", "127.0.0.1:" + closedPort, "--warehouse", warehouse});
        List<String> fixes = List.of("no orderflow tables", "no orderflow tables", "no orderflow tables",
                "no orderflow tables", "no orderflow tables", "Column 'nonsense' not found", "--format must be",
                "--fit must be", "--side must be", "nowhere:X", "could not record okx: ws://127.0.0.1:" + closedPort,
                "cannot reach Kafka at 127.0.0.1:" + closedPort + " within 10 s");
        for (int i = 0; i < misuses.size(); i++) {
            Outcome o = run(misuses.get(i));
            String what = String.join(" ", misuses.get(i));
            String fix = fixes.get(i);
            assertThat(o.exit).as(what).isEqualTo(2);
            assertThat(o.err.lines().toList()).as(what).singleElement().satisfies(line -> {
                assertThat(line).startsWith("orderflow: ").contains(fix).doesNotContain("Exception");
            });
        }
        assertThat(Path.of(missing)).as("a command that reads tables creates no warehouse").doesNotExist();
    }

    @Test
    void theShippedCatalogScriptPutsAStreamingSessionInBatchModeSoAGroupByAnswersOnce() throws Exception {
        // what a user's Flink SQL client does with sql/catalog.sql: SET statements go to the session's
        // configuration (streaming unless it says otherwise), from which each statement's environment is made
        String script = Files.readString(Path.of("..", "..", "sql", "catalog.sql"))
                .replace("file:///absolute/path/to/orderflow-warehouse", Path.of(warehouse).toUri().toString());
        org.apache.flink.configuration.Configuration sessionConfig = new org.apache.flink.configuration.Configuration();
        List<String> others = new ArrayList<>();
        java.util.regex.Pattern set = java.util.regex.Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");
        for (String statement : SqlRunner.statements(script)) {
            java.util.regex.Matcher m = set.matcher(statement);
            if (m.matches()) {
                sessionConfig.setString(m.group(1), m.group(2));
            } else {
                others.add(statement);
            }
        }
        assertThat(sessionConfig.toMap()).containsEntry("execution.runtime-mode", "batch");
        var session = org.apache.flink.table.api.TableEnvironment.create(
                org.apache.flink.table.api.EnvironmentSettings.newInstance().withConfiguration(sessionConfig).build());
        others.forEach(session::executeSql);
        List<Row> rows = new ArrayList<>();
        try (var it = session.executeSql("SELECT symbol, COUNT(*) AS n FROM bbo GROUP BY symbol").collect()) {
            it.forEachRemaining(rows::add);
        }
        // one final row per instrument, no retractions or updates
        assertThat(rows).hasSize(3).allMatch(r -> r.getKind() == org.apache.flink.types.RowKind.INSERT);
    }

    @Test
    void rowCountsCountEveryTable() throws Exception {
        String query = Files.readString(Path.of("..", "..", "sql", "queries", "row_counts.sql"));
        List<Row> counts = new SqlRunner(new IcebergOutput(warehouse, "orderflow")).query(query.replace(";", ""));
        assertThat(counts).extracting(r -> (String) r.getField(0)).containsExactlyInAnyOrderElementsOf(
                io.orderflow.job.iceberg.OrderflowTables.ALL.stream().map(io.orderflow.job.iceberg.TableDef::name)
                        .toList());
    }

    @Test
    void statementsSplitAtSemicolonsOutsideQuotesAndComments() {
        assertThat(SqlRunner.statements("SELECT 1; SELECT ';' -- x; y\n; SELECT `a;b` FROM t;;"))
                .containsExactly("SELECT 1", "SELECT ';'", "SELECT `a;b` FROM t");
        assertThat(SqlRunner.statements("-- only a comment\n")).isEmpty();
        assertThat(SqlRunner.statements("SELECT 'it''s; fine'")).containsExactly("SELECT 'it''s; fine'");
    }
}
