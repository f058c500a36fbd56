package io.orderflow.exchange;

import java.util.List;

/**
 * What a local exchange plays: a timeline of steps, each a batch of frames due some time after the previous one,
 * and the REST depth snapshot that matches the current position. Implementations are driven by one publisher
 * thread; {@link #depthSnapshot} may be called concurrently from the REST server and must be thread-safe.
 */
public interface MarketScript {
    /** The next step, or null when the script is over (the exchange then closes its connections). */
    Step next();

    /** The REST depth body for a symbol at the current position, or null for an unknown symbol. */
    String depthSnapshot(String symbol, int limit);

    /** Frames due {@code delayNanos} (in script time) after the previous step. */
    record Step(long delayNanos, List<Frame> frames) {}

    /** One text frame for the subscribers of {@code symbol} (lower case, as in Binance stream names). */
    record Frame(String symbol, String text) {}
}
