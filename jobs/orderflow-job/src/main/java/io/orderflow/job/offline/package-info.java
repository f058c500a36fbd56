/**
 * Batch work over the Iceberg tables, outside the streaming job: SQL, the mid-predictor's trainer, and the ranking
 * lookups {@code run --top-ranked} starts from.
 */
package io.orderflow.job.offline;
