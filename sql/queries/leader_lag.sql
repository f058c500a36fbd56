-- Which market leads, and by how much: per pair, how many windows each side led (Hayashi-Yoshida lead-lag,
-- a leader is named only when its correlation is significant), the typical lead and the correlation there.
SELECT x_venue, x_symbol, y_venue, y_symbol, leader,
       COUNT(*) AS windows_led, AVG(lead_ms) AS mean_lead_ms, MIN(lead_ms) AS min_lead_ms,
       MAX(lead_ms) AS max_lead_ms, AVG(ABS(best_correlation)) AS mean_abs_correlation
FROM pair_signals
WHERE leader IS NOT NULL
GROUP BY x_venue, x_symbol, y_venue, y_symbol, leader
ORDER BY windows_led DESC, mean_abs_correlation DESC;

-- The leading-market ranking of the latest window: who moves first across every instrument.
SELECT venue, symbol, lead_score, lead_rank, event_time
FROM market_ranking
WHERE event_time = (SELECT MAX(event_time) FROM market_ranking)
ORDER BY lead_rank;
