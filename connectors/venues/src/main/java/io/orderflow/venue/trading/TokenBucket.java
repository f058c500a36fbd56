package io.orderflow.venue.trading;

/**
 * A token bucket on a caller-supplied clock (milliseconds): {@code capacity} tokens, refilled continuously at
 * {@code capacity / periodMs}. Used to stay inside a venue's documented order-rate limit, so that its 429s are
 * the exception rather than the pacing. Not thread-safe: threads that share a bucket (every strategy on one
 * account) synchronize on it.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perMs;
    private double tokens;
    private long lastMs;

    public TokenBucket(int capacity, long periodMs, long nowMs) {
        if (capacity < 1 || periodMs < 1) {
            throw new IllegalArgumentException("a bucket needs capacity >= 1 and a period >= 1 ms");
        }
        this.capacity = capacity;
        this.perMs = capacity / (double) periodMs;
        this.tokens = capacity;
        this.lastMs = nowMs;
    }

    /** Takes a token if there is one now. */
    public boolean tryTake(long nowMs) {
        refill(nowMs);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until a token is there (0 if one is). */
    public long waitMs(long nowMs) {
        refill(nowMs);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perMs);
    }

    private void refill(long nowMs) {
        if (nowMs > lastMs) {
            tokens = Math.min(capacity, tokens + (nowMs - lastMs) * perMs);
            lastMs = nowMs;
        }
    }
}
