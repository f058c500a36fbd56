-- Register orderflow's Iceberg catalog in your own Flink SQL client (the `sql` command does this for you).
-- Replace the warehouse with where the job writes (default: ./orderflow-warehouse, as an absolute file:// URI).
CREATE CATALOG orderflow WITH (
  'type' = 'iceberg',
  'catalog-type' = 'hadoop',
  'warehouse' = 'file:///absolute/path/to/orderflow-warehouse'
);
USE CATALOG orderflow;
USE orderflow;
