-- Slippage versus depth per order size: the cost of walking the book (bps against the mid), its quantiles over
-- time, the depth it walked into, how often the visible book ran out, and the online model's estimate.
SELECT venue, symbol, side, order_notional,
       COUNT(*) AS walks,
       AVG(slippage_bps) AS mean_bps,
       PERCENTILE(slippage_bps, 0.5) AS p50_bps,
       PERCENTILE(slippage_bps, 0.9) AS p90_bps,
       PERCENTILE(slippage_bps, 0.99) AS p99_bps,
       AVG(depth) AS mean_depth,
       AVG(CASE WHEN `partial` THEN 1.0 ELSE 0.0 END) AS partial_share,
       AVG(estimate_bps) AS mean_estimate_bps
FROM slippage
GROUP BY venue, symbol, side, order_notional
ORDER BY venue, symbol, side, order_notional;
