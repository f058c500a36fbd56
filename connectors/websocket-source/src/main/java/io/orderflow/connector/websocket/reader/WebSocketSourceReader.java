package io.orderflow.connector.websocket.reader;

import io.orderflow.connector.websocket.session.WebSocketSourceOptions;
import io.orderflow.connector.websocket.split.WebSocketSplit;
import io.orderflow.model.MarketEvent;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * The reader: one fetcher thread multiplexes all of this subtask's connections. Records are stamped with the
 * venue's own timestamp, so event-time watermarks follow exchange time.
 */
public final class WebSocketSourceReader
        extends SingleThreadMultiplexSourceReaderBase<MarketEvent, MarketEvent, WebSocketSplit, WebSocketSplit> {

    public WebSocketSourceReader(WebSocketSourceOptions options, SourceReaderContext context) {
        this(options, context, new AtomicReference<>());
    }

    private WebSocketSourceReader(WebSocketSourceOptions options, SourceReaderContext context,
            AtomicReference<WebSocketSplitReader> current) {
        super(() -> {
            WebSocketSplitReader reader = new WebSocketSplitReader(options);
            current.set(reader);
            return reader;
        }, (event, output, split) -> output.collect(event, event.exchangeTimeMs()), new Configuration(), context);
        // how far the job is behind the network: frames received and not yet handled, and the oldest one's age
        context.metricGroup().gauge("framesWaiting", () -> current.get() == null ? 0L : current.get().framesWaiting());
        context.metricGroup().gauge("lagMs", () -> current.get() == null ? 0L : current.get().lagMillis());
    }

    @Override
    public void start() {
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, WebSocketSplit> finishedSplitIds) {}

    @Override
    protected WebSocketSplit initializedState(WebSocketSplit split) {
        return split;
    }

    @Override
    protected WebSocketSplit toSplitType(String splitId, WebSocketSplit state) {
        return state;
    }
}
