-- Which book patterns come before volatility spikes: for each pattern, how many spikes it preceded (ended within
-- the horizon before the spike), what share of all spikes that is, and how often the pattern occurs at all.
WITH preceded AS (
  SELECT p.precursor,
         COUNT(DISTINCT CONCAT(s.venue, ':', s.symbol, '@', CAST(s.event_time AS STRING))) AS spikes_preceded
  FROM volatility_spikes s
  CROSS JOIN UNNEST(s.precursors) AS p(precursor)
  GROUP BY p.precursor
),
spikes AS (SELECT COUNT(*) AS total FROM volatility_spikes),
occurrences AS (SELECT pattern_name, COUNT(*) AS occurrences FROM patterns GROUP BY pattern_name)
SELECT preceded.precursor, preceded.spikes_preceded,
       preceded.spikes_preceded * 1.0 / spikes.total AS share_of_spikes,
       occurrences.occurrences
FROM preceded
CROSS JOIN spikes
LEFT JOIN occurrences ON occurrences.pattern_name = preceded.precursor
ORDER BY preceded.spikes_preceded DESC;
