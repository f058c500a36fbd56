-- Flink SQL client start-up for docker-compose.yml: the tables the jobs write, in the REST catalog, files in MinIO.
-- Queries: the files in /opt/orderflow/queries (the repository's sql/queries), e.g.
--   SELECT venue, symbol, count(*) AS n FROM bbo GROUP BY venue, symbol;
SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';
CREATE CATALOG orderflow WITH (
  'type' = 'iceberg',
  'catalog-type' = 'rest',
  'uri' = 'http://iceberg-rest:8181',
  'warehouse' = 's3://warehouse/',
  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',
  's3.endpoint' = 'http://minio:9000',
  's3.path-style-access' = 'true',
  'client.region' = 'us-east-1'
);
USE CATALOG orderflow;
USE orderflow;
