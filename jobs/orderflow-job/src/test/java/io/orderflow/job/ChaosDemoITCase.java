package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.cli.Demo;
import io.orderflow.job.cli.SqlRunner;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.model.BookDelta;
import io.orderflow.model.PriceLevels;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.Venues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against misbehaving local exchanges: every defence of the source shows up as a data-quality row,
 * and what reaches the tables is still right (no crossed BBO, book updates chain by each venue's rule between
 * snapshots).
 */
class ChaosDemoITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4)
                    .build());

    @Test
    void faultsBecomeDataQualityRowsAndNothingWrongReachesTheTables(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        List<Demo.DemoVenue> venues = List.of(Demo.ALL_VENUES.get(0), Demo.ALL_VENUES.get(2), Demo.ALL_VENUES.get(3));
        new Demo(output, 9, 10, JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(1)), System.out,
                venues).withChaos().run(() -> {
                    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                    env.setParallelism(2);
                    return env;
                });
        SqlRunner sql = new SqlRunner(output);
        List<String> kinds = sql.query("SELECT DISTINCT kind FROM data_quality").stream()
                .map(r -> (String) r.getField("kind")).toList();
        assertThat(kinds).contains("SEQUENCE_GAP", "RESYNC_STARTED", "RESYNCED", "MALFORMED_FRAME", "STALLED",
                "DISCONNECTED", "CONNECTED");
        assertThat(sql.query("SELECT * FROM bbo WHERE bid_price >= ask_price")).isEmpty();

        Map<String, List<Row>> updates = new HashMap<>();
        for (Row r : sql.query("SELECT venue, symbol, exchange_time_ms, is_snapshot, first_update_id, "
                + "last_update_id, prev_update_id FROM book_updates")) {
            updates.computeIfAbsent(r.getField("venue") + ":" + r.getField("symbol"), k -> new ArrayList<>()).add(r);
        }
        assertThat(updates).hasSize(6);
        long chained = 0;
        for (Map.Entry<String, List<Row>> e : updates.entrySet()) {
            SequenceRule rule = Venues.byId(e.getKey().substring(0, e.getKey().indexOf(':'))).sequenceRule();
            List<Row> list = e.getValue();
            // these venues' sequences only grow, across resyncs too: order by them, a snapshot before the delta
            // that bridges it
            list.sort(Comparator.<Row>comparingLong(r -> (Long) r.getField("last_update_id"))
                    .thenComparing(r -> !(Boolean) r.getField("is_snapshot")));
            Long last = null;
            boolean bridged = false;
            for (Row r : list) {
                if ((Boolean) r.getField("is_snapshot")) {
                    last = (Long) r.getField("last_update_id");
                    bridged = false;
                    continue;
                }
                Long prev = (Long) r.getField("prev_update_id");
                BookDelta d = new BookDelta("", "", 0, 0, (Long) r.getField("first_update_id"),
                        (Long) r.getField("last_update_id"), prev == null ? BookDelta.NO_SEQUENCE : prev,
                        PriceLevels.EMPTY, PriceLevels.EMPTY);
                assertThat(last).as(e.getKey() + " delta before any snapshot").isNotNull();
                assertThat(bridged ? rule.follows(last, d) : rule.bridges(last, d))
                        .as(e.getKey() + " delta " + d.firstSequence() + ".." + d.lastSequence() + " after " + last)
                        .isTrue();
                bridged = true;
                last = d.lastSequence();
                chained++;
            }
        }
        assertThat(chained).as("deltas checked").isGreaterThan(300);
    }
}
