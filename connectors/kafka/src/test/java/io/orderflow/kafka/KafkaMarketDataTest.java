package io.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class KafkaMarketDataTest {

    private static KafkaMarketData.SinkBuilder sink() {
        return KafkaMarketData.sink().bootstrapServers("localhost:9092").topic("orderflow.market")
                .transactionalIdPrefix("orderflow-ingest-okx").checkpointInterval(Duration.ofSeconds(10));
    }

    @Test
    void exactlyOnceNeedsAPrefixAndATimeoutBetweenTheCheckpointAndTheBrokersMaximum() {
        assertThat(sink().build()).isNotNull();
        assertThatThrownBy(() -> sink().transactionalIdPrefix(null).build())
                .hasMessageContaining("transactional id prefix");
        assertThatThrownBy(() -> sink().checkpointInterval(null).build()).hasMessageContaining("checkpoint interval");
        assertThatThrownBy(() -> sink().transactionTimeout(Duration.ofMinutes(30)).build())
                .hasMessageContaining("exceeds the brokers' transaction.max.timeout.ms PT15M");
        assertThat(sink().transactionTimeout(Duration.ofMinutes(30))
                .brokerMaxTransactionTimeout(Duration.ofHours(1)).build()).isNotNull();
        assertThatThrownBy(() -> sink().checkpointInterval(Duration.ofMinutes(15)).build())
                .hasMessageContaining("shorter than a checkpoint interval plus a restart");
        // at-least-once writes outside transactions: none of that applies
        assertThat(sink().delivery(DeliveryGuarantee.AT_LEAST_ONCE).transactionalIdPrefix(null).build()).isNotNull();
        assertThatThrownBy(() -> sink().delivery(DeliveryGuarantee.NONE).build()).hasMessageContaining("delivery");
    }

    @Test
    void topicAndSourceSettingsAreChecked() {
        assertThatThrownBy(() -> sink().topic("market data").build()).hasMessageContaining("not a valid topic name");
        assertThatThrownBy(() -> sink().bootstrapServers(" ").build()).hasMessageContaining("--kafka");
        assertThatThrownBy(() -> KafkaMarketData.source().bootstrapServers("h:1").topic("t")
                .property("isolation.level", "read_uncommitted").build())
                .hasMessageContaining("read_committed");
        assertThat(KafkaMarketData.source().bootstrapServers("h:1").topic("t").build().getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED);
    }

    @Test
    void startingOffsetsParse() {
        assertThat(StartingOffsets.parse("timestamp:2026-11-22T10:00:00Z").timestampMs())
                .isEqualTo(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli());
        assertThat(StartingOffsets.parse("timestamp:1763805600000").timestampMs()).isEqualTo(1_763_805_600_000L);
        assertThat(StartingOffsets.parse("committed").kind()).isEqualTo(StartingOffsets.Kind.COMMITTED);
        assertThatThrownBy(() -> StartingOffsets.parse("timestamp:yesterday")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> StartingOffsets.parse("beginning")).hasMessageContaining("earliest, latest");
    }
}
