-- Register orderflow's Iceberg catalog in your own Flink SQL client (the `sql` command does this for you).
-- The client's jars: the orderflow jar alone carries Iceberg's Flink runtime and Hadoop's client:
--   sql-client.sh --jar jobs/orderflow-job/target/orderflow-job.jar -i sql/catalog.sql
-- or, with stock jars in the client's lib/: iceberg-flink-runtime-2.1-1.11.0.jar, hadoop-client-api-3.4.1.jar,
-- hadoop-client-runtime-3.4.1.jar.
-- Replace the warehouse with where the job writes (default: ./orderflow-warehouse, as an absolute file:// URI).
-- Batch mode: a query reads the tables as they are and ends with its answer (in streaming mode the client would
-- keep reading and print every intermediate update of a GROUP BY).
SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';
CREATE CATALOG orderflow WITH (
  'type' = 'iceberg',
  'catalog-type' = 'hadoop',
  'warehouse' = 'file:///absolute/path/to/orderflow-warehouse'
);
USE CATALOG orderflow;
USE orderflow;
