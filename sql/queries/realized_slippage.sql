-- Realized slippage of fills against the mid at decision time (bps, positive = paid more than the mid on a buy or
-- received less on a sell), per venue, strategy and maker/taker, with quantiles.
SELECT venue, strategy, CASE WHEN maker THEN 'maker' ELSE 'taker' END AS liquidity,
       COUNT(*) AS fills,
       AVG(slippage_bps) AS mean_bps,
       PERCENTILE(slippage_bps, 0.5) AS p50_bps,
       PERCENTILE(slippage_bps, 0.9) AS p90_bps,
       SUM(fee) AS fees
FROM fills
GROUP BY venue, strategy, maker
ORDER BY venue, strategy, liquidity;
