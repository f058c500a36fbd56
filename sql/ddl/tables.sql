-- orderflow tables (Iceberg). Generated from OrderflowTables by `orderflow ddl`: do not edit by hand.
-- The job creates them itself at start-up; this DDL documents them and serves other engines.
-- Money columns are DECIMAL(20,8): exactly the scaled longs of the books. Timestamps are UTC.

-- Every book message that reached an in-sync book: REST/stream snapshots (is_snapshot) and deltas, with all their levels (size 0 deletes). Replaying these rebuilds every book exactly.
CREATE TABLE IF NOT EXISTS orderflow.book_updates (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  exchange_time_ms BIGINT NOT NULL,
  received_at TIMESTAMP NOT NULL,
  is_snapshot BOOLEAN NOT NULL,
  first_update_id BIGINT NOT NULL,
  last_update_id BIGINT NOT NULL,
  prev_update_id BIGINT,
  bids ARRAY<STRUCT<price: DECIMAL(20,8), size: DECIMAL(20,8)>> NOT NULL,
  asks ARRAY<STRUCT<price: DECIMAL(20,8), size: DECIMAL(20,8)>> NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Public trades.
CREATE TABLE IF NOT EXISTS orderflow.trades (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  exchange_time_ms BIGINT NOT NULL,
  received_at TIMESTAMP NOT NULL,
  trade_id STRING NOT NULL,
  price DECIMAL(20,8) NOT NULL,
  size DECIMAL(20,8) NOT NULL,
  aggressor STRING NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Best bid and offer of the locally built book, one row each time either changed.
CREATE TABLE IF NOT EXISTS orderflow.bbo (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  exchange_time_ms BIGINT NOT NULL,
  received_at TIMESTAMP NOT NULL,
  update_id BIGINT NOT NULL,
  bid_price DECIMAL(20,8) NOT NULL,
  bid_size DECIMAL(20,8) NOT NULL,
  ask_price DECIMAL(20,8) NOT NULL,
  ask_size DECIMAL(20,8) NOT NULL,
  mid DOUBLE NOT NULL,
  spread_bps DOUBLE NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- The top 10 levels of each book as they stood at the end of each second (event time), one row per instrument and second: the per-second 10-tier recording used for model training. Absent levels are null.
CREATE TABLE IF NOT EXISTS orderflow.book_top10_1s (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  update_id BIGINT NOT NULL,
  bid_px_1 DECIMAL(20,8),
  bid_sz_1 DECIMAL(20,8),
  bid_px_2 DECIMAL(20,8),
  bid_sz_2 DECIMAL(20,8),
  bid_px_3 DECIMAL(20,8),
  bid_sz_3 DECIMAL(20,8),
  bid_px_4 DECIMAL(20,8),
  bid_sz_4 DECIMAL(20,8),
  bid_px_5 DECIMAL(20,8),
  bid_sz_5 DECIMAL(20,8),
  bid_px_6 DECIMAL(20,8),
  bid_sz_6 DECIMAL(20,8),
  bid_px_7 DECIMAL(20,8),
  bid_sz_7 DECIMAL(20,8),
  bid_px_8 DECIMAL(20,8),
  bid_sz_8 DECIMAL(20,8),
  bid_px_9 DECIMAL(20,8),
  bid_sz_9 DECIMAL(20,8),
  bid_px_10 DECIMAL(20,8),
  bid_sz_10 DECIMAL(20,8),
  ask_px_1 DECIMAL(20,8),
  ask_sz_1 DECIMAL(20,8),
  ask_px_2 DECIMAL(20,8),
  ask_sz_2 DECIMAL(20,8),
  ask_px_3 DECIMAL(20,8),
  ask_sz_3 DECIMAL(20,8),
  ask_px_4 DECIMAL(20,8),
  ask_sz_4 DECIMAL(20,8),
  ask_px_5 DECIMAL(20,8),
  ask_sz_5 DECIMAL(20,8),
  ask_px_6 DECIMAL(20,8),
  ask_sz_6 DECIMAL(20,8),
  ask_px_7 DECIMAL(20,8),
  ask_sz_7 DECIMAL(20,8),
  ask_px_8 DECIMAL(20,8),
  ask_sz_8 DECIMAL(20,8),
  ask_px_9 DECIMAL(20,8),
  ask_sz_9 DECIMAL(20,8),
  ask_px_10 DECIMAL(20,8),
  ask_sz_10 DECIMAL(20,8)
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Realized volatility of the mid per instrument and event-time window: the last mid of each second (previous-tick sampling on a 1 s grid), log returns between consecutive sampled seconds, RV = sum of squared returns, annualized = sqrt(RV * 365 * 86400 / window_seconds).
CREATE TABLE IF NOT EXISTS orderflow.volatility (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  window_end TIMESTAMP NOT NULL,
  window_seconds INT NOT NULL,
  samples INT NOT NULL,
  returns INT NOT NULL,
  realized_variance DOUBLE NOT NULL,
  realized_vol_annualized DOUBLE NOT NULL,
  first_mid DOUBLE NOT NULL,
  last_mid DOUBLE NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Every order state transition (ACKED, REJECTED by risk or venue, PARTIALLY_FILLED, FILLED, CANCELLED, ...). The latest row per client_order_id is the order's state.
CREATE TABLE IF NOT EXISTS orderflow.orders (
  client_order_id STRING NOT NULL,
  strategy STRING NOT NULL,
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  side STRING NOT NULL,
  order_type STRING NOT NULL,
  price DECIMAL(20,8),
  quantity DECIMAL(20,8) NOT NULL,
  filled_quantity DECIMAL(20,8) NOT NULL,
  status STRING NOT NULL,
  reason STRING
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Executions. slippage_bps is signed against the trader: positive = paid more (buy) or received less (sell) than the mid at decision time.
CREATE TABLE IF NOT EXISTS orderflow.fills (
  fill_id STRING NOT NULL,
  client_order_id STRING NOT NULL,
  strategy STRING NOT NULL,
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  side STRING NOT NULL,
  price DECIMAL(20,8) NOT NULL,
  quantity DECIMAL(20,8) NOT NULL,
  fee DECIMAL(20,8) NOT NULL,
  maker BOOLEAN NOT NULL,
  decision_mid DECIMAL(20,8) NOT NULL,
  slippage_bps DOUBLE NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Malformed frames (with the reason and an excerpt), sequence gaps, resyncs, dropped deltas, crossed books, connects and disconnects. event_time is the venue's time where known, else local.
CREATE TABLE IF NOT EXISTS orderflow.data_quality (
  venue STRING NOT NULL,
  symbol STRING,
  event_time TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  kind STRING NOT NULL,
  detail STRING NOT NULL,
  sample STRING
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

