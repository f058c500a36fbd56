package io.orderflow.connector.websocket.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.split.WebSocketSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

/**
 * The enumerator against Flink's own enumerator harness: every reader gets a split while there are as many splits
 * as readers (a reader without one finishes at once in bounded mode, and its end-of-time watermark takes over
 * whenever the others are idle), owners do not depend on the order readers register in, splits given back return
 * to their reader, and bounded readers are told there are no more splits.
 */
class StaticSplitEnumeratorTest {
    private static WebSocketSplit split(String id) {
        String venue = id.substring(0, id.lastIndexOf('-'));
        return new WebSocketSplit(id, venue, "ws://127.0.0.1:1/" + id, "http://127.0.0.1:1", List.of("BTCUSDT"),
                List.of());
    }

    private static List<WebSocketSplit> splits(String... ids) {
        List<WebSocketSplit> out = new ArrayList<>();
        for (String id : ids) {
            out.add(split(id));
        }
        return out;
    }

    /** Registers the readers in the given order; each reader's split ids. */
    private static Map<Integer, List<String>> run(List<WebSocketSplit> all, int parallelism, int... order)
            throws Exception {
        try (MockSplitEnumeratorContext<WebSocketSplit> context = new MockSplitEnumeratorContext<>(parallelism)) {
            StaticSplitEnumerator enumerator = new StaticSplitEnumerator(context, all, all, true);
            for (int reader : order) {
                context.registerReader(new ReaderInfo(reader, "localhost"));
                enumerator.addReader(reader);
                assertThat(context.hasNoMoreSplits(reader)).as("bounded: reader %d told no more come", reader)
                        .isTrue();
            }
            Map<Integer, List<String>> owned = new HashMap<>();
            for (int reader = 0; reader < parallelism; reader++) {
                List<String> ids = given(context, reader, 0).stream().map(WebSocketSplit::splitId).toList();
                if (!ids.isEmpty()) {
                    owned.put(reader, ids);
                }
            }
            assertThat(enumerator.snapshotState(1)).as("every split handed out").isEmpty();
            return owned;
        }
    }

    /** The splits assigned to a reader from the {@code from}-th assignment on (the harness records each call). */
    private static List<WebSocketSplit> given(MockSplitEnumeratorContext<WebSocketSplit> context, int reader,
            int from) {
        List<WebSocketSplit> out = new ArrayList<>();
        List<SplitsAssignment<WebSocketSplit>> sequence = context.getSplitsAssignmentSequence();
        for (SplitsAssignment<WebSocketSplit> a : sequence.subList(from, sequence.size())) {
            out.addAll(a.assignment().getOrDefault(reader, List.of()));
        }
        return out;
    }

    @Test
    void twoVenuesOnTwoReadersGetOneEach() throws Exception {
        // the ids of the demo's binance-spot and kraken-futures connections: by hash both went to reader 0, and
        // reader 1 finished at once
        Map<Integer, List<String>> owned = run(splits("binance-spot-0", "kraken-futures-0"), 2, 0, 1);
        assertThat(owned.keySet()).containsExactlyInAnyOrder(0, 1);
        assertThat(owned.values()).allSatisfy(s -> assertThat(s).hasSize(1));
    }

    @Test
    void splitsAreSpreadEvenlyWhateverOrderReadersRegisterIn() throws Exception {
        List<WebSocketSplit> all = splits("binance-spot-0", "binance-usdm-0", "binance-usdm-1", "okx-0",
                "kraken-futures-0", "gemini-0", "woox-0", "goquant-okx-0");
        Map<Integer, List<String>> forward = run(all, 3, 0, 1, 2);
        assertThat(forward.values().stream().map(List::size).sorted().toList()).containsExactly(2, 3, 3);
        assertThat(run(all, 3, 2, 0, 1)).as("the same owners when reader 2 registers first").isEqualTo(forward);
    }

    @Test
    void splitsGivenBackReturnToTheirReader() throws Exception {
        List<WebSocketSplit> all = splits("a-0", "b-0", "c-0", "d-0");
        try (MockSplitEnumeratorContext<WebSocketSplit> context = new MockSplitEnumeratorContext<>(2)) {
            StaticSplitEnumerator enumerator = new StaticSplitEnumerator(context, all, all, false);
            context.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            List<WebSocketSplit> first = given(context, 0, 0);
            assertThat(first).hasSize(2);
            assertThat(context.hasNoMoreSplits(0)).as("unbounded: more may come").isFalse();
            // reader 0 fails before reader 1 registers: its splits come back, and go to it again when it does
            context.unregisterReader(0);
            enumerator.addSplitsBack(first, 0);
            assertThat(enumerator.snapshotState(2)).hasSize(4); // reader 1's two and the two given back
            int before = context.getSplitsAssignmentSequence().size();
            context.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.addReader(0);
            assertThat(given(context, 0, before)).isEqualTo(first);
            assertThat(enumerator.snapshotState(3)).hasSize(2);
        }
    }
}
