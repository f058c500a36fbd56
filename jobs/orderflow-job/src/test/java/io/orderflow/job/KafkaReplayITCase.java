package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.execution.strategy.MidPredictorStrategy;
import io.orderflow.execution.state.PairLegs;
import io.orderflow.execution.strategy.PairMeanReversionStrategy;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.TableDef;
import io.orderflow.job.iceberg.TableRows;
import io.orderflow.kafka.KafkaMarketData;
import io.orderflow.kafka.LocalKafkaBroker;
import io.orderflow.kafka.MarketDataFormat;
import io.orderflow.kafka.MarketEventRecordDeserializer;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Binance USD-M capture (fixtures/NOTICE), served at 10x its recorded pace, goes through the ingest job
 * into a real KRaft broker (exactly-once sink), then through the whole analytics job twice from Kafka: once
 * cleanly, once failed four times where a bounded replay is most fragile (early; after one reader finished; on the
 * last record; the TaskManager terminated while the job ends its input and commits), each failure after a fresh
 * checkpoint, so every restart restores books, signals, CEP, strategies and half-written Iceberg commits. Every
 * table must come out the same, row for row.
 */
class KafkaReplayITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    private static final String TOPIC = "binance-usdm.market";
    /** Three in the source's deserializer, one TaskManager terminated at the end. */
    private static final int INDUCED_FAILURES = 4;

    /** Once; {@code -Pstress} runs it {@code orderflow.stress.runs} times (late failures are races to guard). */
    static java.util.stream.IntStream runs() {
        return java.util.stream.IntStream.rangeClosed(1, Integer.getInteger("orderflow.stress.runs", 1));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "run {0}")
    @org.junit.jupiter.params.provider.MethodSource("runs")
    void aReplayFailedWhereBoundedReplaysAreFragileWritesEveryTableRowForRowAsACleanRun(int run, @TempDir Path dir,
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            // four partitions: Kafka's hash puts the four instruments in three of them
            kafka.createTopic(TOPIC, 4);
            ingest(dir, kafka);
            kafka.awaitSettled(TOPIC, Duration.ofSeconds(30)); // both replays must see the whole topic
            List<ConsumerRecord<byte[], byte[]>> topic = kafka.readCommitted(TOPIC);
            System.out.println("topic holds " + topic.size() + " events");
            // the ingest lost nothing: every recorded trade is on the topic, once
            long recordedTrades = BinanceUsdmCapture.resource(BinanceUsdmCapture.WS).lines()
                    .filter(l -> l.contains("\"e\":\"aggTrade\"")).count();
            assertThat(topic.stream().filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                    .contains("\"type\":\"trade\"")).count()).isEqualTo(recordedTrades);

            InducedFailures.failures.set(0); // a previous run's count (stress runs share the class)
            IcebergOutput clean = new IcebergOutput(dir.resolve("clean").toString(), "orderflow");
            run(clean, KafkaMarketData.source().bootstrapServers(kafka.bootstrapServers()).topic(TOPIC)
                    .groupId("clean").bounded(true).build(), cluster, dir, false);
            assertThat(InducedFailures.failures.get()).isZero();

            InducedFailures.arm(topic);
            IcebergOutput failed = new IcebergOutput(dir.resolve("failed").toString(), "orderflow");
            // the same source as KafkaMarketData.source() builds, with the failures wrapped around its deserializer
            run(failed, KafkaSource.<MarketEvent>builder().setBootstrapServers(kafka.bootstrapServers())
                    .setTopics(TOPIC).setGroupId("failed").setStartingOffsets(OffsetsInitializer.earliest())
                    .setBounded(OffsetsInitializer.offsets(kafka.endOffsets(TOPIC))).setProperty("isolation.level", "read_committed")
                    .setDeserializer(new InducedFailures(new MarketEventRecordDeserializer(MarketDataFormat.JSON)))
                    .build(), cluster, dir, true);
            assertThat(InducedFailures.struck()).as("failures where they were meant to strike")
                    .hasSize(INDUCED_FAILURES);

            Map<String, Integer> sizes = new TreeMap<>();
            org.assertj.core.api.SoftAssertions tables = new org.assertj.core.api.SoftAssertions();
            for (TableDef table : OrderflowTables.ALL) {
                List<String> expected = TableRows.sorted(clean, table);
                List<String> actual = TableRows.sorted(failed, table);
                tables.assertThat(actual).as(table.name() + ": the failed replay against the clean one")
                        .containsExactlyElementsOf(expected);
                sizes.put(table.name(), expected.size());
            }
            tables.assertAll();
            System.out.println("rows per table, identical in both runs: " + sizes);
            // the comparison covers every stage: market data, signals, patterns and all four strategies' trading
            for (String table : List.of("book_updates", "trades", "bbo", "book_top10_1s", "book_features",
                    "predictions", "patterns", "pair_signals", "orders", "fills", "order_intents", "pnl",
                    "positions")) {
                assertThat(sizes.get(table)).as(table).isPositive();
            }
        }
    }

    /** The capture, served by the local exchange in Binance's protocol, through the ingest job into the topic. */
    private static void ingest(Path dir, LocalKafkaBroker kafka) throws Exception {
        try (LocalExchange exchange = BinanceUsdmCapture.serve(dir, 10)) {
            WebSocketSource source = BinanceUsdmCapture.source(exchange);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            Duration interval = Duration.ofMillis(500);
            new IngestJob(source, KafkaMarketData.sink().bootstrapServers(kafka.bootstrapServers()).topic(TOPIC)
                    .delivery(DeliveryGuarantee.EXACTLY_ONCE).transactionalIdPrefix("it-ingest-binance-usdm")
                    .checkpointInterval(interval).build(), interval).build(env);
            env.execute("ingest");
        }
    }

    /**
     * The full job on the topic, in event-time decision order, with every strategy on: the demo's two, the
     * pattern-triggered momentum, and pair trades on SUSHI against AKRO. While it runs, the number of completed
     * checkpoints is handed to the failure injector.
     */
    private static void run(IcebergOutput output, KafkaSource<MarketEvent> source, MiniCluster cluster, Path dir,
            boolean terminateTaskManagerAtTheEnd) throws Exception {
        JobSettings settings = JobSettings.defaults()
                .withCheckpointInterval(Duration.ofMillis(300))
                .withVolatilityWindow(Duration.ofSeconds(5))
                .withPnlInterval(Duration.ofSeconds(5))
                .withMidPredictor(new MidPredictorStrategy(5, 1.0, 200, Decimals.parse("0.1"), 2,
                        new BigDecimal("0.05"), 3, 8, 0.995))
                .withPairTrades(PairMeanReversionStrategy.defaults().withWarmup(5),
                        List.of(PairLegs.parse("binance-usdm:SUSHIUSDT~AKROUSDT")))
                .withKillSwitchFile(dir.resolve("no-kill-switch").toString())
                .withDecisionOrder(DecisionOrder.EVENT_TIME);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, INDUCED_FAILURES + 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(conf);
        env.setParallelism(2);
        new OrderflowJob(source, output, settings).build(env);
        JobClient job = env.executeAsync("replay from kafka");
        JobID id = job.getJobID();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            JobStatus status = cluster.getJobStatus(id).get();
            if (status.isGloballyTerminalState()) {
                assertThat(status).isEqualTo(JobStatus.FINISHED);
                break;
            }
            assertThat(System.nanoTime()).as("replay finished within 4 min").isLessThan(deadline);
            if (terminateTaskManagerAtTheEnd && InducedFailures.struck().size() == INDUCED_FAILURES - 1
                    && InducedFailures.everythingRead()) {
                terminateTaskManagerAtTheEnd = false;
                InducedFailures.strike("TaskManager terminated once every record was read");
                cluster.terminateTaskManager(0).get();
                cluster.startTaskManager();
            }
            try {
                InducedFailures.completedCheckpoints.set(cluster.getExecutionGraph(id).get()
                        .getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints());
            } catch (java.util.concurrent.ExecutionException jobJustEnded) {
                // the graph is archived between the status check and this call: the loop sees FINISHED next
            }
            Thread.sleep(20); // polling interval of a condition with a deadline
        }
        job.getJobExecutionResult().get();
    }

    /**
     * Fails the job where a bounded replay is most fragile, each once and only once a checkpoint has completed since
     * the last failure (so each restart resumes from a checkpoint taken after the previous one):
     * <ol>
     *   <li>early, a tenth into the largest partition, while every reader has input;</li>
     *   <li>after one source reader has read all its partitions and a checkpoint has completed since (the restore
     *       then holds a finished reader beside a running one), on a record of a reader still reading;</li>
     *   <li>at end of input: on the last record of the last partition, when everything else has been read.</li>
     * </ol>
     * The test's own loop then adds a fourth, outside the job's code: the TaskManager is terminated once every
     * record has been read, while the job drains its last records, ends its input and takes its final checkpoint
     * (whose notification commits the last Iceberg files). The MiniCluster runs the job in this JVM: the test
     * thread and the source share these counters.
     */
    static final class InducedFailures implements KafkaRecordDeserializationSchema<MarketEvent> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong completedCheckpoints = new AtomicLong();
        static final AtomicInteger failures = new AtomicInteger();
        private static final AtomicLong checkpointsAtLastFailure = new AtomicLong();

        enum Moment { EARLY, AFTER_A_READER_FINISHED, AT_END_OF_INPUT }

        private static final List<Moment> pending = new ArrayList<>();
        private static final List<String> struck = new ArrayList<>();
        /** The last offset of every non-empty partition, the highest read so far, and which reader reads each. */
        private static final Map<Integer, Long> lastOffset = new TreeMap<>();
        private static final Map<Integer, Long> readUpTo = new TreeMap<>();
        private static final Map<Integer, String> readerOf = new TreeMap<>();
        private static int largest;
        /** Per reader, the checkpoints completed when it last read a record. */
        private static final Map<String, Long> checkpointsAtLastRecord = new TreeMap<>();

        private static final long PACE_NANOS = 6_000_000;
        private static final long LAST_READER_PACE_NANOS = 20_000_000;

        private final MarketEventRecordDeserializer inner;

        InducedFailures(MarketEventRecordDeserializer inner) {
            this.inner = inner;
        }

        static synchronized void arm(List<ConsumerRecord<byte[], byte[]>> topic) {
            lastOffset.clear();
            readUpTo.clear();
            readerOf.clear();
            Map<Integer, Integer> sizes = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : topic) {
                lastOffset.merge(r.partition(), r.offset(), Math::max);
                sizes.merge(r.partition(), 1, Integer::sum);
            }
            largest = sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertThat(sizes).as("non-empty partitions").hasSizeGreaterThanOrEqualTo(2);
            pending.clear();
            pending.addAll(List.of(Moment.values()));
            struck.clear();
            System.out.println("failures armed: " + pending + " over partitions " + sizes);
            failures.set(0);
            completedCheckpoints.set(0);
            checkpointsAtLastFailure.set(0);
            checkpointsAtLastRecord.clear();
        }

        /** Every record of the topic has been read at least once. */
        static synchronized boolean everythingRead() {
            return lastOffset.entrySet().stream().allMatch(e -> readUpTo.getOrDefault(e.getKey(), -1L) >= e.getValue());
        }

        static synchronized void strike(String what) {
            failures.incrementAndGet();
            struck.add(what);
            System.out.println("failure " + failures.get() + ": " + what);
        }

        static synchronized List<String> struck() {
            return List.copyOf(struck);
        }

        /**
         * A reader other than {@code reader} that has read each of its partitions to the end and nothing since two
         * checkpoints completed (a reader takes its partitions one after another, so one not seen yet is not
         * known to be another's until then): it has finished, and a checkpoint holds it finished.
         */
        private static boolean anotherReaderFinished(String reader) {
            return anotherReaderReadAll(reader, 2);
        }

        /** A reader other than {@code reader} has read all its partitions, {@code checkpointsSince} checkpoints ago. */
        private static boolean anotherReaderReadAll(String reader, long checkpointsSince) {
            Map<String, Boolean> done = new TreeMap<>();
            readerOf.forEach((p, r) -> done.merge(r, readUpTo.getOrDefault(p, -1L) >= lastOffset.get(p),
                    Boolean::logicalAnd));
            return done.entrySet().stream().anyMatch(e -> !e.getKey().equals(reader) && e.getValue()
                    && completedCheckpoints.get() >= checkpointsAtLastRecord.getOrDefault(e.getKey(), 0L)
                    + checkpointsSince);
        }

        private static boolean due(Moment m, ConsumerRecord<byte[], byte[]> record, String reader) {
            return switch (m) {
                case EARLY -> record.partition() == largest
                        && record.offset() >= lastOffset.get(largest) / 10;
                case AFTER_A_READER_FINISHED -> anotherReaderFinished(reader)
                        && record.offset() < lastOffset.get(record.partition());
                case AT_END_OF_INPUT -> record.offset() >= lastOffset.get(record.partition())
                        && lastOffset.keySet().stream().filter(p -> p != record.partition())
                                .allMatch(p -> readUpTo.getOrDefault(p, -1L) >= lastOffset.get(p));
            };
        }

        @Override
        public void open(org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext c)
                throws Exception {
            inner.open(c);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MarketEvent> out) throws IOException {
            synchronized (InducedFailures.class) {
                // the source task's thread, without its attempt number: one name per reader across restarts
                String reader = Thread.currentThread().getName().replaceAll("#\\d+$", "");
                readerOf.putIfAbsent(record.partition(), reader);
                Moment next = pending.isEmpty() ? null : pending.get(0);
                if (next != null && completedCheckpoints.get() > checkpointsAtLastFailure.get()
                        && due(next, record, reader)) {
                    pending.remove(0);
                    checkpointsAtLastFailure.set(completedCheckpoints.get());
                    String what = next + " at " + record.partition() + "@" + record.offset() + " after checkpoint "
                            + completedCheckpoints.get();
                    strike(what);
                    throw new IOException("induced failure " + failures.get() + ": " + what);
                }
                readUpTo.merge(record.partition(), record.offset(), Math::max);
                checkpointsAtLastRecord.put(reader, completedCheckpoints.get());
            }
            // A slower reader than the clean run's (6 ms a record, some 9 s for the topic; 20 ms once another
            // reader has read all its partitions, so the last one is still reading when that is checkpointed): room
            // for the checkpoints each failure waits for, and a second reason for the runs to interleave differently.
            boolean last;
            synchronized (InducedFailures.class) {
                last = anotherReaderReadAll(Thread.currentThread().getName().replaceAll("#\\d+$", ""), 0);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(last ? LAST_READER_PACE_NANOS : PACE_NANOS);
            inner.deserialize(record, out);
        }

        @Override
        public TypeInformation<MarketEvent> getProducedType() {
            return inner.getProducedType();
        }
    }
}
