package io.orderflow.job.bench;

import io.orderflow.job.iceberg.TableDef;
import io.orderflow.job.iceberg.TableOutput;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Tables' records dropped where the Iceberg sink would take them (one discarding sink per table, fed by the same
 * producers): the whole job without storage, so the benchmark can tell what storage costs; or, with some tables
 * kept, what the others cost.
 */
final class DiscardedTables implements TableOutput {
    private final TableOutput kept;
    private final Set<String> keptTables;

    /** Every table discarded. */
    DiscardedTables() {
        this(null, Set.of());
    }

    /** The tables named in {@code keptTables} written to {@code kept}, the others discarded. */
    DiscardedTables(TableOutput kept, Set<String> keptTables) {
        this.kept = kept;
        this.keptTables = Set.copyOf(keptTables);
    }

    @Override
    public void ensureTables() {
        if (kept != null) {
            kept.ensureTables();
        }
    }

    @Override
    public <T> void write(TableDef<T> table, List<DataStream<T>> producers) {
        if (keptTables.contains(table.name())) {
            kept.write(table, producers);
            return;
        }
        DataStream<T> all = producers.get(0);
        for (DataStream<T> more : producers.subList(1, producers.size())) {
            all = all.union(more);
        }
        all.sinkTo(new DiscardingSink<>()).name("discard: " + table.name());
    }
}
