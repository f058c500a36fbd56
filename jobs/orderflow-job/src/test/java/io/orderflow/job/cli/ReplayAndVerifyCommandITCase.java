package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.offline.SqlRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} and {@code replay} on a real OKX capture (fixtures/NOTICE), through the command line. */
class ReplayAndVerifyCommandITCase {
    @Test
    void verifyReportsEveryChecksumAndReplayWritesEveryBookMessage(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("OKX.ws.1.0");
        try (var in = getClass().getResourceAsStream("/fixtures/raw_captures/OKX.ws.1.0")) {
            Files.copy(in, capture);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int verifyExit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            verifyExit = OrderflowCli.commandLine().execute("verify", "--json", capture.toString());
        } finally {
            System.setOut(original);
        }
        assertThat(verifyExit).isZero();
        String json = printed.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"venue\" : \"okx\"").contains("\"checksums_mismatched\" : 0");

        Path warehouse = dir.resolve("warehouse");
        int replayExit = OrderflowCli.commandLine().execute("replay", "--speed", "0", "--warehouse",
                warehouse.toString(), capture.toString());
        assertThat(replayExit).isZero();
        SqlRunner sql = new SqlRunner(new IcebergOutput(warehouse.toString(), "orderflow"));
        assertThat(sql.query("SELECT COUNT(*) AS n FROM book_updates").get(0).getField("n")).isEqualTo(290L);
        assertThat(sql.query("SELECT * FROM data_quality WHERE kind IN ('CHECKSUM_MISMATCH', 'SEQUENCE_GAP')"))
                .isEmpty();
        assertThat(sql.query("SELECT DISTINCT symbol FROM bbo")).hasSize(3);
    }

    @Test
    void verifyRefusesFilesWithoutFramesSayingWhy(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("OKX.ws.9.0"), "");
        Path text = Files.writeString(dir.resolve("notes.txt"), "a note\nanother\n");
        Path restOnly = Files.writeString(dir.resolve("BINANCE.http.9.0"),
                "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000 -> 1633998512.3: "
                        + "{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}\n");
        for (String[] args : List.of(new String[] {"verify", empty.toString()},
                new String[] {"verify", "--venue", "okx", text.toString()},
                new String[] {"verify", "--venue", "binance-spot", restOnly.toString()})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            int exit;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                exit = OrderflowCli.commandLine().execute(args);
            } finally {
                System.setErr(original);
            }
            assertThat(exit).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args))
                    .contains("no WebSocket frames in").contains("cryptofeed's raw format");
        }
    }

    @Test
    void aBadConfigurationFailsAtStartWithWhatToFix() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = OrderflowCli.commandLine();
        cl.setErr(new java.io.PrintWriter(err, true));
        assertThat(cl.execute("run", "--venue", "binanse-spot", "--symbols", "BTCUSDT")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown venue 'binanse-spot'").contains("binance-spot");
        err.getBuffer().setLength(0);
        assertThat(cl.execute("run", "--venue", "gemini", "--top", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--symbols");
        err.getBuffer().setLength(0);
        assertThat(cl.execute("run", "--venue", "okx", "--symbols", "BTC-USDT", "--ws-base", "ftp://x")).isEqualTo(2);
        assertThat(err.toString()).contains("webSocketBase must be a ws(s):// URL");
        err.getBuffer().setLength(0);
        assertThat(cl.execute("run", "--venue", "binance-usdm", "--symbols", "BTCUSDT", "--execution", "okx"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--execution okx must be the venue");
        err.getBuffer().setLength(0);
        assertThat(cl.execute("run", "--venue", "binance-usdm", "--symbols", "BTCUSDT", "--execution",
                "binance-usdm", "--credentials", "ORDERFLOW_NOT_SET_IN_TESTS")).isEqualTo(2);
        assertThat(err.toString()).contains("ORDERFLOW_NOT_SET_IN_TESTS_API_KEY");
    }
}
