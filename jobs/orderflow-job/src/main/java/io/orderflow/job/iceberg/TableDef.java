package io.orderflow.job.iceberg;

import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/** One Iceberg table orderflow writes: its name, schema and partitioning (day of event_time). */
public record TableDef(String name, String description, Schema schema) {
    public PartitionSpec partitionSpec() {
        return PartitionSpec.builderFor(schema).day("event_time").build();
    }

    public RowType rowType() {
        return FlinkSchemaUtil.convert(schema);
    }
}
