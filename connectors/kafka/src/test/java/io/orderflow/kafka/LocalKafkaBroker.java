package io.orderflow.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka cluster in KRaft mode (one combined broker and controller), formatted and started
 * from the Kafka server artifacts on an ephemeral loopback port, deleted on close. Replication factors are 1, as
 * a single node needs; everything else is the broker's default, including the 15 min
 * {@code transaction.max.timeout.ms} the sink is validated against.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private LocalKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static LocalKafkaBroker start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new LocalKafkaBroker(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * A topic that keeps every record whatever its time, as a topic holding recordings must: our records carry
     * their market time as the Kafka timestamp, and a recording from 2021 is years past time-based retention (7
     * days by default), so the broker deleted the oldest records of such a topic while a test was still reading it
     * (a replay restored after a failure found a partition starting 20 records late, without its snapshot).
     */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1")))).all().get();
        }
    }

    /** Writes raw records outside any transaction (e.g. a record no writer of ours would produce). */
    public void produce(List<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    /**
     * Writes each batch of records as one committed transaction, as the ingest job's sink does once per checkpoint.
     * The broker stamps each commit marker with its own clock, not the records' times.
     */
    public void produceInTransactions(String transactionalId, List<List<ProducerRecord<byte[], byte[]>>> batches) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("transactional.id", transactionalId);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (List<ProducerRecord<byte[], byte[]>> batch : batches) {
                producer.beginTransaction();
                batch.forEach(producer::send);
                producer.commitTransaction();
            }
        }
    }

    /** Each partition's end as a read_committed consumer sees it (the last stable offset). */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        return endOffsets(topic, "read_committed");
    }

    /**
     * Waits until no transaction is open on the topic: every partition's last stable offset has reached its high
     * watermark. A transactional writer's job ends when its last commit returns, but the broker writes the
     * transaction markers (which move the offset read-committed readers and offset lookups see) a little later.
     */
    public void awaitSettled(String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!endOffsets(topic, "read_committed").equals(endOffsets(topic, "read_uncommitted"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " still has an open transaction after " + timeout);
            }
            Thread.sleep(50); // polling interval of a condition with a deadline
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic, String isolation) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("isolation.level", isolation);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList());
        }
    }

    /** The offsets a consumer group has committed for the topic's partitions (those it committed at all). */
    public Map<TopicPartition, Long> committedOffsets(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
                if (tp.topic().equals(topic) && o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        }
    }

    /** Every committed record of the topic, partition by partition, each in offset order. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " not read to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        out.sort(java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
