package io.orderflow.kafka;

import io.orderflow.model.MarketEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * The normalized market-data topic: one builder for the ingest job's sink and one for the analytics job's source,
 * both validating at start-up with messages that say what to change.
 *
 * <p>Exactly-once between the jobs rests on three settings that must agree: the sink writes in Kafka
 * transactions committed on each checkpoint, so its {@code transaction.timeout.ms} must outlast a checkpoint
 * interval plus a restart (else the broker aborts a transaction Flink still means to commit), and must not exceed
 * the broker's {@code transaction.max.timeout.ms} (15 min by default; else the producer is refused); every job
 * writing to the cluster needs its own transactional id prefix; and the source reads {@code read_committed}, so
 * it never sees an aborted or still-open transaction.
 */
public final class KafkaMarketData {
    /** Kafka's default {@code transaction.max.timeout.ms}. */
    public static final Duration BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    /** Time allowed for a failed job to come back and commit what its last checkpoint holds. */
    static final Duration RESTART_ALLOWANCE = Duration.ofMinutes(1);

    private KafkaMarketData() {}

    public static SourceBuilder source() {
        return new SourceBuilder();
    }

    public static SinkBuilder sink() {
        return new SinkBuilder();
    }

    /** What both ends share: where the topic is, and client settings (security, timeouts) passed through. */
    public abstract static class TopicSettings<B extends TopicSettings<B>> {
        String bootstrapServers;
        String topic;
        MarketDataFormat format = MarketDataFormat.JSON;
        final Map<String, String> properties = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        public B bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return self();
        }

        public B topic(String name) {
            this.topic = name;
            return self();
        }

        /** Written in this format; read by each record's header, this one where a record has none. */
        public B format(MarketDataFormat f) {
            this.format = f;
            return self();
        }

        /** Any Kafka client property, e.g. {@code security.protocol} or {@code sasl.jaas.config}. */
        public B property(String key, String value) {
            properties.put(key, value);
            return self();
        }

        void validateTopic() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("Kafka bootstrap servers are required (--kafka host:port)");
            }
            if (topic == null || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("Kafka topic \"" + topic + "\" is not a valid topic name "
                        + "(letters, digits, '.', '_', '-'; at most 249)");
            }
            if (format == null) {
                throw new IllegalArgumentException("a market data format is required (json or binary)");
            }
        }

        Properties clientProperties() {
            Properties p = new Properties();
            p.putAll(properties);
            return p;
        }
    }

    /** The analytics job's input. */
    public static final class SourceBuilder extends TopicSettings<SourceBuilder> {
        private StartingOffsets start = StartingOffsets.earliest();
        private boolean bounded;
        private String groupId = "orderflow-analytics";

        public SourceBuilder startingOffsets(StartingOffsets s) {
            this.start = s;
            return this;
        }

        /**
         * Stop at the offsets that are the latest (committed) when the source is built (a replay that ends), or run
         * forever. The offsets are fixed then, as numbers, so a restored or resubmitted job stops where the first
         * attempt would have, however much the topic has grown since: the same input, the same outputs.
         */
        public SourceBuilder bounded(boolean b) {
            this.bounded = b;
            return this;
        }

        /** The consumer group whose offsets are committed on each checkpoint (for monitoring and {@code committed}). */
        public SourceBuilder groupId(String id) {
            this.groupId = id;
            return this;
        }

        public KafkaSource<MarketEvent> build() {
            validateTopic();
            if (start == null) {
                throw new IllegalArgumentException("starting offsets are required");
            }
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("a consumer group id is required");
            }
            if (properties.containsKey("isolation.level") && !"read_committed".equals(properties.get("isolation.level"))) {
                throw new IllegalArgumentException("isolation.level must stay read_committed: a reader of "
                        + "uncommitted records would see events of transactions the ingest job aborts");
            }
            var b = KafkaSource.<MarketEvent>builder()
                    .setBootstrapServers(bootstrapServers)
                    .setTopics(topic)
                    .setGroupId(groupId)
                    .setStartingOffsets(start.initializer(readerProperties()))
                    .setDeserializer(new MarketEventRecordDeserializer(format))
                    .setProperties(clientProperties())
                    .setProperty("isolation.level", "read_committed");
            if (bounded) {
                b.setBounded(OffsetsInitializer.offsets(endOffsets()));
            }
            return b.build();
        }

        private Properties readerProperties() {
            Properties p = clientProperties();
            p.put("bootstrap.servers", bootstrapServers);
            return p;
        }

        /** Each partition's last stable offset now: the end of what a read_committed consumer can see. */
        private Map<org.apache.kafka.common.TopicPartition, Long> endOffsets() {
            try (org.apache.kafka.clients.admin.Admin admin =
                    org.apache.kafka.clients.admin.Admin.create(readerProperties())) {
                var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                        .get(1, java.util.concurrent.TimeUnit.MINUTES).get(topic).partitions();
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                        new LinkedHashMap<>();
                for (var info : partitions) {
                    latest.put(new org.apache.kafka.common.TopicPartition(topic, info.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
                Map<org.apache.kafka.common.TopicPartition, Long> ends = new LinkedHashMap<>();
                admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all()
                        .get(1, java.util.concurrent.TimeUnit.MINUTES)
                        .forEach((tp, r) -> ends.put(tp, r.offset()));
                return ends;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a bounded read needs the end offsets of topic " + topic + " at "
                        + bootstrapServers + ", and Kafka did not give them: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the end offsets of " + topic, e);
            }
        }
    }

    /** The ingest job's output. */
    public static final class SinkBuilder extends TopicSettings<SinkBuilder> {
        private DeliveryGuarantee delivery = DeliveryGuarantee.EXACTLY_ONCE;
        private String transactionalIdPrefix;
        private Duration checkpointInterval;
        private Duration transactionTimeout = BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;
        private Duration brokerMaxTransactionTimeout = BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;

        /** EXACTLY_ONCE (default: visible to readers when a checkpoint completes) or AT_LEAST_ONCE (at once). */
        public SinkBuilder delivery(DeliveryGuarantee d) {
            this.delivery = d;
            return this;
        }

        /** Unique per job writing to this cluster: two jobs with one prefix abort each other's transactions. */
        public SinkBuilder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        /** The writing job's checkpoint interval: transactions commit on checkpoints. */
        public SinkBuilder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        /** {@code transaction.timeout.ms} (default 15 min, the broker's default maximum). */
        public SinkBuilder transactionTimeout(Duration timeout) {
            this.transactionTimeout = timeout;
            return this;
        }

        /** The brokers' {@code transaction.max.timeout.ms}, if raised from Kafka's 15 min default. */
        public SinkBuilder brokerMaxTransactionTimeout(Duration max) {
            this.brokerMaxTransactionTimeout = max;
            return this;
        }

        public KafkaSink<MarketEvent> build() {
            validateTopic();
            if (delivery == null || delivery == DeliveryGuarantee.NONE) {
                throw new IllegalArgumentException("delivery must be exactly-once or at-least-once");
            }
            var b = KafkaSink.<MarketEvent>builder()
                    .setBootstrapServers(bootstrapServers)
                    .setKafkaProducerConfig(clientProperties())
                    .setRecordSerializer(new MarketEventRecordSerializer(topic, format))
                    .setDeliveryGuarantee(delivery);
            if (delivery == DeliveryGuarantee.EXACTLY_ONCE) {
                validateTransactions();
                b.setTransactionalIdPrefix(transactionalIdPrefix)
                        .setProperty("transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()));
            }
            return b.build();
        }

        private void validateTransactions() {
            if (transactionalIdPrefix == null || !transactionalIdPrefix.matches("[a-zA-Z0-9._-]+")) {
                throw new IllegalArgumentException("exactly-once delivery needs a transactional id prefix of "
                        + "letters, digits, '.', '_' or '-', unique to this job (--transactional-id-prefix), got "
                        + transactionalIdPrefix);
            }
            if (checkpointInterval == null || checkpointInterval.isZero() || checkpointInterval.isNegative()) {
                throw new IllegalArgumentException("exactly-once delivery commits on checkpoints: give the job's "
                        + "checkpoint interval");
            }
            if (transactionTimeout.compareTo(brokerMaxTransactionTimeout) > 0) {
                throw new IllegalArgumentException("transaction timeout " + transactionTimeout + " exceeds the "
                        + "brokers' transaction.max.timeout.ms " + brokerMaxTransactionTimeout + ": the producer "
                        + "would be refused. Lower the timeout or raise the broker setting.");
            }
            Duration needed = checkpointInterval.plus(RESTART_ALLOWANCE);
            if (transactionTimeout.compareTo(needed) < 0) {
                throw new IllegalArgumentException("transaction timeout " + transactionTimeout + " is shorter "
                        + "than a checkpoint interval plus a restart (" + checkpointInterval + " + "
                        + RESTART_ALLOWANCE + "): the broker would abort transactions a restored job still "
                        + "commits. Raise transaction.timeout.ms (and the brokers' maximum) or checkpoint more "
                        + "often.");
            }
        }
    }
}
