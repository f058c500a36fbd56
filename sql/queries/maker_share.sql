-- Maker share of fills, predicted at decision time (the paper exchange's model, from size against the touch,
-- crossing and volatility) against what the fills turned out to be, per strategy and venue. Only orders that
-- filled count: the model learns from exactly those.
SELECT i.strategy, i.venue,
       COUNT(*) AS orders_filled,
       AVG(i.predicted_maker_share) AS predicted_maker_share,
       AVG(f.maker_quantity / f.quantity) AS realized_maker_share,
       AVG(ABS(i.predicted_maker_share - f.maker_quantity / f.quantity)) AS mean_absolute_error
FROM order_intents i
JOIN (SELECT client_order_id,
             SUM(CAST(quantity AS DOUBLE)) AS quantity,
             SUM(CASE WHEN maker THEN CAST(quantity AS DOUBLE) ELSE 0 END) AS maker_quantity
      FROM fills GROUP BY client_order_id) f
  ON f.client_order_id = i.client_order_id
WHERE i.accepted
GROUP BY i.strategy, i.venue
ORDER BY i.strategy, i.venue;
