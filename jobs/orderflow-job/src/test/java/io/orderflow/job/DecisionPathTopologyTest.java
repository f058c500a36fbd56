package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.execution.state.PairLegs;
import io.orderflow.execution.strategy.PairMeanReversionStrategy;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.venue.VenueEndpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import java.util.function.Predicate;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision path's shape, read from the graphs Flink itself builds from the job. Which network edges flush each
 * record (each stream edge carries the buffer timeout its writer will use): the book's own input leaves at once,
 * the strategies run in the book's own task, and every other edge (signals, storage, the cross-section) keeps the
 * environment's timeout, so the writers still receive full buffers. And where the Iceberg writers run (the job
 * graph's tasks): never inside a producer's task, the per-event tables' at the job's parallelism.
 */
class DecisionPathTopologyTest {
    private static final long ENVIRONMENT_TIMEOUT_MS = 100;

    @Test
    void onlyTheDecisionPathFlushesEachRecord(@TempDir Path dir) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setBufferTimeout(ENVIRONMENT_TIMEOUT_MS);
        WebSocketSource source = WebSocketSource.builder()
                .venue("okx", List.of("BTC-USDT"), new VenueEndpoints("ws://127.0.0.1:9/ws", "http://127.0.0.1:9"))
                .build();
        new OrderflowJob(source, new IcebergOutput(dir.toString(), "orderflow"), JobSettings.defaults()
                .withPairTrades(PairMeanReversionStrategy.defaults(), List.of(PairLegs.parse("okx:ETH-USDT~BTC-USDT")))
                .withKillSwitchFile(dir.resolve("no-kill-switch").toString())).build(env);
        StreamGraph graph = env.getStreamGraph();
        JobGraph tasks = graph.getJobGraph();

        // every single-instrument strategy in one operator whose one input is the books, in the book's own task:
        // a decision is a method call away from the book that triggers it
        List<StreamEdge> intoTrading = edgesInto(graph, n -> n.getOperatorName().startsWith("strategies, risk"));
        assertThat(intoTrading).as("the books, and nothing else").singleElement().satisfies(e ->
                assertThat(graph.getSourceVertex(e).getOperatorName()).isEqualTo("order book"));
        List<JobVertex> bookTask = new ArrayList<>();
        tasks.getVertices().forEach(v -> {
            if (v.getName().startsWith("order book")) {
                bookTask.add(v);
            }
        });
        assertThat(bookTask).singleElement().satisfies(v -> assertThat(v.getName())
                .as("the strategies chained into the book's task")
                .contains("strategies, risk, paper execution (imbalance, mid-predictor, imbalance-momentum)"));
        assertThat(graph.getStreamNodes()).as("no CEP operator feeds the strategies any more")
                .noneMatch(n -> n.getOperatorName().startsWith("trigger:"));
        assertThat(edgesInto(graph, n -> n.getOperatorName().equals("order book")))
                .singleElement().satisfies(e -> assertThat(e.getBufferTimeout()).isZero());
        assertThat(edgesInto(graph, n -> n.getOperatorName().startsWith("pair mean reversion")))
                .singleElement().satisfies(e -> assertThat(e.getBufferTimeout()).as("the pair's legs").isZero());

        List<StreamEdge> intoStorage = edgesInto(graph, n -> n.getOperatorName().contains("iceberg-"));
        assertThat(intoStorage).as("the tables' writers").hasSizeGreaterThanOrEqualTo(OrderflowTables.ALL.size());
        assertThat(intoStorage).allSatisfy(e -> assertThat(e.getBufferTimeout())
                .as("%s → %s", graph.getSourceVertex(e).getOperatorName(), graph.getTargetVertex(e).getOperatorName())
                .isEqualTo(ENVIRONMENT_TIMEOUT_MS));
        assertThat(edgesInto(graph, n -> n.getOperatorName().startsWith("lead-lag")))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getBufferTimeout()).isEqualTo(ENVIRONMENT_TIMEOUT_MS));
        // nothing after the book waits for a flush per record any more: the signals are not on the decision path
        // (the books, the trades' flow and the reference mids; and the reference fan-out's own input)
        assertThat(edgesInto(graph, n -> n.getOperatorName().startsWith("book features")))
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.getBufferTimeout()).isEqualTo(ENVIRONMENT_TIMEOUT_MS));
        assertThat(edgesInto(graph, n -> n.getOperatorName().startsWith("reference mids")))
                .singleElement().satisfies(e -> assertThat(e.getBufferTimeout()).isEqualTo(ENVIRONMENT_TIMEOUT_MS));

        // a task is named after its chain ("head -> (chained, ...)"): a writer heads its own, or it would close its
        // Parquet files inside a book's or a strategy's task at every checkpoint
        List<JobVertex> writers = new ArrayList<>();
        tasks.getVertices().forEach(v -> {
            if (v.getName().contains(": Writer")) {
                writers.add(v);
            }
        });
        assertThat(writers).hasSize(OrderflowTables.ALL.size()).allSatisfy(v -> assertThat(v.getName()).startsWith("iceberg: ")
                .doesNotContain(" -> "));
        assertThat(writers).filteredOn(v -> v.getName().startsWith("iceberg: book_updates:")
                || v.getName().startsWith("iceberg: book_features:") || v.getName().startsWith("iceberg: bbo:"))
                .hasSize(3).allSatisfy(v -> assertThat(v.getParallelism()).as(v.getName()).isEqualTo(2));
        assertThat(writers).filteredOn(v -> v.getName().startsWith("iceberg: orders:")).singleElement()
                .satisfies(v -> assertThat(v.getParallelism()).isEqualTo(1));

        // the cross-section's per-instrument and pair steps run at the job's parallelism (only the ranking's
        // second phase, which sorts a row per instrument, is one task)
        List<JobVertex> crossSection = new ArrayList<>();
        tasks.getVertices().forEach(v -> {
            if (v.getName().contains("cross-section: each instrument's window") || v.getName().contains("lead-lag")) {
                crossSection.add(v);
            }
        });
        assertThat(crossSection).hasSize(2).allSatisfy(v -> assertThat(v.getParallelism()).as(v.getName())
                .isEqualTo(2));
    }

    @Test
    void noSourceReaderIsLeftWithoutAConnection(@TempDir Path dir) {
        // one connection at parallelism 2: one reader, not a second that would end at once in a bounded run and
        // flush every window with its end-of-time watermark; three connections use both readers
        for (int connections : new int[] {1, 3}) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            var builder = WebSocketSource.builder().finishOnServerClose(true);
            for (String venue : List.of("okx", "woox", "gemini").subList(0, connections)) {
                builder.venue(venue, List.of(venue.equals("okx") ? "BTC-USDT" : venue.equals("woox") ? "SPOT_BTC_USDT"
                        : "BTCUSD"), new VenueEndpoints("ws://127.0.0.1:9/ws", "http://127.0.0.1:9"));
            }
            WebSocketSource source = builder.build();
            assertThat(source.splits()).hasSize(connections);
            new OrderflowJob(source, new IcebergOutput(dir.resolve("w" + connections).toString(), "orderflow"),
                    JobSettings.defaults().withKillSwitchFile(dir.resolve("no-kill-switch").toString())).build(env);
            StreamNode reader = env.getStreamGraph().getStreamNodes().stream()
                    .filter(n -> n.getOperatorName().startsWith("Source: market data")).findFirst().orElseThrow();
            assertThat(reader.getParallelism()).as("%d connections", connections).isEqualTo(Math.min(2, connections));
        }
    }

    private static List<StreamEdge> edgesInto(StreamGraph graph, Predicate<StreamNode> target) {
        return graph.getStreamNodes().stream().filter(target).flatMap(n -> n.getInEdges().stream()).toList();
    }
}
