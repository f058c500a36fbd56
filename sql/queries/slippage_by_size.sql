-- Slippage versus depth per order size: the cost of walking the whole book (bps against the mid), its quantiles
-- over time, the depth it walked into and the online model's estimate, over the walks the book could fill. A walk
-- that ran out of the venue's whole visible side (`partial`) has the cost of its filled part only: averaged in, it
-- would make large orders look cheap, so those walks are counted apart (partial_walks, partial_share) and their
-- cost is not in the quantiles.
SELECT venue, symbol, side, order_notional,
       COUNT(*) AS walks,
       SUM(CASE WHEN `partial` THEN 1 ELSE 0 END) AS partial_walks,
       AVG(CASE WHEN `partial` THEN 1.0 ELSE 0.0 END) AS partial_share,
       AVG(CASE WHEN NOT `partial` THEN slippage_bps END) AS mean_bps,
       PERCENTILE(CASE WHEN NOT `partial` THEN slippage_bps END, 0.5) AS p50_bps,
       PERCENTILE(CASE WHEN NOT `partial` THEN slippage_bps END, 0.9) AS p90_bps,
       PERCENTILE(CASE WHEN NOT `partial` THEN slippage_bps END, 0.99) AS p99_bps,
       AVG(depth) AS mean_depth,
       AVG(CASE WHEN NOT `partial` THEN estimate_bps END) AS mean_estimate_bps
FROM slippage
GROUP BY venue, symbol, side, order_notional
ORDER BY venue, symbol, side, order_notional;
