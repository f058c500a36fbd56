package io.orderflow.venue.trading;

import java.util.function.LongSupplier;

/**
 * The venue's clock as seen from here: the local clock plus an offset measured against the venue's server-time
 * endpoint (the midpoint of the request's round trip, as NTP does). Signed requests carry this time, so a local
 * clock that drifts does not get every request refused (Binance -1021, OKX 50102). Measured before the first
 * signed request, again every {@code refreshMs}, and at once when the venue says a timestamp was out of its window.
 */
public final class ServerClock {
    /** Reads the venue's server time in milliseconds; throws when it cannot. */
    @FunctionalInterface
    public interface ServerTime {
        long fetchMs();
    }

    private final LongSupplier local;
    private final ServerTime server;
    private final long refreshMs;
    private volatile long offsetMs;
    private volatile long syncedAtMs = Long.MIN_VALUE;

    public ServerClock(LongSupplier local, ServerTime server, long refreshMs) {
        this.local = local;
        this.server = server;
        this.refreshMs = refreshMs;
    }

    /** The venue's time now; measures the offset first if it is due (a failed measurement keeps the last one). */
    public long nowMs() {
        long l = local.getAsLong();
        if (syncedAtMs == Long.MIN_VALUE || l - syncedAtMs >= refreshMs) {
            try {
                sync();
            } catch (RuntimeException unreachable) {
                syncedAtMs = l; // try again after refreshMs, not on every request
            }
            l = local.getAsLong();
        }
        return l + offsetMs;
    }

    /** Measures the offset now; throws when the venue's time cannot be read. */
    public synchronized long sync() {
        long sent = local.getAsLong();
        long serverMs = server.fetchMs();
        long received = local.getAsLong();
        offsetMs = serverMs - (sent + received) / 2;
        syncedAtMs = received;
        return offsetMs;
    }

    public long offsetMs() {
        return offsetMs;
    }
}
