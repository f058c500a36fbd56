-- The latest best bid and offer of every instrument, with its spread.
SELECT venue, symbol, event_time, bid_price, bid_size, ask_price, ask_size, spread_bps
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY venue, symbol ORDER BY exchange_time_ms DESC, update_id DESC) AS rn
  FROM bbo
)
WHERE rn = 1
ORDER BY venue, symbol;
