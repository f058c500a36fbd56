package io.orderflow.job.book;

import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.flink.types.MarketEventSerializer;
import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.job.records.TopLevelsSecond;
import io.orderflow.estimators.BookFeatures;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookDepth;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.Venue;
import io.orderflow.venue.Venues;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by instrument ("venue:SYMBOL"): keeps the L2 book in Flink state and checks the venue's sequence rule
 * again (the source already did; this guards everything between them and a restore). A snapshot starts a book; a
 * delta that does not chain, or a book that crosses, puts it out of sync, and so does the source's word on the
 * instrument's own key (a per-symbol gap, checksum mismatch, cross, resync or lost connection: {@link
 * DataQualityEvent.Kind#losesSync()}); an out-of-sync book emits nothing until the next snapshot. Outputs:
 * <ul>
 *   <li>main: a {@link BookTop} (top {@code depth} levels) after every applied message, with its {@link BookDepth}
 *       measured on the whole book: the depth within {@code depthBandBps} of the mid on each side, and, on the
 *       first update of each second, the levels a slippage walk of {@code walkNotional} needs; the first top of
 *       a book rebuilt from a snapshot says it follows a gap;</li>
 *   <li>{@link #TOP_LEVELS}: a {@link TopLevelsSecond} for each second of event time, the book's top 10 as it
 *       stood at the end of the second, with the time of its last update. A second's row is written once a later update chains onto the
 *       book (proof that nothing was missed in it) or the input ends; quiet seconds between two updates repeat
 *       the unchanged book (at most {@code maxFillSeconds}); seconds in which sync was lost are not written.</li>
 *   <li>{@link #BOOK_UPDATES}: every applied snapshot and delta, with its place in the instrument's apply order;
 *       {@link #TRADES}: every trade, as it came;</li>
 *   <li>{@link #QUALITY}: gaps, crossed books, deltas dropped while out of sync, and the source's own events.</li>
 * </ul>
 * An instrument with no event for {@code idleEvictionMs} of event time is removed: its state and timers are
 * cleared (a delisted or unsubscribed instrument leaves nothing behind).
 */
public final class OrderBookFunction extends KeyedProcessFunction<String, MarketEvent, BookTop> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<TopLevelsSecond> TOP_LEVELS =
            new OutputTag<>("book-top10-1s", ImmutableRecordTypeInfo.forRecord(TopLevelsSecond.class));
    /** Snapshots and deltas that reached an in-sync book, with their place in the instrument's apply order. */
    public static final OutputTag<AppliedBookUpdate> BOOK_UPDATES =
            new OutputTag<>("book-updates", AppliedBookUpdateSerializer.TYPE_INFO);
    /** Trades, passed through. */
    public static final OutputTag<MarketEvent> TRADES = new OutputTag<>("trades", MarketEventSerializer.TYPE_INFO);
    public static final OutputTag<DataQualityEvent> QUALITY =
            new OutputTag<>("data-quality", ImmutableRecordTypeInfo.forRecord(DataQualityEvent.class));

    /** The timer that fires only when the input has ended (the final watermark). */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    /**
     * How late an event is against the watermark, for LATE_EVENT details. Before the first watermark there is
     * nothing to be late against (the difference from Long.MIN_VALUE would overflow into a huge number).
     */
    public static String lateness(long watermark, long eventTimeMs) {
        return watermark == Long.MIN_VALUE ? "late before any watermark"
                : "late by " + Math.max(0, watermark - eventTimeMs) + " ms";
    }

    /** Accumulator the demo's progress line reads: books currently in sync, summed over subtasks. */
    public static final String BOOKS_IN_SYNC = "books-in-sync";

    private final int depth;
    private final long idleEvictionMs;
    private final int maxFillSeconds;
    private final double depthBandBps;
    private final double walkNotional;

    private transient ValueState<BookState> state;
    private transient Map<String, Venue> venues;
    private transient IntCounter booksInSync;
    private transient io.orderflow.job.metrics.BookMetrics metrics;

    /**
     * @param depth levels carried on every book top
     * @param depthBandBps the band, in bps of the mid, whose resting notional each top reports per side
     * @param walkNotional the largest order, in quote currency, whose slippage walk the signals make once a second
     */
    public OrderBookFunction(int depth, long idleEvictionMs, int maxFillSeconds, double depthBandBps,
            double walkNotional) {
        if (depth < TopLevelsSecond.LEVELS) {
            throw new IllegalArgumentException("book output depth must be at least " + TopLevelsSecond.LEVELS);
        }
        if (!(depthBandBps > 0) || !(walkNotional > 0)) {
            throw new IllegalArgumentException("the depth band (" + depthBandBps + " bps) and the largest walked "
                    + "order (" + walkNotional + ") must be positive");
        }
        this.depth = depth;
        this.idleEvictionMs = idleEvictionMs;
        this.maxFillSeconds = maxFillSeconds;
        this.depthBandBps = depthBandBps;
        this.walkNotional = walkNotional;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("book", BookStateSerializer.TYPE_INFO));
        venues = new HashMap<>();
        booksInSync = getRuntimeContext().getIntCounter(BOOKS_IN_SYNC);
        metrics = new io.orderflow.job.metrics.BookMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(MarketEvent event, Context ctx, Collector<BookTop> out) throws Exception {
        if (event instanceof DataQualityEvent q) {
            metrics.quality(q);
            ctx.output(QUALITY, q);
            if (q.kind().losesSync() && !q.symbol().isEmpty()) {
                loseSync(q);
            }
            return;
        }
        if (event instanceof Trade t) {
            ctx.output(TRADES, t);
            return;
        }
        if (!(event instanceof BookSnapshot) && !(event instanceof BookDelta)) {
            return; // the venue's own BBO: a witness for verification, not book input
        }
        BookState s = state.value();
        if (s == null) {
            s = new BookState();
        }
        if (s.lastTopSecond != Long.MIN_VALUE && s.lastTopSecond >= Math.floorDiv(event.exchangeTimeMs(), 1000)) {
            // the rows of its second (and any after it) are already written without it: say so, so nobody
            // trusts those rows blindly
            long watermark = ctx.timerService().currentWatermark();
            quality(event, DataQualityEvent.Kind.LATE_EVENT, lateness(watermark, event.exchangeTimeMs())
                    + "; seconds " + Math.floorDiv(event.exchangeTimeMs(), 1000) + ".." + s.lastTopSecond, ctx);
        }
        if (event instanceof BookSnapshot snap) {
            boolean wasInSync = s.sync == BookState.Sync.IN_SYNC;
            if (wasInSync && venueOf(snap.venue()).streamsWholeBooks()) {
                // the next whole book of a snapshot stream: the last one held until now. Elsewhere a snapshot
                // restarts the book (a resync, a reconnect, a restored job): what happened since is unknown
                emitElapsedSeconds(s, event.exchangeTimeMs(), ctx);
            }
            boolean walkDue = laterSecond(s, event.exchangeTimeMs());
            s.lastEventTimeMs = Math.max(s.lastEventTimeMs, event.exchangeTimeMs());
            s.replaceLevels(snap.bids(), snap.asks());
            s.lastSequence = snap.sequence();
            s.awaitingBridge = true;
            s.dropReported = false;
            ctx.output(BOOK_UPDATES, new AppliedBookUpdate(snap, s.nextApplyOrder(snap.exchangeTimeMs())));
            if (!wasInSync) {
                s.sync = BookState.Sync.IN_SYNC;
                booksInSync.add(1);
            }
            // the book continues only on a venue that streams whole books, and only if it was in sync
            boolean afterGap = !(wasInSync && venueOf(snap.venue()).streamsWholeBooks());
            afterApply(s, snap, snap.sequence(), true, afterGap, walkDue, ctx, out);
        } else {
            applyDelta(s, (BookDelta) event, ctx, out);
        }
        scheduleTimers(s, ctx);
        state.update(s);
        io.orderflow.job.metrics.BookMetrics.Instrument m = metrics.instrument(event.venue(), event.symbol());
        m.message();
        m.inSync(s.sync == BookState.Sync.IN_SYNC);
    }

    private Venue venueOf(String id) {
        return venues.computeIfAbsent(id, Venues::byId);
    }

    /**
     * The source no longer vouches for this book (a gap, a checksum mismatch, a cross, a lost connection): the
     * seconds since the last applied update are not written, since what happened in them is unknown, and nothing
     * is written until the next snapshot. The source has already recorded why.
     */
    private void loseSync(DataQualityEvent q) throws java.io.IOException {
        BookState s = state.value();
        if (s == null || s.sync != BookState.Sync.IN_SYNC) {
            return;
        }
        s.sync = BookState.Sync.OUT_OF_SYNC;
        s.dropReported = false;
        booksInSync.add(-1);
        metrics.instrument(q.venue(), q.symbol()).inSync(false);
        state.update(s);
    }

    private void applyDelta(BookState s, BookDelta d, Context ctx, Collector<BookTop> out) {
        SequenceRule rule = venueOf(d.venue()).sequenceRule();
        if (s.sync == BookState.Sync.OUT_OF_SYNC) {
            if (!s.dropReported) {
                s.dropReported = true;
                quality(d, DataQualityEvent.Kind.DROPPED_OUT_OF_SYNC,
                        "book out of sync: deltas dropped until the next snapshot", ctx);
            }
            return;
        }
        switch (rule.link(s.lastSequence, s.awaitingBridge, d)) {
            case STALE -> {
                return;
            }
            case REPEAT -> {
                // already applied (the source drops and counts repeats it sees; these came another way, e.g. a
                // topic written twice): counted, not a gap
                quality(d, DataQualityEvent.Kind.DUPLICATE, "delta [" + d.firstSequence() + ".." + d.lastSequence()
                        + "] repeats what the book at " + s.lastSequence + " holds: dropped", ctx);
                return;
            }
            case BREAKS -> {
                desync(s, d, "delta [" + d.firstSequence() + ".." + d.lastSequence() + "] does not "
                        + (s.awaitingBridge ? "bridge snapshot " : "follow ") + s.lastSequence, ctx);
                return;
            }
            case BRIDGES, FOLLOWS -> {
                // applied below
            }
        }
        // the delta chains, so nothing was missed before it: the seconds that ended since the last update are exact
        emitElapsedSeconds(s, d.exchangeTimeMs(), ctx);
        boolean walkDue = laterSecond(s, d.exchangeTimeMs());
        s.lastEventTimeMs = Math.max(s.lastEventTimeMs, d.exchangeTimeMs());
        long bid = s.book.bestBidPrice();
        long bidSize = s.book.bestBidSize();
        long ask = s.book.bestAskPrice();
        long askSize = s.book.bestAskSize();
        s.apply(d.bids(), d.asks());
        s.lastSequence = d.lastSequence();
        ctx.output(BOOK_UPDATES, new AppliedBookUpdate(d, s.nextApplyOrder(d.exchangeTimeMs())));
        boolean bboChanged = bid != s.book.bestBidPrice() || bidSize != s.book.bestBidSize()
                || ask != s.book.bestAskPrice() || askSize != s.book.bestAskSize();
        afterApply(s, d, d.lastSequence(), bboChanged, false, walkDue, ctx, out);
    }

    /** The first update of a second later than every one applied before: the signals walk the book on it. */
    private static boolean laterSecond(BookState s, long eventTimeMs) {
        return s.lastEventTimeMs == Long.MIN_VALUE
                || Math.floorDiv(eventTimeMs, 1000) > Math.floorDiv(s.lastEventTimeMs, 1000);
    }

    private void afterApply(BookState s, MarketEvent e, long sequence, boolean bboChanged, boolean afterGap,
            boolean walkDue, Context ctx, Collector<BookTop> out) {
        if (s.book.isCrossed()) {
            desync(s, e, "crossed book after update " + sequence + ": bid " + s.book.bestBidPrice() + " >= ask "
                    + s.book.bestAskPrice(), DataQualityEvent.Kind.CROSSED_BOOK, ctx);
            return;
        }
        if (e instanceof BookDelta) {
            s.awaitingBridge = false;
        }
        out.collect(top(s, e, sequence, bboChanged, afterGap, walkDue));
    }

    private BookTop top(BookState s, MarketEvent e, long sequence, boolean bboChanged, boolean afterGap,
            boolean walkDue) {
        BookDepth whole = new BookDepth(depthBandBps,
                BookFeatures.depthWithinBps(s.book, Side.BUY, depthBandBps),
                BookFeatures.depthWithinBps(s.book, Side.SELL, depthBandBps),
                walkDue ? s.book.topCovering(Side.BUY, walkNotional) : null,
                walkDue ? s.book.topCovering(Side.SELL, walkNotional) : null);
        return new BookTop(e.venue(), e.symbol(), e.exchangeTimeMs(), e.receivedAtNanos(), sequence,
                s.book.top(Side.BUY, depth), s.book.top(Side.SELL, depth), bboChanged, afterGap, whole);
    }

    private void desync(BookState s, MarketEvent e, String detail, Context ctx) {
        desync(s, e, detail, DataQualityEvent.Kind.SEQUENCE_GAP, ctx);
    }

    private void desync(BookState s, MarketEvent e, String detail, DataQualityEvent.Kind kind, Context ctx) {
        if (s.sync == BookState.Sync.IN_SYNC) {
            booksInSync.add(-1);
        }
        s.sync = BookState.Sync.OUT_OF_SYNC;
        s.dropReported = false;
        metrics.instrument(e.venue(), e.symbol()).inSync(false);
        if (kind == DataQualityEvent.Kind.SEQUENCE_GAP || kind == DataQualityEvent.Kind.CHECKSUM_MISMATCH) {
            metrics.quality(new DataQualityEvent(e.venue(), e.symbol(), e.exchangeTimeMs(), e.receivedAtNanos(), kind,
                    detail, ""));
        }
        quality(e, kind, detail, ctx);
    }

    private static void quality(MarketEvent e, DataQualityEvent.Kind kind, String detail, Context ctx) {
        ctx.output(QUALITY, new DataQualityEvent(e.venue(), e.symbol(), e.exchangeTimeMs(),
                e.receivedAtNanos(), kind, "book operator: " + detail, ""));
    }

    /**
     * Before applying an event of a later second, emits the rows of the seconds that ended since the last one:
     * the book has not changed since, so each is exact.
     */
    private void emitElapsedSeconds(BookState s, long eventTimeMs, Context ctx) {
        long second = Math.floorDiv(eventTimeMs, 1000);
        if (s.lastEventTimeMs == Long.MIN_VALUE) {
            return;
        }
        long lastSecond = Math.floorDiv(s.lastEventTimeMs, 1000);
        if (second <= lastSecond || s.sync != BookState.Sync.IN_SYNC) {
            return;
        }
        long from = Math.max(lastSecond, s.lastTopSecond + 1);
        long to = Math.min(second - 1, from + maxFillSeconds - 1);
        BookTop top = rowTop(s, ctx.getCurrentKey());
        for (long sec = from; sec <= to; sec++) {
            ctx.output(TOP_LEVELS, TopLevelsSecond.of(top, sec));
            s.lastTopSecond = sec;
        }
    }

    /** The book as its per-second rows show it, stamped with the time of the last update applied to it. */
    private static BookTop rowTop(BookState s, String key) {
        int colon = key.indexOf(':');
        return new BookTop(key.substring(0, colon), key.substring(colon + 1), s.lastEventTimeMs, 0, s.lastSequence,
                s.book.top(Side.BUY, TopLevelsSecond.LEVELS), s.book.top(Side.SELL, TopLevelsSecond.LEVELS),
                false);
    }

    /**
     * One timer at the end of input (the last second's row: a finished input leaves nothing unseen) and one for
     * idle eviction. A second's row is otherwise written only when a later update proves it complete, never
     * because event time passed it: a quiet book and a silently lost one look the same until the next message.
     */
    private void scheduleTimers(BookState s, Context ctx) {
        if (s.secondTimer != END_OF_INPUT) {
            if (s.secondTimer != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(s.secondTimer); // a per-second timer of an older version
            }
            s.secondTimer = END_OF_INPUT;
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        if (s.evictionTimer == Long.MIN_VALUE && s.lastEventTimeMs != Long.MIN_VALUE) {
            s.evictionTimer = s.lastEventTimeMs + idleEvictionMs;
            ctx.timerService().registerEventTimeTimer(s.evictionTimer);
        }
    }

    private void writeLastSecond(BookState s, OnTimerContext ctx) {
        long second = Math.floorDiv(s.lastEventTimeMs, 1000);
        if (s.sync == BookState.Sync.IN_SYNC && s.lastTopSecond < second) {
            ctx.output(TOP_LEVELS, TopLevelsSecond.of(rowTop(s, ctx.getCurrentKey()), second));
            s.lastTopSecond = second;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BookTop> out) throws Exception {
        BookState s = state.value();
        if (s == null) {
            return;
        }
        if (timestamp == s.secondTimer && timestamp != END_OF_INPUT) {
            s.secondTimer = Long.MIN_VALUE; // restored from a version that timed every second: from now on, one
            scheduleTimers(s, ctx);
        } else if (timestamp == END_OF_INPUT) {
            writeLastSecond(s, ctx);
        }
        if (timestamp == s.evictionTimer) {
            if (ctx.timerService().currentWatermark() == END_OF_INPUT) {
                writeLastSecond(s, ctx); // the input ended: its eviction timer fires before the end-of-input one
            }
            if (s.lastEventTimeMs + idleEvictionMs <= timestamp) {
                if (s.secondTimer != Long.MIN_VALUE) {
                    ctx.timerService().deleteEventTimeTimer(s.secondTimer);
                }
                if (s.sync == BookState.Sync.IN_SYNC) {
                    booksInSync.add(-1);
                }
                state.clear();
                return;
            }
            s.evictionTimer = s.lastEventTimeMs + idleEvictionMs;
            ctx.timerService().registerEventTimeTimer(s.evictionTimer);
        }
        state.update(s);
    }
}
