package io.orderflow.job.bench;

import io.orderflow.job.iceberg.TableDef;
import io.orderflow.job.iceberg.TableOutput;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Every table's records dropped where the Iceberg sink would take them (one discarding sink per table, fed by the
 * same producers): the whole job without storage, so the benchmark can tell what storage costs.
 */
final class DiscardedTables implements TableOutput {
    @Override
    public void ensureTables() {}

    @Override
    public <T> void write(TableDef<T> table, List<DataStream<T>> producers) {
        DataStream<T> all = producers.get(0);
        for (DataStream<T> more : producers.subList(1, producers.size())) {
            all = all.union(more);
        }
        all.sinkTo(new DiscardingSink<>()).name("discard: " + table.name());
    }
}
