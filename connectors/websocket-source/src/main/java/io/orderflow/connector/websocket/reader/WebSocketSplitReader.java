package io.orderflow.connector.websocket.reader;

import io.orderflow.connector.websocket.session.Inbound;
import io.orderflow.connector.websocket.session.InboundQueue;
import io.orderflow.connector.websocket.session.OkHttpTransport;
import io.orderflow.connector.websocket.session.SessionOutput;
import io.orderflow.connector.websocket.session.Transport;
import io.orderflow.connector.websocket.session.VenueSession;
import io.orderflow.connector.websocket.session.WebSocketSourceOptions;
import io.orderflow.connector.websocket.split.WebSocketSplit;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the {@link VenueSession}s of the splits assigned to one reader to Flink's split reader, the way Kafka's
 * split reader adapts its consumer. The transport's threads only answer application pings and enqueue what they
 * receive into one queue that never makes them wait ({@link InboundQueue}); a timer thread sends the venues' text
 * pings and a periodic tick. So the connections stay alive however far the job falls behind; the backlog is
 * reported instead (FALLING_BEHIND rows, gauges). {@link #fetch()} drains the queue on the fetcher thread and hands
 * each item to its split's session, where all sync state lives. {@link #wakeUp()} unblocks a waiting fetch by
 * enqueuing a marker.
 */
public final class WebSocketSplitReader implements SplitReader<MarketEvent, WebSocketSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSplitReader.class);
    private static final int MAX_ITEMS_PER_FETCH = 2_000;
    private static final long TICK_MS = 250;

    private final WebSocketSourceOptions options;
    private final Clock clock = Clock.systemUTC();
    private final InboundQueue inbound = new InboundQueue();
    private final Transport transport = new OkHttpTransport();
    /** Sessions whose text pings the timer thread sends (they must not wait behind a backlog). */
    private final List<VenueSession> textPinging = new CopyOnWriteArrayList<>();
    /** A FALLING_BEHIND row was written for the current backlog; re-armed once it has halved. */
    private boolean reportedBehind;
    private final Map<String, VenueSession> sessions = new HashMap<>();
    private final ScheduledExecutorService timers;
    private RecordsBySplits.Builder<MarketEvent> batch;
    private final List<String> finishedInBatch = new ArrayList<>();
    /** Events raised outside fetch() (while a split is being added), emitted with the next batch. */
    private final List<Map.Entry<String, MarketEvent>> carryOver = new ArrayList<>();

    public WebSocketSplitReader(WebSocketSourceOptions options) {
        this.options = options;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "websocket-source-timers");
            t.setDaemon(true);
            return t;
        });
        timers.scheduleAtFixedRate(() -> {
            long now = nowNanos();
            for (VenueSession s : textPinging) {
                s.sendTextPingIfDue(now);
            }
            inbound.put(new Inbound.Tick(now));
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Frames received and not yet handled: how far the job is behind the network (a gauge). */
    public long framesWaiting() {
        return inbound.framesWaiting();
    }

    /** How long ago the oldest frame waiting was received, in ms; 0 when none waits (a gauge). */
    public long lagMillis() {
        return inbound.lagNanos(nowNanos()) / 1_000_000;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<WebSocketSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported splits change " + change.getClass().getName());
        }
        for (WebSocketSplit split : change.splits()) {
            VenueSession s = new VenueSession(split, options, transport, clock, this::schedule, inbound,
                    new SplitOutput(split.splitId()));
            sessions.put(split.splitId(), s);
            if (s.pingsInText()) {
                textPinging.add(s);
            }
            s.open();
        }
    }

    @Override
    public RecordsWithSplitIds<MarketEvent> fetch() throws IOException {
        batch = new RecordsBySplits.Builder<>();
        finishedInBatch.clear();
        for (Map.Entry<String, MarketEvent> e : carryOver) {
            batch.add(e.getKey(), e.getValue());
        }
        carryOver.clear();
        reportBacklog(); // what waited while the job was away, before taking any of it
        try {
            Inbound item = inbound.poll(500, TimeUnit.MILLISECONDS);
            int n = 0;
            while (item != null) {
                handle(item);
                if (++n >= MAX_ITEMS_PER_FETCH) {
                    break;
                }
                item = inbound.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for frames", e);
        }
        batch.addFinishedSplits(finishedInBatch);
        RecordsBySplits<MarketEvent> out = batch.build();
        batch = null;
        return out;
    }

    private void handle(Inbound item) {
        if (item instanceof Inbound.Tick) {
            for (VenueSession s : sessions.values()) {
                s.handle(item);
            }
        } else if (item instanceof Inbound.ForSplit forSplit) {
            VenueSession s = sessions.get(forSplit.splitId());
            if (s != null) {
                s.handle(item);
            }
        }
    }

    @Override
    public void wakeUp() {
        inbound.put(new Inbound.Wake());
    }

    @Override
    public void close() {
        for (VenueSession s : sessions.values()) {
            s.close();
        }
        timers.shutdownNow();
        transport.close();
    }

    /**
     * Once per episode, on every open connection of this reader (they share the queue): the job has fallen more
     * than queueCapacity frames behind the network. Re-armed when the backlog has halved.
     */
    private void reportBacklog() {
        long waiting = inbound.framesWaiting();
        if (waiting > options.queueCapacity() && !reportedBehind) {
            reportedBehind = true;
            long now = nowNanos();
            String detail = "the job is " + waiting + " frames, " + inbound.lagNanos(now) / 1_000_000
                    + " ms behind this reader's connections (reported past " + options.queueCapacity()
                    + " frames; " + (options.maxLag() == null ? "the connections are kept whatever the lag)"
                    : "a connection is dropped by the source past " + options.maxLag().toMillis() + " ms)");
            LOG.warn("{}", detail);
            for (VenueSession s : sessions.values()) {
                if (!s.isFinished()) {
                    s.emitQuality("", now, DataQualityEvent.Kind.FALLING_BEHIND, detail);
                }
            }
        } else if (waiting <= options.queueCapacity() / 2) {
            reportedBehind = false;
        }
    }

    private void schedule(Inbound item, long delayMs) {
        if (!timers.isShutdown()) {
            timers.schedule(() -> inbound.put(item), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private long nowNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A session's events into the current batch, or into the carry-over while a split is being added. */
    private final class SplitOutput implements SessionOutput {
        private final String splitId;

        SplitOutput(String splitId) {
            this.splitId = splitId;
        }

        @Override
        public void emit(MarketEvent event) {
            if (batch == null) {
                carryOver.add(Map.entry(splitId, event));
            } else {
                batch.add(splitId, event);
            }
        }

        @Override
        public void finished() {
            finishedInBatch.add(splitId);
        }
    }
}
