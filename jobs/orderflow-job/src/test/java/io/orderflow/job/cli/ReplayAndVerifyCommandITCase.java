package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.IcebergOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
            verifyExit = new CommandLine(new OrderflowCli()).execute("verify", "--json", capture.toString());
        } finally {
            System.setOut(original);
        }
        assertThat(verifyExit).isZero();
        String json = printed.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"venue\" : \"okx\"").contains("\"checksums_mismatched\" : 0");

        Path warehouse = dir.resolve("warehouse");
        int replayExit = new CommandLine(new OrderflowCli()).execute("replay", "--speed", "0", "--warehouse",
                warehouse.toString(), capture.toString());
        assertThat(replayExit).isZero();
        SqlRunner sql = new SqlRunner(new IcebergOutput(warehouse.toString(), "orderflow"));
        assertThat(sql.query("SELECT COUNT(*) AS n FROM book_updates").get(0).getField("n")).isEqualTo(290L);
        assertThat(sql.query("SELECT * FROM data_quality WHERE kind IN ('CHECKSUM_MISMATCH', 'SEQUENCE_GAP')"))
                .isEmpty();
        assertThat(sql.query("SELECT DISTINCT symbol FROM bbo")).hasSize(3);
    }
}
