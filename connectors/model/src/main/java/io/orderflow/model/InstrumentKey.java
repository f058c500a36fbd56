package io.orderflow.model;

/** The key books and signals are partitioned by: "venue:SYMBOL". One string keeps keyBy cheap and readable. */
public final class InstrumentKey {
    private InstrumentKey() {}

    public static String of(String venue, String symbol) {
        return venue + ':' + symbol;
    }

    public static String venueOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    public static String symbolOf(String key) {
        return key.substring(key.indexOf(':') + 1);
    }
}
