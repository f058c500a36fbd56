-- Working orders now: each order's latest state (by event time, then status precedence), kept when it is still
-- working (acknowledged, partly filled, or sent with its answer unknown), with what is left to fill.
SELECT venue, symbol, strategy, client_order_id, side, order_type, price, quantity, filled_quantity,
       quantity - filled_quantity AS remaining, status, event_time
FROM (
  SELECT o.*,
         ROW_NUMBER() OVER (PARTITION BY client_order_id ORDER BY event_time DESC,
             CASE status WHEN 'FILLED' THEN 5 WHEN 'CANCELLED' THEN 5 WHEN 'REJECTED' THEN 5 WHEN 'EXPIRED' THEN 5
                         WHEN 'PARTIALLY_FILLED' THEN 3 WHEN 'ACKED' THEN 2 ELSE 1 END DESC) AS rn
  FROM orders o
) latest
WHERE rn = 1 AND status IN ('ACKED', 'PARTIALLY_FILLED', 'UNKNOWN')
ORDER BY venue, symbol, strategy, event_time;
