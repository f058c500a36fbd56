package io.orderflow.connector.websocket.session;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over from the network threads to the fetcher. Putting never waits: a network thread that waits for the
 * job cannot read the venue's pings, so the venue drops the connection as if the network had failed, which is how
 * an overloaded job used to disconnect itself. How far behind the job is stays measurable instead: the frames
 * waiting and the age of the oldest, read by the fetcher (FALLING_BEHIND rows), the network threads (the lag
 * limit) and the reader's gauges.
 */
public final class InboundQueue {
    private final LinkedBlockingQueue<Inbound> items = new LinkedBlockingQueue<>();
    private final AtomicLong framesWaiting = new AtomicLong();
    /** The last lag seen with a frame at the head, for the moments a tick or an open is there instead. */
    private volatile long lastLagNanos;

    public void put(Inbound item) {
        if (item instanceof Inbound.Frame) {
            framesWaiting.incrementAndGet();
        }
        items.offer(item); // unbounded: never refuses, never waits
    }

    public Inbound poll(long timeout, TimeUnit unit) throws InterruptedException {
        return taken(items.poll(timeout, unit));
    }

    public Inbound poll() {
        return taken(items.poll());
    }

    private Inbound taken(Inbound item) {
        if (item instanceof Inbound.Frame) {
            framesWaiting.decrementAndGet();
        }
        return item;
    }

    /** Frames received and not yet taken by the fetcher. */
    public long framesWaiting() {
        return framesWaiting.get();
    }

    /** How long ago the oldest frame still waiting was received (0 when none waits): the job's lag behind the network. */
    public long lagNanos(long nowNanos) {
        if (framesWaiting.get() == 0) {
            lastLagNanos = 0;
            return 0;
        }
        if (items.peek() instanceof Inbound.Frame head) {
            lastLagNanos = Math.max(0, nowNanos - head.receivedAtNanos());
        }
        return lastLagNanos;
    }
}
