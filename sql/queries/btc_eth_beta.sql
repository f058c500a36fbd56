-- BTC-ETH correlation and beta of ETH on BTC per window and venue ("BTC +1% -> ETH +beta%"), on the pair grid
-- (1 s in windows of 100 s or more, finer in shorter ones) with ETH read at the found lead. Pairs are stored with
-- x before y in instrument-key order; where ETH is x the beta of ETH on BTC is correlation^2 / beta (the two OLS
-- slopes of one sample multiply to r^2). A venue whose book messages carry no time (time_quality 'inferred',
-- Gemini) has no beta: its times cannot place ETH's response to BTC's move.
SELECT x_venue AS venue, event_time, grid_returns, correlation,
       CASE WHEN x_symbol LIKE '%ETH%' THEN correlation * correlation / beta ELSE beta END AS beta_eth_on_btc,
       CASE WHEN x_symbol LIKE '%ETH%' THEN NULL ELSE beta_se END AS beta_se,
       spread_zscore, leader, lead_ms, time_quality
FROM pair_signals
WHERE x_venue = y_venue
  AND ((x_symbol LIKE '%ETH%' AND (y_symbol LIKE '%BTC%' OR y_symbol LIKE '%XBT%'))
    OR ((x_symbol LIKE '%BTC%' OR x_symbol LIKE '%XBT%') AND y_symbol LIKE '%ETH%'))
  AND beta IS NOT NULL
ORDER BY venue, event_time;
