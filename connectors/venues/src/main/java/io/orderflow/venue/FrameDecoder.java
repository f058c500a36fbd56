package io.orderflow.venue;

import io.orderflow.model.MarketEvent;
import java.util.function.Consumer;

/**
 * Decodes one connection's text frames into normalized events. A frame that cannot be decoded never throws:
 * it becomes a {@link io.orderflow.model.DataQualityEvent} of kind MALFORMED_FRAME with the reason and an excerpt,
 * and decoding goes on with the next frame.
 */
public interface FrameDecoder {
    void decode(String frame, long receivedAtNanos, Consumer<MarketEvent> out);
}
