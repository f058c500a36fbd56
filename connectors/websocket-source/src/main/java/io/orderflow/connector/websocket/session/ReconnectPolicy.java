package io.orderflow.connector.websocket.session;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to reconnect: capped exponential backoff with jitter (attempt n waits a random time in [d/2, d] with
 * d = min(max, initial * 2^n), so many clients that lost the venue at once do not come back at once), and at most
 * {@code maxPerWindow} connection attempts in any {@code window} (default: 10 a minute) per connection, so a
 * server that keeps closing cannot make the source hammer it.
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, int maxPerWindow, Duration window)
        implements Serializable {
    public ReconnectPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initial reconnect delay must be positive, got " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "max reconnect delay " + maxDelay + " is below the initial delay " + initialDelay);
        }
        if (maxPerWindow < 1) {
            throw new IllegalArgumentException("reconnects per window must be at least 1, got " + maxPerWindow);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("reconnect window must be positive, got " + window);
        }
    }

    public long delayMillis(int attempt) {
        long initial = initialDelay.toMillis();
        long cap = maxDelay.toMillis();
        long d = attempt >= 30 ? cap : Math.min(cap, initial << attempt);
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }

    /**
     * Given the times (ms) of recent attempts, oldest first, the earliest time at or after {@code wantedAtMs} at
     * which another attempt stays within the budget. Prunes attempts older than the window.
     */
    public long budgetedAt(ArrayDeque<Long> attempts, long wantedAtMs) {
        long windowMs = window.toMillis();
        while (!attempts.isEmpty() && attempts.peekFirst() <= wantedAtMs - windowMs) {
            attempts.removeFirst();
        }
        if (attempts.size() < maxPerWindow) {
            return wantedAtMs;
        }
        // the attempt that must leave the window first: the maxPerWindow-th from the end
        Long[] times = attempts.toArray(new Long[0]);
        return Math.max(wantedAtMs, times[times.length - maxPerWindow] + windowMs);
    }
}
