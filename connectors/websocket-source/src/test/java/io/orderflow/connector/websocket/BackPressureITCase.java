package io.orderflow.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.connector.websocket.reader.WebSocketSplitReader;
import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.venue.VenueEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.junit.jupiter.api.Test;

/**
 * A job that stops taking frames, against a local OKX that pings every second and drops a client that has not
 * answered within 1.5 s, as venues do. The split reader is driven directly, so "the job is behind" is exact: the
 * test is the job, and it does not call {@code fetch()} until the oldest frame waiting is older than the exchange's
 * patience. The network threads must go on reading (and so answering pings) whatever the backlog; the backlog is
 * reported; and a source with a lag limit drops the connection itself, saying so, handles what it had received,
 * and reconnects with fresh books. Held to the exchange's own rule: it disconnects a client that misses its pings
 * (a network thread waiting on a full hand-over queue, as it once did, was disconnected here).
 */
class BackPressureITCase {
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");

    @Test
    void aJobFarBehindKeepsItsConnectionAndIsToldHowFarBehindItIs() throws Exception {
        try (LocalExchange okx = exchange(); Job job = new Job(source(okx, b -> {}))) {
            job.fetchUntilBothBooks();
            job.fallBehind(Duration.ofMillis(2_500)); // past the exchange's 1.5 s patience with pings
            job.fetchUntilFinished();

            assertThat(job.quality(DataQualityEvent.Kind.FALLING_BEHIND)).as("the backlog reported").singleElement()
                    .satisfies(q -> assertThat(q.detail()).contains("frames").contains("ms behind")
                            .contains("kept whatever the lag"));
            assertThat(job.quality(DataQualityEvent.Kind.CONNECTED)).as("one connection, never reopened").hasSize(1);
            assertThat(job.quality(DataQualityEvent.Kind.DISCONNECTED)).as("only the market's end closed it")
                    .singleElement().satisfies(q -> assertThat(q.detail()).startsWith("closed by server (1000)"));
            assertThat(job.events).as("no book lost sync").noneMatch(e -> e instanceof DataQualityEvent q
                    && q.kind().losesSync());
            assertThat(job.reader.framesWaiting()).as("the backlog handled").isZero();
        }
    }

    @Test
    void pastItsLagLimitTheSourceDropsTheConnectionItselfSaysSoAndStartsAfresh() throws Exception {
        try (LocalExchange okx = exchange();
                Job job = new Job(source(okx, b -> b.maxLag(Duration.ofSeconds(1))
                        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))))) {
            job.fetchUntilBothBooks();
            long behindFromMs = job.fallBehind(Duration.ofMillis(1_500));
            job.fetchUntilFinished();

            List<DataQualityEvent> disconnects = job.quality(DataQualityEvent.Kind.DISCONNECTED);
            assertThat(disconnects).as("the source's own drop, then the market's end").hasSize(2);
            DataQualityEvent drop = disconnects.get(0);
            assertThat(drop.detail()).startsWith("dropped by orderflow: the job is").contains("limit 1000 ms");
            assertThat(disconnects.get(1).detail()).startsWith("closed by server (1000)");
            int dropAt = job.events.indexOf(drop);
            // what the connection had received before the drop was still handled: frames from the time the job
            // stopped taking them come before the drop's row
            assertThat(job.events.subList(0, dropAt)).as("frames received before the drop, handled")
                    .anyMatch(e -> !(e instanceof DataQualityEvent) && e.receivedAtNanos() / 1_000_000 > behindFromMs);
            List<MarketEvent> after = job.events.subList(dropAt, job.events.size());
            assertThat(after).as("each book given up at the drop").filteredOn(e -> e instanceof DataQualityEvent q
                    && q.kind() == DataQualityEvent.Kind.SYNC_LOST).extracting(MarketEvent::symbol)
                    .containsExactlyInAnyOrderElementsOf(SYMBOLS);
            assertThat(after).as("reconnected once caught up").anyMatch(e -> e instanceof DataQualityEvent q
                    && q.kind() == DataQualityEvent.Kind.CONNECTED);
            assertThat(after).as("fresh books").filteredOn(BookSnapshot.class::isInstance)
                    .extracting(MarketEvent::symbol).containsAll(SYMBOLS);
        }
    }

    /** OKX over a simulated BTC/ETH market: 50 ms steps in real time for 7 s, pings every second. */
    private static LocalExchange exchange() throws Exception {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcAndEth("BTC-USDT", "ETH-USDT"),
                1_700_000_000_000L, 50, 140, 0.0003, 13);
        return LocalExchange.simulated("okx", market, 1, 1);
    }

    private static WebSocketSource source(LocalExchange okx, Consumer<WebSocketSourceBuilder> tune) {
        WebSocketSourceBuilder b = WebSocketSource.builder()
                .venue("okx", SYMBOLS, new VenueEndpoints(okx.webSocketBase(), okx.restBase()))
                .finishOnServerClose(true)
                .queueCapacity(16);
        tune.accept(b);
        return b.build();
    }

    /** Plays the job's part: takes what the split reader hands over, or, for a while, nothing. */
    private static final class Job implements AutoCloseable {
        final WebSocketSource source;
        final WebSocketSplitReader reader;
        final List<MarketEvent> events = new ArrayList<>();
        final Set<String> finished = new HashSet<>();

        Job(WebSocketSource source) {
            this.source = source;
            this.reader = new WebSocketSplitReader(source.options());
            reader.handleSplitsChanges(new SplitsAddition<>(source.splits()));
        }

        void fetchUntilBothBooks() throws Exception {
            fetchUntil(() -> events.stream().filter(BookSnapshot.class::isInstance).map(MarketEvent::symbol)
                    .distinct().count() == SYMBOLS.size(), "both books");
        }

        void fetchUntilFinished() throws Exception {
            fetchUntil(() -> finished.size() == source.splits().size(), "the market's end");
        }

        /**
         * Takes nothing until the oldest frame waiting is {@code lag} old (the network keeps delivering
         * meanwhile); returns when it stopped taking, in epoch ms.
         */
        long fallBehind(Duration lag) throws InterruptedException {
            long from = System.currentTimeMillis();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reader.lagMillis() < lag.toMillis()) {
                assertThat(System.nanoTime()).as("a backlog %s old within 10 s", lag).isLessThan(deadline);
                Thread.sleep(20);
            }
            return from;
        }

        private void fetchUntil(BooleanSupplier done, String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!done.getAsBoolean()) {
                assertThat(System.nanoTime()).as("%s within 20 s; seen %s", what, quality()).isLessThan(deadline);
                RecordsWithSplitIds<MarketEvent> batch = reader.fetch();
                while (batch.nextSplit() != null) {
                    MarketEvent e;
                    while ((e = batch.nextRecordFromSplit()) != null) {
                        events.add(e);
                    }
                }
                finished.addAll(batch.finishedSplits());
                batch.recycle();
            }
        }

        List<DataQualityEvent> quality() {
            return events.stream().filter(DataQualityEvent.class::isInstance).map(DataQualityEvent.class::cast)
                    .toList();
        }

        List<DataQualityEvent> quality(DataQualityEvent.Kind kind) {
            return quality().stream().filter(q -> q.kind() == kind).toList();
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
