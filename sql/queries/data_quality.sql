-- What went wrong (or was repaired) per venue: malformed frames, gaps, resyncs, reconnects.
SELECT venue, kind, COUNT(*) AS events, MIN(event_time) AS first_seen, MAX(event_time) AS last_seen
FROM data_quality
GROUP BY venue, kind
ORDER BY venue, kind;
