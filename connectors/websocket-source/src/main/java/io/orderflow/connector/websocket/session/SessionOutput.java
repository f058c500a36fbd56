package io.orderflow.connector.websocket.session;

import io.orderflow.model.MarketEvent;

/** Where a venue session's events go: the reader's current batch for its split. */
public interface SessionOutput {
    void emit(MarketEvent event);

    /** The split is done (a bounded replay ended, or its frame limit was reached); nothing follows. */
    void finished();
}
