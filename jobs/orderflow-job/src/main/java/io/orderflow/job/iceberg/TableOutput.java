package io.orderflow.job.iceberg;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where the job's tables go: {@link IcebergOutput} in every real run; the whole-job benchmark also runs the job
 * with every table discarded, to measure what storage costs against the same pipeline without it.
 */
public interface TableOutput {
    /** Makes every table ready before the job starts (creates missing ones, evolves schemas). */
    void ensureTables();

    /** Writes the records of several producers to one table (one sink). */
    <T> void write(TableDef<T> table, List<DataStream<T>> producers);

    /** Writes the records of one producer to a table. */
    default <T> void write(TableDef<T> table, DataStream<T> records) {
        write(table, List.of(records));
    }
}
