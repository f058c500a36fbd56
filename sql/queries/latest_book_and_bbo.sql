-- The latest book (top 10 levels as of the last full second) and the latest best bid and offer of every
-- instrument, side by side.
SELECT b.venue, b.symbol, b.event_time AS bbo_time, b.bid_price, b.bid_size, b.ask_price, b.ask_size, b.spread_bps,
       t.event_time AS book_second, t.bid_px_1, t.bid_sz_1, t.bid_px_5, t.bid_sz_5, t.bid_px_10, t.bid_sz_10,
       t.ask_px_1, t.ask_sz_1, t.ask_px_5, t.ask_sz_5, t.ask_px_10, t.ask_sz_10
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY venue, symbol ORDER BY exchange_time_ms DESC, update_id DESC) AS rn
  FROM bbo
) b
JOIN (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY venue, symbol ORDER BY event_time DESC) AS rn
  FROM book_top10_1s
) t ON b.venue = t.venue AND b.symbol = t.symbol AND t.rn = 1
WHERE b.rn = 1
ORDER BY b.venue, b.symbol;
