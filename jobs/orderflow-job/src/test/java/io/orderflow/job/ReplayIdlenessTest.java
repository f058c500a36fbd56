package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.kafka.KafkaMarketData;
import io.orderflow.kafka.MarketDataFormat;
import io.orderflow.kafka.MarketEventRecordDeserializer;
import io.orderflow.model.MarketEvent;
import java.util.List;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.junit.jupiter.api.Test;

/**
 * Which sources may mark a split idle. A bounded Kafka read may not: its records are all in the topic, so a
 * partition that has given nothing yet is only waiting for the consumer's fetches, and idle-marking it let the other
 * partitions' watermark run ahead, so its records came late (windows dropped them, books were evicted) on some runs
 * and not others: a late-failure replay in {@code KafkaReplayITCase} lost KEEPUSDT's windows this way. Live sources
 * keep idleness, so a quiet venue does not stop event time.
 */
class ReplayIdlenessTest {
    @Test
    void aBoundedKafkaReadIsARewindableReplay() {
        assertThat(OrderflowJob.isRewindableReplay(KafkaSource.<MarketEvent>builder().setBootstrapServers("127.0.0.1:9")
                .setTopics("t").setBounded(OffsetsInitializer.latest())
                .setDeserializer(new MarketEventRecordDeserializer(MarketDataFormat.JSON)).build())).isTrue();
    }

    @Test
    void liveSourcesKeepIdleness() {
        assertThat(OrderflowJob.isRewindableReplay(KafkaMarketData.source().bootstrapServers("127.0.0.1:9")
                .topic("t").build())).as("an unbounded Kafka read").isFalse();
        assertThat(OrderflowJob.isRewindableReplay(WebSocketSource.builder().venue("okx", List.of("BTC-USDT"))
                .finishOnServerClose(true).build())).as("a WebSocket replay: its server paces it, quiet is quiet")
                .isFalse();
    }
}
