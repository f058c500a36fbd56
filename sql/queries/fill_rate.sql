-- Fill rate per venue and strategy: decisions, how many the risk gate let through, how many orders filled
-- (completely), and the maker share of the fills.
SELECT i.venue, i.strategy,
       COUNT(*) AS decisions,
       SUM(CASE WHEN i.accepted THEN 1 ELSE 0 END) AS accepted,
       COUNT(DISTINCT f.client_order_id) AS orders_with_fills,
       COUNT(DISTINCT CASE WHEN o.status = 'FILLED' THEN o.client_order_id END) AS orders_filled,
       COUNT(DISTINCT CASE WHEN o.status = 'FILLED' THEN o.client_order_id END) * 1.0
           / NULLIF(SUM(CASE WHEN i.accepted THEN 1 ELSE 0 END), 0) AS fill_rate
FROM order_intents i
LEFT JOIN (SELECT DISTINCT client_order_id, status FROM orders WHERE status = 'FILLED') o
       ON o.client_order_id = i.client_order_id
LEFT JOIN (SELECT DISTINCT client_order_id FROM fills) f ON f.client_order_id = i.client_order_id
GROUP BY i.venue, i.strategy
ORDER BY i.venue, i.strategy;
