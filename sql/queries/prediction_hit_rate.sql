-- Next-second prediction: per instrument, how many forecasts were scored (both forecast and outcome non-zero),
-- the share that got the direction right, and the correlation of forecast with outcome.
SELECT venue, symbol,
       COUNT(*) AS forecasts,
       SUM(CASE WHEN hit IS NOT NULL THEN 1 ELSE 0 END) AS scored,
       SUM(CASE WHEN hit THEN 1 ELSE 0 END) * 1.0 / NULLIF(SUM(CASE WHEN hit IS NOT NULL THEN 1 ELSE 0 END), 0)
           AS hit_rate,
       (AVG(forecast_bps * realized_bps) - AVG(forecast_bps) * AVG(realized_bps))
           / NULLIF(STDDEV_POP(forecast_bps) * STDDEV_POP(realized_bps), 0) AS correlation
FROM predictions
GROUP BY venue, symbol
ORDER BY hit_rate DESC;
