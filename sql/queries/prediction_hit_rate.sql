-- Next-second prediction: per instrument, how many forecasts were scored (both forecast and outcome non-zero) and
-- the share that got the direction right; beside it the baseline to beat, the naive forecast (the sign of the
-- top-of-book imbalance), with the model's hit rate on the same seconds (both scored); and the correlation of
-- forecast with outcome. with_reference: forecasts that had the venue's BTC returns as features (every instrument
-- but the BTC itself, once BTC has quoted).
SELECT venue, symbol,
       COUNT(*) AS forecasts,
       SUM(CASE WHEN hit IS NOT NULL THEN 1 ELSE 0 END) AS scored,
       SUM(CASE WHEN hit THEN 1 ELSE 0 END) * 1.0 / NULLIF(SUM(CASE WHEN hit IS NOT NULL THEN 1 ELSE 0 END), 0)
           AS hit_rate,
       SUM(CASE WHEN hit IS NOT NULL AND naive_hit IS NOT NULL THEN 1 ELSE 0 END) AS both_scored,
       SUM(CASE WHEN hit AND naive_hit IS NOT NULL THEN 1 ELSE 0 END) * 1.0
           / NULLIF(SUM(CASE WHEN hit IS NOT NULL AND naive_hit IS NOT NULL THEN 1 ELSE 0 END), 0) AS model_hit_rate,
       SUM(CASE WHEN naive_hit AND hit IS NOT NULL THEN 1 ELSE 0 END) * 1.0
           / NULLIF(SUM(CASE WHEN hit IS NOT NULL AND naive_hit IS NOT NULL THEN 1 ELSE 0 END), 0) AS naive_hit_rate,
       COUNT(reference_return_bps) AS with_reference,
       (AVG(forecast_bps * realized_bps) - AVG(forecast_bps) * AVG(realized_bps))
           / NULLIF(STDDEV_POP(forecast_bps) * STDDEV_POP(realized_bps), 0) AS correlation
FROM predictions
GROUP BY venue, symbol
ORDER BY venue, symbol;
