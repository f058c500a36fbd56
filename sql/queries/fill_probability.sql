-- The mid predictor's entries: the probability of a fill within 10 s that its fill model gave each one (in the
-- entry's reason) against whether the entry filled within 10 s, in tenths of the prediction.
SELECT FLOOR(e.predicted * 10) / 10 AS bucket,
       COUNT(*) AS entries,
       AVG(e.predicted) AS predicted,
       AVG(CASE WHEN f.first_fill IS NOT NULL AND f.first_fill <= e.event_time + INTERVAL '10' SECOND
                THEN 1.0 ELSE 0.0 END) AS filled_within_10s
FROM (SELECT client_order_id, event_time,
             CAST(REGEXP_EXTRACT(reason, 'fill probability ([0-9.]+)', 1) AS DOUBLE) AS predicted
      FROM orders
      WHERE status = 'ACKED' AND reason LIKE 'entry: predicted%fill probability%') e
LEFT JOIN (SELECT client_order_id, MIN(event_time) AS first_fill FROM fills GROUP BY client_order_id) f
  ON f.client_order_id = e.client_order_id
GROUP BY FLOOR(e.predicted * 10) / 10
ORDER BY bucket;
