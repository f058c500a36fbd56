/**
 * What the job's operators emit: one plain record per kind of result (a book's top levels at the end of a second,
 * a window's volatility, a pattern match, a risk decision, ...). Operators know these and nothing of storage; the
 * storage edge ({@code io.orderflow.job.iceberg.OrderflowTables}) binds each table to one of them and converts it
 * to the table's row at the sink. Every record is a Flink POJO (records of primitives, strings, enums, primitive
 * arrays and other such records), so Flink serializes it without Kryo; {@code RecordTypesTest} keeps it so.
 */
package io.orderflow.job.records;
