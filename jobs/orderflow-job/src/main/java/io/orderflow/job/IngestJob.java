package io.orderflow.job;

import io.orderflow.model.MarketEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: venue WebSockets → normalized market events → the Kafka topic, nothing else. It keeps raw
 * market data in a replayable log, so the analytics job (or a backtest, or a fix) can be run over it again and
 * again ({@code run --kafka ...}). The sink is Kafka's exactly-once sink by default, committing on each checkpoint.
 */
public final class IngestJob {
    private final Source<MarketEvent, ?, ?> source;
    private final Sink<MarketEvent> sink;
    private final Duration checkpointInterval;

    public IngestJob(Source<MarketEvent, ?, ?> source, Sink<MarketEvent> sink, Duration checkpointInterval) {
        this.source = source;
        this.sink = sink;
        this.checkpointInterval = checkpointInterval;
    }

    public void build(StreamExecutionEnvironment env) {
        env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "market data")
                .uid("market-data-source")
                .sinkTo(sink)
                .uid("kafka-market-data")
                .name("Kafka market data");
    }
}
