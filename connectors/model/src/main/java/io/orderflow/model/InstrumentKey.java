package io.orderflow.model;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The key books and signals are partitioned by: "venue:SYMBOL". One string keeps keyBy cheap and readable. */
public final class InstrumentKey {
    /**
     * The keys made so far, by venue and symbol. A record's key is asked for two or three times on each hand-over
     * (the partitioner, then the keyed operator's key context): from the cache it is the same string every time,
     * with its hash already computed, where concatenating made a new one each call (about 5% of the bytes the job's
     * tasks allocated, BENCHMARKS.md). Bounded, since symbols come from the wire: past the bound, keys are made as
     * before.
     */
    private static final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> KEYS = new ConcurrentHashMap<>();
    static final int MAX_CACHED = 100_000;
    private static final AtomicInteger CACHED = new AtomicInteger();

    private InstrumentKey() {}

    public static String of(String venue, String symbol) {
        if (venue == null || symbol == null) {
            return venue + ':' + symbol;
        }
        ConcurrentHashMap<String, String> bySymbol = KEYS.get(venue);
        String key = bySymbol == null ? null : bySymbol.get(symbol);
        if (key != null) {
            return key;
        }
        key = venue + ':' + symbol;
        if (CACHED.get() < MAX_CACHED) {
            if (bySymbol == null) {
                bySymbol = KEYS.computeIfAbsent(venue, v -> new ConcurrentHashMap<>());
            }
            String earlier = bySymbol.putIfAbsent(symbol, key);
            if (earlier != null) {
                return earlier;
            }
            CACHED.incrementAndGet();
        }
        return key;
    }

    public static String venueOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    public static String symbolOf(String key) {
        return key.substring(key.indexOf(':') + 1);
    }
}
