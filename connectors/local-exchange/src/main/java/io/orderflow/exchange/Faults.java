package io.orderflow.exchange;

import java.util.SplittableRandom;

/**
 * What the local exchange does wrong on purpose, changeable while it runs. Rates apply to each market-data frame
 * sent to each client: drop it, send it twice, swap it with the next one, or cut it short. Acknowledgements,
 * pongs and books sent on subscription are never touched: the faults model a lossy feed, not a broken handshake.
 * A {@link #silence} stops every frame and loses it; a {@link #hold} delays every frame and loses none.
 */
public final class Faults {
    private volatile double drop;
    private volatile double duplicate;
    private volatile double reorder;
    private volatile double corrupt;
    private volatile long silentUntilNanos;
    private volatile long heldUntilNanos;
    private final SplittableRandom random;

    public Faults(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Faults rates(double drop, double duplicate, double reorder, double corrupt) {
        if (drop < 0 || duplicate < 0 || reorder < 0 || corrupt < 0 || drop + duplicate + reorder + corrupt > 1) {
            throw new IllegalArgumentException("fault rates must be >= 0 and sum to at most 1");
        }
        this.drop = drop;
        this.duplicate = duplicate;
        this.reorder = reorder;
        this.corrupt = corrupt;
        return this;
    }

    /** Sends nothing at all (no data, no heartbeats) for this long. */
    public void silence(java.time.Duration d) {
        silentUntilNanos = System.nanoTime() + d.toNanos();
    }

    public boolean silent() {
        return System.nanoTime() - silentUntilNanos < 0;
    }

    /**
     * Holds every frame for this long, then sends what it held, in order, before the next one: a venue whose feed
     * fell behind (a congested gateway), as opposed to a {@link #silence} that loses what it did not send. A
     * client sees nothing for {@code d}, then a burst of messages as old as {@code d}.
     */
    public void hold(java.time.Duration d) {
        heldUntilNanos = System.nanoTime() + d.toNanos();
    }

    public boolean holding() {
        return System.nanoTime() - heldUntilNanos < 0;
    }

    enum Action { SEND, DROP, DUPLICATE, REORDER, CORRUPT }

    synchronized Action next() {
        double r = random.nextDouble();
        if ((r -= drop) < 0) {
            return Action.DROP;
        }
        if ((r -= duplicate) < 0) {
            return Action.DUPLICATE;
        }
        if ((r -= reorder) < 0) {
            return Action.REORDER;
        }
        if (r - corrupt < 0) {
            return Action.CORRUPT;
        }
        return Action.SEND;
    }
}
