package io.orderflow.exchange.protocol;

import java.util.Set;

/** One client connection as a venue protocol sees it. */
public interface Client {
    /** Starts sending this symbol's market data (and, for stream venues, its book first). */
    void subscribe(String symbol);

    void unsubscribe(String symbol);

    Set<String> symbols();

    /** Sends a frame at once, past the fault injector (acknowledgements, pongs). */
    void send(String text);

    /** Gemini v1's per-connection counter: 0, 1, 2, ... */
    long nextSocketSequence();

    /**
     * An attribute that makes a client receive every stream of its symbols, whatever it named: for a harness that
     * renders the whole market (the benchmark tape), not for a network client.
     */
    String EVERY_STREAM = "every-stream";

    /** What the protocol keeps about this connection (its route, the streams it named). */
    java.util.Map<String, Object> attributes();
}
