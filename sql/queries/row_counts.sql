-- How many rows each table holds.
SELECT 'book_updates' AS table_name, COUNT(*) AS row_count FROM book_updates
UNION ALL SELECT 'trades', COUNT(*) FROM trades
UNION ALL SELECT 'bbo', COUNT(*) FROM bbo
UNION ALL SELECT 'book_top10_1s', COUNT(*) FROM book_top10_1s
UNION ALL SELECT 'volatility', COUNT(*) FROM volatility
UNION ALL SELECT 'orders', COUNT(*) FROM orders
UNION ALL SELECT 'fills', COUNT(*) FROM fills
UNION ALL SELECT 'data_quality', COUNT(*) FROM data_quality;
