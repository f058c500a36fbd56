package io.orderflow.connector.websocket.split;

import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One WebSocket connection's worth of work: a venue, the URL to open, the symbols it carries and the REST base for
 * snapshots. It holds no position: a WebSocket cannot be rewound: on restore the reader opens the connection again and the
 * venue's snapshot rebuilds every book, which the keyed book operator treats as a fresh start.
 */
public final class WebSocketSplit implements SourceSplit, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String splitId;
    private final String venueId;
    private final String url;
    private final String restBase;
    private final List<String> symbols;
    private final List<String> subscribeMessages;

    public WebSocketSplit(String splitId, String venueId, String url, String restBase, List<String> symbols,
            List<String> subscribeMessages) {
        this.splitId = Objects.requireNonNull(splitId);
        this.venueId = Objects.requireNonNull(venueId);
        this.url = Objects.requireNonNull(url);
        this.restBase = Objects.requireNonNull(restBase);
        this.symbols = List.copyOf(symbols);
        this.subscribeMessages = List.copyOf(subscribeMessages);
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public String venueId() {
        return venueId;
    }

    public String url() {
        return url;
    }

    public String restBase() {
        return restBase;
    }

    public List<String> symbols() {
        return symbols;
    }

    public List<String> subscribeMessages() {
        return subscribeMessages;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebSocketSplit s && s.splitId.equals(splitId) && s.venueId.equals(venueId)
                && s.url.equals(url) && s.restBase.equals(restBase) && s.symbols.equals(symbols)
                && s.subscribeMessages.equals(subscribeMessages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, url);
    }

    @Override
    public String toString() {
        return "WebSocketSplit{" + splitId + ", " + venueId + ", " + symbols.size() + " symbols}";
    }
}
