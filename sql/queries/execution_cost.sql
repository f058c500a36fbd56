-- Entries worked on the Almgren-Chriss schedule (run/demo --schedule ac): each parent as planned beside what it
-- cost. realized_cost_bps: the children's volume-weighted fill price against the arrival mid, in bps of it (positive
-- = paid; fees left out, as the model leaves them out); model_cost_bps and model_cost_sd_bps: the model's expected
-- cost and its standard deviation when the parent was planned.
SELECT s.parent_id, s.venue, s.symbol, s.side, s.event_time AS planned_at,
       MIN(s.slices) AS slices,
       MIN(s.parent_quantity) AS quantity,
       SUM(f.filled) AS filled,
       MIN(s.model_cost_bps) AS model_cost_bps,
       MIN(s.model_cost_sd_bps) AS model_cost_sd_bps,
       CAST(CASE WHEN s.side = 'BUY' THEN 1 ELSE -1 END AS DOUBLE)
           * (CAST(SUM(f.notional) AS DOUBLE) / CAST(SUM(f.filled) AS DOUBLE) - CAST(MIN(s.arrival_mid) AS DOUBLE))
           / CAST(MIN(s.arrival_mid) AS DOUBLE) * 10000 AS realized_cost_bps
FROM execution_schedule s
JOIN (SELECT client_order_id, SUM(quantity) AS filled, SUM(price * quantity) AS notional
      FROM fills GROUP BY client_order_id) f
  ON f.client_order_id = s.child_order_id
GROUP BY s.parent_id, s.venue, s.symbol, s.side, s.event_time
ORDER BY planned_at;
