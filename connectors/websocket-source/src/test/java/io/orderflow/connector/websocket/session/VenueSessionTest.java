package io.orderflow.connector.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.connector.websocket.split.WebSocketSplit;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.venue.BookSynchronizer;
import io.orderflow.venue.Fixtures;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The venue session's whole lifecycle on a hand-driven transport, clock and timers: no network, no waiting. The
 * frames and the REST snapshot are Binance's own recordings (fixtures/binance, from cryptofeed), and the expected
 * behaviour is the venues' documented rules: Binance's "how to manage a local order book" procedure (buffer the
 * stream, fetch the REST snapshot, drop what it covers, apply the rest), OKX's text "ping" every 20 s on a 30 s
 * silence limit, and the reconnect budget and backoff the source promises (WebSocketSourceOptions).
 */
class VenueSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYMBOL = "NKNUSDT";
    private static final ReconnectPolicy RECONNECT =
            new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 3, Duration.ofMinutes(1));

    private final ManualClock clock = new ManualClock(Instant.parse("2021-10-12T00:28:32Z"));
    private final HandTransport transport = new HandTransport();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final InboundQueue inbound = new InboundQueue();
    private final List<MarketEvent> out = new ArrayList<>();
    private boolean finished;

    @Test
    void binanceSpotSyncsTheRecordedStreamToItsRecordedRestSnapshot() throws Exception {
        VenueSession session = binanceSpot(options(false, null));
        HandSocket socket = connect(session);
        assertThat(kinds()).containsExactly(DataQualityEvent.Kind.CONNECTED);

        List<String> frames = recordedDepthFrames();
        for (String frame : frames) {
            socket.listener.onMessage(socket, frame);
        }
        drain(session);
        // the stream is buffered and the snapshot asked for once, on the venue's REST depth endpoint
        assertThat(transport.gets).hasSize(1);
        assertThat(transport.gets.get(0).url).startsWith("https://api.binance.com/api/v3/depth?symbol=NKNUSDT");
        assertThat(session.bookState(SYMBOL)).isEqualTo(BookSynchronizer.State.AWAITING_SNAPSHOT);

        transport.gets.get(0).handler.onResponse(200, recordedSnapshotBody());
        drain(session);
        assertThat(session.bookState(SYMBOL)).isEqualTo(BookSynchronizer.State.IN_SYNC);
        List<BookSnapshot> snapshots = only(BookSnapshot.class);
        assertThat(snapshots).hasSize(1);
        long lastUpdateId = JSON.readTree(recordedSnapshotBody()).get("lastUpdateId").asLong();
        // every recorded update not covered by the snapshot (u > lastUpdateId) is applied, in order, none twice
        long expected = frames.stream().map(VenueSessionTest::data).filter(d -> d.get("u").asLong() > lastUpdateId)
                .count();
        assertThat(only(BookDelta.class)).hasSize((int) expected);
        assertThat(kinds()).doesNotContain(DataQualityEvent.Kind.SEQUENCE_GAP, DataQualityEvent.Kind.CROSSED_BOOK,
                DataQualityEvent.Kind.MALFORMED_FRAME);
    }

    @Test
    void aSilentConnectionIsReopenedAfterBackoffAndTheOldSocketIsIgnored() {
        VenueSession session = binanceSpot(options(false, null));
        HandSocket first = connect(session);

        clock.advance(Duration.ofSeconds(59));
        session.handle(new Inbound.Tick(session.nowNanos()));
        assertThat(kinds()).doesNotContain(DataQualityEvent.Kind.STALLED); // Binance's limit is 60 s
        clock.advance(Duration.ofSeconds(2));
        session.handle(new Inbound.Tick(session.nowNanos()));
        assertThat(kinds()).contains(DataQualityEvent.Kind.STALLED);
        assertThat(first.cancelled).isTrue();
        Scheduled retry = scheduled.remove(scheduled.size() - 1);
        assertThat(retry.item).isEqualTo(new Inbound.Reconnect(session.splitId()));
        assertThat(retry.delayMs).isBetween(50L, 100L); // attempt 0: a random wait in [initial/2, initial]

        session.handle(retry.item);
        HandSocket second = transport.lastSocket();
        assertThat(second).isNotSameAs(first);
        out.clear();
        first.listener.onMessage(first, recordedDepthFrames().get(0)); // late frame from the dropped socket
        drain(session);
        assertThat(out).isEmpty();
        assertThat(transport.gets).isEmpty();
    }

    @Test
    void aSnapshotThatNeverComesIsRecordedAndAskedForAgainWithBackoff() {
        VenueSession session = binanceSpot(options(false, null));
        HandSocket socket = connect(session);
        socket.listener.onMessage(socket, recordedDepthFrames().get(0));
        drain(session);
        assertThat(transport.gets).hasSize(1);

        clock.advance(Duration.ofSeconds(11)); // past the 10 s snapshot timeout; frames keep the socket alive
        socket.listener.onMessage(socket, recordedDepthFrames().get(1));
        drain(session);
        session.handle(new Inbound.Tick(session.nowNanos()));
        assertThat(kinds()).contains(DataQualityEvent.Kind.SNAPSHOT_FAILED);
        Scheduled due = scheduled.remove(scheduled.size() - 1);
        assertThat(due.item).isEqualTo(new Inbound.SnapshotDue(session.splitId(), SYMBOL));
        session.handle(due.item);
        assertThat(transport.gets).hasSize(2);
    }

    @Test
    void theReconnectBudgetThrottlesAServerThatKeepsRefusing() {
        VenueSession session = binanceSpot(options(false, null));
        session.open();
        for (int attempt = 1; attempt <= 3; attempt++) {
            HandSocket socket = transport.lastSocket();
            socket.listener.onFailure(socket, new java.net.ConnectException("Connection refused"));
            drain(session);
            Scheduled retry = scheduled.remove(scheduled.size() - 1);
            clock.advance(Duration.ofMillis(retry.delayMs));
            session.handle(retry.item);
        }
        // three attempts in a minute were allowed; the fourth waits for the oldest to leave the window
        assertThat(transport.sockets).hasSize(3);
        assertThat(kinds()).endsWith(DataQualityEvent.Kind.RECONNECT_THROTTLED);
        Scheduled later = scheduled.remove(scheduled.size() - 1);
        assertThat(later.item).isEqualTo(new Inbound.Reconnect(session.splitId()));
        assertThat(later.delayMs).isGreaterThan(Duration.ofSeconds(55).toMillis())
                .isLessThanOrEqualTo(Duration.ofMinutes(1).toMillis());
        clock.advance(Duration.ofMillis(later.delayMs));
        session.handle(later.item);
        assertThat(transport.sockets).hasSize(4);
    }

    @Test
    void okxGetsItsTextPingEveryTwentySecondsAndAStalledBookIsResubscribed() {
        Venue okx = Venues.byId("okx");
        VenueEndpoints endpoints = new VenueEndpoints("wss://ws.okx.com:8443", "https://www.okx.com");
        VenueSession session = session(okx, endpoints, List.of("BTC-USDT"), options(false, null));
        assertThat(session.pingsInText()).isTrue();
        HandSocket socket = connect(session);
        assertThat(socket.sent).as("the subscription").isNotEmpty().allMatch(m -> m.contains("\"subscribe\""));
        int subscribed = socket.sent.size();

        long opened = session.nowNanos();
        session.sendTextPingIfDue(opened + Duration.ofSeconds(19).toNanos());
        assertThat(socket.sent).hasSize(subscribed);
        session.sendTextPingIfDue(opened + Duration.ofSeconds(20).toNanos());
        assertThat(socket.sent.get(subscribed)).isEqualTo("ping");

        // the book the subscription promised never comes: recorded, then asked for again on the same connection
        clock.advance(Duration.ofSeconds(11));
        socket.listener.onMessage(socket, "pong"); // the venue's answer keeps the connection alive
        drain(session);
        session.handle(new Inbound.Tick(session.nowNanos()));
        assertThat(kinds()).contains(DataQualityEvent.Kind.SNAPSHOT_FAILED);
        session.handle(scheduled.remove(scheduled.size() - 1).item);
        assertThat(socket.sent.subList(subscribed + 1, socket.sent.size())).containsExactly(
                "{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}",
                "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}");
        assertThat(transport.sockets).hasSize(1);
    }

    @Test
    void aJobTooFarBehindDropsTheConnectionButStillHandlesWhatItReceived() {
        VenueSession session = binanceSpot(options(false, Duration.ofSeconds(1)));
        HandSocket socket = connect(session);
        List<String> frames = recordedDepthFrames();
        socket.listener.onMessage(socket, frames.get(0));
        clock.advance(Duration.ofMillis(1_500)); // the fetcher has not taken the first frame for 1.5 s
        socket.listener.onMessage(socket, frames.get(1));
        assertThat(socket.cancelled).isTrue();
        assertThat(inbound.framesWaiting()).isEqualTo(2);

        drain(session);
        DataQualityEvent disconnected = quality(DataQualityEvent.Kind.DISCONNECTED);
        assertThat(disconnected.detail()).startsWith("dropped by orderflow: the job is 1500 ms");
        assertThat(transport.gets).as("the frames received before the drop were still handled").hasSize(1);
        Scheduled retry = scheduled.remove(scheduled.size() - 1);
        assertThat(retry.item).isInstanceOf(Inbound.Reconnect.class);
    }

    @Test
    void aFinishedReplayWaitsForItsSnapshotSoTheBufferedUpdatesCount() throws Exception {
        VenueSession session = binanceSpot(options(true, null));
        HandSocket socket = connect(session);
        for (String frame : recordedDepthFrames()) {
            socket.listener.onMessage(socket, frame);
        }
        socket.listener.onClosing(socket, 1000, "replay finished");
        drain(session);
        assertThat(finished).as("finished before the snapshot that the buffered updates wait for").isFalse();

        transport.gets.get(0).handler.onResponse(200, recordedSnapshotBody());
        drain(session);
        assertThat(finished).isTrue();
        assertThat(session.isFinished()).isTrue();
        assertThat(only(BookSnapshot.class)).hasSize(1);
        assertThat(only(BookDelta.class)).isNotEmpty();
        assertThat(scheduled).as("no reconnect after a replay's normal close").isEmpty();
    }

    // --- the session's surroundings, driven by hand ---

    private WebSocketSourceOptions options(boolean finishOnServerClose, Duration maxLag) {
        return new WebSocketSourceOptions(0, finishOnServerClose, RECONNECT, 10_000, 10_000, Duration.ofSeconds(10),
                null, maxLag);
    }

    private VenueSession binanceSpot(WebSocketSourceOptions options) {
        Venue venue = Venues.byId("binance-spot");
        return session(venue, new VenueEndpoints("wss://stream.binance.com:9443", "https://api.binance.com"),
                List.of(SYMBOL), options);
    }

    private VenueSession session(Venue venue, VenueEndpoints endpoints, List<String> symbols,
            WebSocketSourceOptions options) {
        Venue.Subscription sub = venue.subscriptions(endpoints, symbols).get(0);
        WebSocketSplit split = new WebSocketSplit(venue.id() + "-0", venue.id(), sub.url(), endpoints.restBase(),
                sub.symbols(), sub.subscribeMessages());
        return new VenueSession(split, options, transport, clock, (item, delay) -> scheduled.add(
                new Scheduled(item, delay)), inbound, new SessionOutput() {
                    @Override
                    public void emit(MarketEvent event) {
                        out.add(event);
                    }

                    @Override
                    public void finished() {
                        finished = true;
                    }
                });
    }

    /** Opens the session's connection, lets the venue accept it, and hands the open to the session. */
    private HandSocket connect(VenueSession session) {
        session.open();
        HandSocket socket = transport.lastSocket();
        socket.listener.onOpen(socket);
        drain(session);
        return socket;
    }

    /** What the reader's fetch loop does: every queued item to the session, in order. */
    private void drain(VenueSession session) {
        for (Inbound item = inbound.poll(); item != null; item = inbound.poll()) {
            session.handle(item);
        }
    }

    private List<DataQualityEvent.Kind> kinds() {
        return out.stream().filter(e -> e instanceof DataQualityEvent).map(e -> ((DataQualityEvent) e).kind())
                .toList();
    }

    private DataQualityEvent quality(DataQualityEvent.Kind kind) {
        return out.stream().filter(e -> e instanceof DataQualityEvent q && q.kind() == kind)
                .map(DataQualityEvent.class::cast).findFirst().orElseThrow(() -> new AssertionError("no " + kind
                        + " in " + kinds()));
    }

    private <T> List<T> only(Class<T> type) {
        return out.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<String> recordedDepthFrames() {
        return Fixtures.lines("binance/binance_spot_depthUpdate_real_2021-10-12.jsonl").stream()
                .filter(l -> data(l).get("s").asText().equals(SYMBOL)).toList();
    }

    private static String recordedSnapshotBody() throws Exception {
        for (String line : Fixtures.lines("binance/binance_spot_rest_depth_snapshots_2021-10-12.jsonl")) {
            JsonNode n = JSON.readTree(line);
            if (n.get("url").asText().contains("symbol=" + SYMBOL)) {
                return n.get("body").toString();
            }
        }
        throw new AssertionError("no recorded snapshot of " + SYMBOL);
    }

    private static JsonNode data(String frame) {
        try {
            return JSON.readTree(frame).get("data");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private record Scheduled(Inbound item, long delayMs) {}

    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class HandSocket implements Transport.Socket {
        final Transport.SocketListener listener;
        final List<String> sent = new ArrayList<>();
        boolean cancelled;
        Integer closedWith;

        HandSocket(Transport.SocketListener listener) {
            this.listener = listener;
        }

        @Override
        public boolean send(String text) {
            sent.add(text);
            return !cancelled && closedWith == null;
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private record Get(String url, Transport.ResponseHandler handler) {}

    private static final class HandTransport implements Transport {
        final List<HandSocket> sockets = new ArrayList<>();
        final List<Get> gets = new ArrayList<>();

        HandSocket lastSocket() {
            return sockets.get(sockets.size() - 1);
        }

        @Override
        public Socket open(String url, Duration pingInterval, SocketListener listener) {
            HandSocket s = new HandSocket(listener);
            sockets.add(s);
            return s;
        }

        @Override
        public void get(String url, ResponseHandler handler) {
            gets.add(new Get(url, handler));
        }

        @Override
        public void close() {}
    }
}
