-- Paper trading per strategy and venue: orders, fills, filled quantity, fees and mean slippage against the
-- mid at decision time (bps, positive = cost).
SELECT o.strategy, o.venue, o.orders, COALESCE(f.fills, 0) AS fills, f.filled_quantity, f.fees, f.mean_slippage_bps
FROM (
  SELECT strategy, venue, COUNT(DISTINCT client_order_id) AS orders FROM orders GROUP BY strategy, venue
) o
LEFT JOIN (
  SELECT strategy, venue, COUNT(*) AS fills, SUM(quantity) AS filled_quantity, SUM(fee) AS fees,
         AVG(slippage_bps) AS mean_slippage_bps
  FROM fills GROUP BY strategy, venue
) f ON o.strategy = f.strategy AND o.venue = f.venue
ORDER BY o.strategy, o.venue;
