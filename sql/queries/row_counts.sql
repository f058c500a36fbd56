-- How many rows each table holds (every table orderflow writes).
SELECT 'book_updates' AS table_name, COUNT(*) AS row_count FROM book_updates
UNION ALL SELECT 'trades', COUNT(*) FROM trades
UNION ALL SELECT 'bbo', COUNT(*) FROM bbo
UNION ALL SELECT 'book_top10_1s', COUNT(*) FROM book_top10_1s
UNION ALL SELECT 'volatility', COUNT(*) FROM volatility
UNION ALL SELECT 'orders', COUNT(*) FROM orders
UNION ALL SELECT 'fills', COUNT(*) FROM fills
UNION ALL SELECT 'data_quality', COUNT(*) FROM data_quality
UNION ALL SELECT 'book_features', COUNT(*) FROM book_features
UNION ALL SELECT 'slippage', COUNT(*) FROM slippage
UNION ALL SELECT 'predictions', COUNT(*) FROM predictions
UNION ALL SELECT 'patterns', COUNT(*) FROM patterns
UNION ALL SELECT 'volatility_spikes', COUNT(*) FROM volatility_spikes
UNION ALL SELECT 'pair_signals', COUNT(*) FROM pair_signals
UNION ALL SELECT 'market_ranking', COUNT(*) FROM market_ranking
UNION ALL SELECT 'order_intents', COUNT(*) FROM order_intents
UNION ALL SELECT 'risk_rejections', COUNT(*) FROM risk_rejections
UNION ALL SELECT 'positions', COUNT(*) FROM positions
UNION ALL SELECT 'pnl', COUNT(*) FROM pnl
UNION ALL SELECT 'execution_schedule', COUNT(*) FROM execution_schedule;
