-- Realized volatility (annualized, 24/7) per instrument: mean, min and max over the windows recorded.
SELECT venue, symbol, COUNT(*) AS windows,
       AVG(realized_vol_annualized) AS mean_vol,
       MIN(realized_vol_annualized) AS min_vol,
       MAX(realized_vol_annualized) AS max_vol
FROM volatility
GROUP BY venue, symbol
ORDER BY venue, symbol;
