-- The latest window's market ranking: where the volume, the movement and the depth are.
SELECT venue, symbol, overall_rank, volume_rank, volatility_rank, depth_rank, lead_rank,
       traded_notional, volatility, mean_depth
FROM market_ranking
WHERE event_time = (SELECT MAX(event_time) FROM market_ranking)
ORDER BY overall_rank;
