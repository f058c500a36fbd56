package io.orderflow.connector.websocket;

import io.orderflow.connector.websocket.session.WebSocketSourceOptions;
import io.orderflow.connector.websocket.enumerator.StaticSplitEnumerator;
import io.orderflow.connector.websocket.reader.WebSocketSourceReader;
import io.orderflow.connector.websocket.split.WebSocketSplit;
import io.orderflow.connector.websocket.split.WebSocketSplitSerializer;
import io.orderflow.flink.types.MarketEventSerializer;
import io.orderflow.model.MarketEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A FLIP-27 source of normalized market events from venues' public WebSockets: one split per connection, books
 * synchronized by each venue's own rules before anything is emitted, malformed frames and sync problems emitted
 * as {@link io.orderflow.model.DataQualityEvent}s in the same stream. Build one with {@link #builder()}.
 *
 * <p>Exactly-once does not apply to a live WebSocket: it cannot be rewound. After a restore every connection is
 * opened again and each book is rebuilt from a fresh venue snapshot, which downstream operators treat as a reset.
 * For exact replay, ingest into Kafka and read that instead.
 */
public final class WebSocketSource
        implements Source<MarketEvent, WebSocketSplit, List<WebSocketSplit>>, ResultTypeQueryable<MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final List<WebSocketSplit> splits;
    private final WebSocketSourceOptions options;

    WebSocketSource(List<WebSocketSplit> splits, WebSocketSourceOptions options) {
        this.splits = List.copyOf(splits);
        this.options = options;
    }

    public static WebSocketSourceBuilder builder() {
        return new WebSocketSourceBuilder();
    }

    public List<WebSocketSplit> splits() {
        return splits;
    }

    WebSocketSourceOptions options() {
        return options;
    }

    @Override
    public Boundedness getBoundedness() {
        return options.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<MarketEvent, WebSocketSplit> createReader(SourceReaderContext context) {
        return new WebSocketSourceReader(options, context);
    }

    @Override
    public SplitEnumerator<WebSocketSplit, List<WebSocketSplit>> createEnumerator(
            SplitEnumeratorContext<WebSocketSplit> context) {
        return new StaticSplitEnumerator(context, splits, splits, options.bounded());
    }

    @Override
    public SplitEnumerator<WebSocketSplit, List<WebSocketSplit>> restoreEnumerator(
            SplitEnumeratorContext<WebSocketSplit> context, List<WebSocketSplit> checkpoint) {
        return new StaticSplitEnumerator(context, checkpoint, splits, options.bounded());
    }

    @Override
    public SimpleVersionedSerializer<WebSocketSplit> getSplitSerializer() {
        return WebSocketSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<WebSocketSplit>> getEnumeratorCheckpointSerializer() {
        return new WebSocketSplitSerializer.EnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return MarketEventSerializer.TYPE_INFO;
    }
}
