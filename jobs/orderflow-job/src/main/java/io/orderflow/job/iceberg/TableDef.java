package io.orderflow.job.iceberg;

import java.io.Serializable;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * One Iceberg table orderflow writes: its name, schema and partitioning (day of event_time), and how a record the
 * job emits ({@code T}) becomes one of its rows. The converter runs at the sink ({@link IcebergOutput#write}), so
 * operators emit their own records and never build rows.
 */
public record TableDef<T>(String name, String description, Schema schema, RowConverter<T> converter) {

    /** A record as the table's row, fields in the schema's order. */
    @FunctionalInterface
    public interface RowConverter<T> extends Serializable {
        RowData toRow(T record);
    }

    public PartitionSpec partitionSpec() {
        return PartitionSpec.builderFor(schema).day("event_time").build();
    }

    public RowType rowType() {
        return FlinkSchemaUtil.convert(schema);
    }

    public RowData toRow(T record) {
        return converter.toRow(record);
    }
}
