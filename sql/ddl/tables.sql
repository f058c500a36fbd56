-- orderflow tables (Iceberg). Generated from OrderflowTables by `orderflow ddl`: do not edit by hand.
-- The job creates them itself at start-up; this DDL documents them and serves other engines.
-- Prices and sizes are exact: DECIMAL(18,8) in market data (every source refuses a value
-- of 10^10 or more), DECIMAL(20,8) in orders, fills and accounts. Timestamps are UTC.

-- Every book message that reached an in-sync book: REST/stream snapshots (is_snapshot) and deltas, with all their levels (size 0 deletes). Replaying them per instrument in apply_order rebuilds every book exactly (update ids restart on some venues, e.g. at each Gemini connection).
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
  bids ARRAY<STRUCT<price: DECIMAL(18,8), size: DECIMAL(18,8)>> NOT NULL,
  asks ARRAY<STRUCT<price: DECIMAL(18,8), size: DECIMAL(18,8)>> NOT NULL,
  apply_order BIGINT
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
  price DECIMAL(18,8) NOT NULL,
  size DECIMAL(18,8) NOT NULL,
  aggressor STRING NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Best bid and offer of the locally built book, one row each time either changed. after_gap marks the first quote of a book rebuilt from a snapshot (the first, or after a gap, a lost connection or a restore): how the book got there is unknown, so no return or change spans it.
CREATE TABLE IF NOT EXISTS orderflow.bbo (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  exchange_time_ms BIGINT NOT NULL,
  received_at TIMESTAMP NOT NULL,
  update_id BIGINT NOT NULL,
  bid_price DECIMAL(18,8) NOT NULL,
  bid_size DECIMAL(18,8) NOT NULL,
  ask_price DECIMAL(18,8) NOT NULL,
  ask_size DECIMAL(18,8) NOT NULL,
  mid DOUBLE NOT NULL,
  spread_bps DOUBLE NOT NULL,
  after_gap BOOLEAN
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- The top 10 levels of each book as they stood at the end of each second (event time), one row per instrument and second: the per-second 10-tier recording used for model training. Absent levels are null. Only exact books are written: a second in which the book lost sync (gap, lost connection, crossed book) has no row (data_quality says why); last_update_age_ms tells a quiet second (no update for a while, book unchanged) from a busy one. event_time is the start of the second (the partition key); as_of is the instant the levels describe, its last millisecond.
CREATE TABLE IF NOT EXISTS orderflow.book_top10_1s (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  update_id BIGINT NOT NULL,
  bid_px_1 DECIMAL(18,8),
  bid_sz_1 DECIMAL(18,8),
  bid_px_2 DECIMAL(18,8),
  bid_sz_2 DECIMAL(18,8),
  bid_px_3 DECIMAL(18,8),
  bid_sz_3 DECIMAL(18,8),
  bid_px_4 DECIMAL(18,8),
  bid_sz_4 DECIMAL(18,8),
  bid_px_5 DECIMAL(18,8),
  bid_sz_5 DECIMAL(18,8),
  bid_px_6 DECIMAL(18,8),
  bid_sz_6 DECIMAL(18,8),
  bid_px_7 DECIMAL(18,8),
  bid_sz_7 DECIMAL(18,8),
  bid_px_8 DECIMAL(18,8),
  bid_sz_8 DECIMAL(18,8),
  bid_px_9 DECIMAL(18,8),
  bid_sz_9 DECIMAL(18,8),
  bid_px_10 DECIMAL(18,8),
  bid_sz_10 DECIMAL(18,8),
  ask_px_1 DECIMAL(18,8),
  ask_sz_1 DECIMAL(18,8),
  ask_px_2 DECIMAL(18,8),
  ask_sz_2 DECIMAL(18,8),
  ask_px_3 DECIMAL(18,8),
  ask_sz_3 DECIMAL(18,8),
  ask_px_4 DECIMAL(18,8),
  ask_sz_4 DECIMAL(18,8),
  ask_px_5 DECIMAL(18,8),
  ask_sz_5 DECIMAL(18,8),
  ask_px_6 DECIMAL(18,8),
  ask_sz_6 DECIMAL(18,8),
  ask_px_7 DECIMAL(18,8),
  ask_sz_7 DECIMAL(18,8),
  ask_px_8 DECIMAL(18,8),
  ask_sz_8 DECIMAL(18,8),
  ask_px_9 DECIMAL(18,8),
  ask_sz_9 DECIMAL(18,8),
  ask_px_10 DECIMAL(18,8),
  ask_sz_10 DECIMAL(18,8),
  last_update_age_ms BIGINT,
  as_of TIMESTAMP
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Realized volatility of the mid per instrument and event-time window: the last mid of each second (previous-tick sampling on a 1 s grid), log returns between consecutive sampled seconds except into a second where the book was rebuilt after a gap (bbo.after_gap), RV = sum of squared returns, annualized = sqrt(RV * 365 * 86400 / covered seconds), where the covered seconds are those the counted returns span (coverage = covered / window_seconds).
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
  last_mid DOUBLE NOT NULL,
  parkinson_vol_annualized DOUBLE,
  ewma_vol_annualized DOUBLE,
  coverage DOUBLE,
  garman_klass_vol_annualized DOUBLE,
  rogers_satchell_vol_annualized DOUBLE
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

-- Malformed frames (with the reason and an excerpt), sequence gaps, resyncs, dropped deltas, crossed books, late messages (LATE_EVENT: the per-second rows they missed), connects and disconnects. event_time is the venue's time where known, else local.
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

-- Features of every in-sync book update: top-5 volume imbalance (sum bid - sum ask)/(sum bid + sum ask); OFI, the Cont-Kukanov-Stoikov order-flow event against the previous touch (base units); weighted mid I*ask + (1-I)*bid with I = bid size/(bid size + ask size) at the touch; microprice, the same with I over the top 5 levels (Stoikov's 2018 model is stoikov_microprice); spread in bps of the mid; depth within 10 bps of the mid per side in quote currency, over the whole book.
CREATE TABLE IF NOT EXISTS orderflow.book_features (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  update_id BIGINT NOT NULL,
  mid DOUBLE NOT NULL,
  imbalance DOUBLE NOT NULL,
  ofi DOUBLE NOT NULL,
  weighted_mid DOUBLE NOT NULL,
  microprice DOUBLE NOT NULL,
  spread_bps DOUBLE NOT NULL,
  bid_depth DOUBLE NOT NULL,
  ask_depth DOUBLE NOT NULL,
  stoikov_microprice DOUBLE
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Once a second per instrument (its first book update, update_id), each configured order size in quote currency walked through the whole book: VWAP, slippage in bps against the mid (a cost is positive on either side), and whether the venue's whole visible side ran out (partial; its slippage is then that of the filled part). estimate_bps is the online model's cost estimate made before it saw this walk (recursive least squares of slippage on size/depth, recent volatility and spread; null while warming up).
CREATE TABLE IF NOT EXISTS orderflow.slippage (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  side STRING NOT NULL,
  order_notional DOUBLE NOT NULL,
  filled_notional DOUBLE NOT NULL,
  vwap DOUBLE,
  slippage_bps DOUBLE,
  partial BOOLEAN NOT NULL,
  levels_used INT NOT NULL,
  depth DOUBLE NOT NULL,
  volatility_bps DOUBLE NOT NULL,
  spread_bps DOUBLE NOT NULL,
  estimate_bps DOUBLE,
  model_samples BIGINT NOT NULL,
  update_id BIGINT
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Next-second forecasts: at the end of each second, recursive least squares (forgetting 0.999) of the next second's mid log return (bps) on imbalance, OFI and trade flow (each over the touch size) and spread, and, for an instrument other than its venue's BTC, BTC's returns over the last half second and the half second before (reference_*, bps; null without a reference); event_time is the forecast second, realized_bps what happened. hit is null when either is zero; hit_rate = hits / scored, the running share of hits among the forecasts scored; naive_hit scores the baseline to beat, the sign of the imbalance.
CREATE TABLE IF NOT EXISTS orderflow.predictions (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  imbalance DOUBLE NOT NULL,
  ofi DOUBLE NOT NULL,
  spread_bps DOUBLE NOT NULL,
  trade_flow DOUBLE NOT NULL,
  forecast_bps DOUBLE NOT NULL,
  realized_bps DOUBLE NOT NULL,
  hit BOOLEAN,
  hits BIGINT NOT NULL,
  scored BIGINT NOT NULL,
  hit_rate DOUBLE,
  reference_return_bps DOUBLE,
  reference_prior_return_bps DOUBLE,
  naive_hit BOOLEAN
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Book patterns matched by Flink CEP on the book features sampled every 200 ms (see Patterns): sustained_imbalance, imbalance_flip, liquidity_withdrawal, spread_blowout (recovered) and spread_blowout_unrecovered (timed out). event_time is the last event of the match.
CREATE TABLE IF NOT EXISTS orderflow.patterns (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  start_time TIMESTAMP NOT NULL,
  pattern_name STRING NOT NULL,
  events INT NOT NULL,
  imbalance_start DOUBLE NOT NULL,
  imbalance_end DOUBLE NOT NULL,
  depth_start DOUBLE NOT NULL,
  depth_end DOUBLE NOT NULL,
  spread_max_bps DOUBLE NOT NULL,
  mid_end DOUBLE NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Volatility spikes: the 5 s realized volatility of 1 s mid returns (annualized) above 3x its rolling 60 s median, labelled at onset; precursors lists the book patterns that ended within horizon_seconds before the spike.
CREATE TABLE IF NOT EXISTS orderflow.volatility_spikes (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  volatility DOUBLE NOT NULL,
  rolling_median DOUBLE NOT NULL,
  ratio DOUBLE NOT NULL,
  horizon_seconds INT NOT NULL,
  precursors ARRAY<STRING> NOT NULL,
  precursor_count INT NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Per event-time window and pair of instruments (x, y): the Hayashi-Yoshida lead-lag curve of log mids over the lag grid (correlation of x with y shifted by each lag; best_lag_ms > 0 means x leads y), the leader and its lead, and on a previous-tick grid (1 s in windows of 100 s or more, finer in shorter ones so a window has 100 returns; none across a gap) the correlation of returns, beta of y on x (x +1% -> y +beta%, the follower read best_lag_ms later when a leader is named) with its standard error, and the z-score of the last spread log(y) - beta log(x). time_quality is 'inferred' when either venue's book messages carry no time of their own (Gemini): such a pair names no leader and has no beta.
CREATE TABLE IF NOT EXISTS orderflow.pair_signals (
  event_time TIMESTAMP NOT NULL,
  window_end TIMESTAMP NOT NULL,
  x_venue STRING NOT NULL,
  x_symbol STRING NOT NULL,
  y_venue STRING NOT NULL,
  y_symbol STRING NOT NULL,
  x_observations INT NOT NULL,
  y_observations INT NOT NULL,
  leader STRING,
  lead_ms BIGINT NOT NULL,
  best_lag_ms BIGINT NOT NULL,
  best_correlation DOUBLE,
  lags_ms ARRAY<BIGINT> NOT NULL,
  correlations ARRAY<DOUBLE> NOT NULL,
  grid_returns INT NOT NULL,
  correlation DOUBLE,
  beta DOUBLE,
  beta_se DOUBLE,
  spread_zscore DOUBLE,
  time_quality STRING
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Per event-time window, every instrument ranked (1 = first) by traded quote volume, realized volatility of the mid (1 s grid, per second of the returns counted, annualized), mean depth within 10 bps, and by how many markets it leads minus how many lead it (lead_score, from pair_signals); overall_rank orders by the sum of the volume, volatility and depth ranks.
CREATE TABLE IF NOT EXISTS orderflow.market_ranking (
  event_time TIMESTAMP NOT NULL,
  window_end TIMESTAMP NOT NULL,
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  traded_notional DOUBLE NOT NULL,
  trades INT NOT NULL,
  volatility DOUBLE NOT NULL,
  mean_depth DOUBLE NOT NULL,
  lead_score INT NOT NULL,
  volume_rank INT NOT NULL,
  volatility_rank INT NOT NULL,
  depth_rank INT NOT NULL,
  lead_rank INT NOT NULL,
  overall_rank INT NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Every decision a strategy took, before risk: what it wanted, why (its reason), the mid it saw, and whether the risk gate let it go (rejection names the rule), and the share of its fills the paper exchange's model expected to be maker (from size against the touch, crossing, volatility).
CREATE TABLE IF NOT EXISTS orderflow.order_intents (
  client_order_id STRING NOT NULL,
  strategy STRING NOT NULL,
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  side STRING NOT NULL,
  order_type STRING NOT NULL,
  time_in_force STRING NOT NULL,
  price DECIMAL(20,8),
  quantity DECIMAL(20,8) NOT NULL,
  decision_mid DECIMAL(20,8) NOT NULL,
  reason STRING NOT NULL,
  accepted BOOLEAN NOT NULL,
  rejection_rule STRING,
  predicted_maker_share DOUBLE
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Orders the risk gate stopped, with the rule (kill_switch, no_book, stale_book, max_open_orders, max_position, max_notional, price_collar, daily_loss) and the numbers.
CREATE TABLE IF NOT EXISTS orderflow.risk_rejections (
  client_order_id STRING NOT NULL,
  strategy STRING NOT NULL,
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  side STRING NOT NULL,
  quantity DECIMAL(20,8) NOT NULL,
  rule STRING NOT NULL,
  reason STRING NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- The position of an instrument and strategy after each fill: quantity, average entry, realized PnL, fees and unrealized PnL at the mid (average-cost accounting, exact; money rounded to 8 decimals here).
CREATE TABLE IF NOT EXISTS orderflow.positions (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  strategy STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  fill_id STRING NOT NULL,
  net_position DECIMAL(20,8) NOT NULL,
  average_entry DECIMAL(20,8),
  realized_pnl DECIMAL(20,8) NOT NULL,
  fees DECIMAL(20,8) NOT NULL,
  mark_price DECIMAL(20,8) NOT NULL,
  unrealized_pnl DECIMAL(20,8) NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- PnL marked to the mid once a minute (the first book update of each minute of event time) for every instrument and strategy that has traded: realized, fees, unrealized, equity = realized - fees + unrealized, and the day's PnL (UTC) the daily loss limit watches.
CREATE TABLE IF NOT EXISTS orderflow.pnl (
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  strategy STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  mark_price DECIMAL(20,8) NOT NULL,
  net_position DECIMAL(20,8) NOT NULL,
  realized_pnl DECIMAL(20,8) NOT NULL,
  fees DECIMAL(20,8) NOT NULL,
  unrealized_pnl DECIMAL(20,8) NOT NULL,
  equity DECIMAL(20,8) NOT NULL,
  day_pnl DECIMAL(20,8) NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

-- Entries worked on the Almgren-Chriss schedule (--schedule ac): one row per child order as planned when the parent arrived, with the model's parameters (sigma per sqrt(s), eta = k*tau, gamma, epsilon, in price and base units), kappa, and its expected cost and standard deviation in bps of the parent's notional at the arrival mid. Join child_order_id to fills for what happened (sql/queries/execution_cost.sql).
CREATE TABLE IF NOT EXISTS orderflow.execution_schedule (
  parent_id STRING NOT NULL,
  strategy STRING NOT NULL,
  venue STRING NOT NULL,
  symbol STRING NOT NULL,
  event_time TIMESTAMP NOT NULL,
  side STRING NOT NULL,
  parent_quantity DECIMAL(20,8) NOT NULL,
  arrival_mid DECIMAL(20,8) NOT NULL,
  slice INT NOT NULL,
  slices INT NOT NULL,
  scheduled_at TIMESTAMP NOT NULL,
  child_order_id STRING NOT NULL,
  child_quantity DECIMAL(20,8) NOT NULL,
  horizon_seconds DOUBLE NOT NULL,
  risk_aversion DOUBLE NOT NULL,
  sigma DOUBLE NOT NULL,
  eta DOUBLE NOT NULL,
  gamma DOUBLE NOT NULL,
  epsilon DOUBLE NOT NULL,
  kappa DOUBLE NOT NULL,
  model_cost_bps DOUBLE NOT NULL,
  model_cost_sd_bps DOUBLE NOT NULL
) USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2');

