package io.orderflow.job;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition with a deadline (never a fixed sleep), polling it every 100 ms. */
public final class Await {
    private Await() {}

    /** Returns once {@code condition} holds; fails naming {@code what} when {@code timeout} passes first. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
