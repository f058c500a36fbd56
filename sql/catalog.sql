-- Register orderflow's Iceberg catalog in your own Flink SQL client (the `sql` command does this for you).
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
