package io.orderflow.venue;

import io.orderflow.model.MarketEvent;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes one connection's text frames into normalized events. A frame that cannot be decoded never throws:
 * it becomes a {@link io.orderflow.model.DataQualityEvent} of kind MALFORMED_FRAME with the reason and an excerpt,
 * and decoding goes on with the next frame. A decoder that finds a problem only it can see (a checksum mismatch, a
 * connection-level sequence gap) reports it the same way, as a data-quality event naming the instrument (or none,
 * for the whole connection).
 */
public interface FrameDecoder {
    void decode(String frame, long receivedAtNanos, Consumer<MarketEvent> out);

    /** The next book message of this symbol is a full book (a resubscription was requested). */
    default void expectSnapshot(String symbol) {}

    /** Checksum results per symbol, for venues that send checksums; empty otherwise. */
    default Map<String, ChecksumCounts> checksums() {
        return Map.of();
    }

    /** How many checksums matched the local book, did not, or were 0 (not provided). */
    record ChecksumCounts(long matched, long mismatched, long zero) {}
}
