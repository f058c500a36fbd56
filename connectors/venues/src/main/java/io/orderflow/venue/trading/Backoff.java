package io.orderflow.venue.trading;

/** Waiting between attempts: the venue's Retry-After when it gave one, else exponential from a base. */
public final class Backoff {
    private Backoff() {}

    /** {@code Retry-After} in seconds (HTTP), or {@code fallbackMs} when absent or not a number. */
    public static long retryAfterMs(String header, long fallbackMs) {
        try {
            return header == null ? fallbackMs : Long.parseLong(header.trim()) * 1000;
        } catch (NumberFormatException e) {
            return fallbackMs;
        }
    }

    public static long exponential(long baseMs, int attempt) {
        return baseMs << Math.min(attempt, 10);
    }

    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
