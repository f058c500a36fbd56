package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.iceberg.DdlWriter;
import io.orderflow.job.iceberg.IcebergOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** sql/ddl/tables.sql documents the tables the job creates; it must say exactly what the code defines. */
class DdlWriterTest {
    @Test
    void committedDdlMatchesTheTableDefinitions() throws Exception {
        String committed = Files.readString(Path.of("../../sql/ddl/tables.sql"));
        assertThat(committed)
                .as("sql/ddl/tables.sql is stale: regenerate it with "
                        + "`java -jar jobs/orderflow-job/target/orderflow-job.jar ddl > sql/ddl/tables.sql`")
                .isEqualTo(DdlWriter.render(IcebergOutput.DEFAULT_NAMESPACE));
    }
}
