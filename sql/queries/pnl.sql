-- PnL per instrument and strategy at the latest mark: realized, fees, unrealized at the mid, equity, and the day's
-- PnL the daily loss limit watches; then the totals per strategy.
SELECT venue, symbol, strategy, event_time, net_position, realized_pnl, fees, unrealized_pnl, equity, day_pnl
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY venue, symbol, strategy ORDER BY event_time DESC) AS rn
  FROM pnl
)
WHERE rn = 1
ORDER BY equity DESC;

SELECT strategy, COUNT(*) AS instruments, SUM(realized_pnl) AS realized, SUM(fees) AS fees,
       SUM(unrealized_pnl) AS unrealized, SUM(equity) AS equity
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY venue, symbol, strategy ORDER BY event_time DESC) AS rn
  FROM pnl
)
WHERE rn = 1
GROUP BY strategy;
