package io.orderflow.connector.websocket.reader;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: attempt n waits a random time in [d/2, d] with
 * d = min(max, initial * 2^n), so many clients that lost the venue at once do not come back at once.
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay) implements Serializable {
    public ReconnectPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initial reconnect delay must be positive, got " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "max reconnect delay " + maxDelay + " is below the initial delay " + initialDelay);
        }
    }

    public long delayMillis(int attempt) {
        long initial = initialDelay.toMillis();
        long cap = maxDelay.toMillis();
        long d = attempt >= 30 ? cap : Math.min(cap, initial << attempt);
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }
}
