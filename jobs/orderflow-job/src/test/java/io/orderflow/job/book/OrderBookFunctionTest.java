package io.orderflow.job.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.job.records.TopLevelsSecond;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

/** The keyed book operator on Flink's operator test harness: state, timers, and what it refuses to emit. */
class OrderBookFunctionTest {
    private static final String VENUE = "binance-spot";
    private static final long IDLE_MS = 60_000;

    private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> harness() throws Exception {
        return harness(1_000_000);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> harness(double walkNotional)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new OrderBookFunction(10, IDLE_MS, 60, 10, walkNotional)),
                        MarketEvent::instrumentKey, Types.STRING);
        h.setup(BookTopSerializer.INSTANCE);
        return h;
    }

    private static PriceLevels levels(String... priceAtSize) {
        PriceLevels.Builder b = new PriceLevels.Builder(priceAtSize.length);
        for (String l : priceAtSize) {
            String[] p = l.split("@");
            b.add(Decimals.parse(p[0]), Decimals.parse(p[1]));
        }
        return b.build();
    }

    private static BookSnapshot snapshot(String symbol, long id, long timeMs, PriceLevels bids, PriceLevels asks) {
        return new BookSnapshot(VENUE, symbol, timeMs, 0, id, bids, asks);
    }

    private static BookDelta delta(String symbol, long first, long last, long timeMs, PriceLevels bids,
            PriceLevels asks) {
        return new BookDelta(VENUE, symbol, timeMs, 0, first, last, BookDelta.NO_SEQUENCE, bids, asks);
    }

    private static void process(KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> h,
            MarketEvent e) throws Exception {
        h.processElement(e, e.exchangeTimeMs());
    }

    private static List<String> qualityKinds(KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> h) {
        return h.getSideOutput(OrderBookFunction.QUALITY) == null ? List.of()
                : h.getSideOutput(OrderBookFunction.QUALITY).stream()
                        .map(r -> r.getValue().kind().name()).toList();
    }

    @Test
    void bookSurvivesASnapshotRestoreRoundTrip() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.open();
            process(h, snapshot("BTCUSDT", 100, 1_000, levels("10@1", "9@4"), levels("11@1", "12@2")));
            process(h, delta("BTCUSDT", 101, 101, 1_100, levels("10.5@2"), PriceLevels.EMPTY));
            assertThat(h.extractOutputValues()).hasSize(2);
            checkpoint = h.snapshot(1, 1_200);
        }
        try (var restored = harness()) {
            restored.initializeState(checkpoint);
            restored.open();
            process(restored, delta("BTCUSDT", 102, 103, 1_300, PriceLevels.EMPTY, levels("10.8@3")));
            List<BookTop> out = restored.extractOutputValues();
            assertThat(out).hasSize(1);
            BookTop top = out.get(0);
            assertThat(top.bids()).isEqualTo(levels("10.5@2", "10@1", "9@4")); // carried over
            assertThat(top.asks()).isEqualTo(levels("10.8@3", "11@1", "12@2"));
            assertThat(top.sequence()).isEqualTo(103);
            assertThat(top.bboChanged()).isTrue();
            // the restored chain position is enforced: 105 does not follow 103
            process(restored, delta("BTCUSDT", 105, 105, 1_400, levels("10.6@1"), PriceLevels.EMPTY));
            assertThat(restored.extractOutputValues()).hasSize(1);
            assertThat(qualityKinds(restored)).containsExactly("SEQUENCE_GAP");
        }
    }

    private static List<AppliedBookUpdate> applied(
            KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> h) {
        return h.getSideOutput(OrderBookFunction.BOOK_UPDATES) == null ? List.of()
                : h.getSideOutput(OrderBookFunction.BOOK_UPDATES).stream().map(StreamRecord::getValue).toList();
    }

    private static BookDelta okxDelta(long prev, long id, long timeMs, PriceLevels bids, PriceLevels asks) {
        return new BookDelta("okx", "BTC-USDT", timeMs, 0, id, id, prev, bids, asks);
    }

    /**
     * OKX's seqId restarts after the venue's maintenance (its documented rule), the venue's clock may stamp a
     * snapshot before deltas already applied, and messages share milliseconds: the apply order still orders the
     * book's history, and the rows replayed in it (whatever order a query returns them in) rebuild the book the
     * operator holds, across a restore.
     */
    @Test
    void theApplyOrderRebuildsTheBookWhereUpdateIdsAndClocksCannot() throws Exception {
        java.util.List<AppliedBookUpdate> rows = new java.util.ArrayList<>();
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.open();
            process(h, new BookSnapshot("okx", "BTC-USDT", 10_000, 0, 500, levels("10@1", "9@4"), levels("11@1")));
            process(h, okxDelta(500, 501, 10_000, levels("10@2"), PriceLevels.EMPTY)); // the same millisecond
            process(h, okxDelta(501, 502, 10_005, PriceLevels.EMPTY, levels("11.5@3")));
            rows.addAll(applied(h));
            checkpoint = h.snapshot(1, 10_010);
        }
        BookTop last;
        try (var h = harness()) {
            h.initializeState(checkpoint);
            h.open();
            // after maintenance: the ids start again, and the snapshot is stamped before the last delta
            process(h, new BookSnapshot("okx", "BTC-USDT", 10_004, 0, 3, levels("10@7", "8@1"), levels("11@2")));
            process(h, okxDelta(3, 4, 10_004, levels("9@2"), PriceLevels.EMPTY));
            process(h, okxDelta(4, 5, 10_020, levels("10@0"), levels("12@1")));
            rows.addAll(applied(h));
            List<BookTop> tops = h.extractOutputValues();
            last = tops.get(tops.size() - 1);
        }
        assertThat(rows).hasSize(6);
        assertThat(rows).extracting(AppliedBookUpdate::applyOrder).isSorted().doesNotHaveDuplicates()
                .startsWith(10_000_000L, 10_000_001L, 10_005_000L, 10_005_001L, 10_005_002L, 10_020_000L);

        java.util.List<AppliedBookUpdate> shuffled = new java.util.ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.sort(java.util.Comparator.comparingLong(AppliedBookUpdate::applyOrder));
        io.orderflow.book.ArrayOrderBook replay = replay(shuffled);
        assertThat(replay.top(io.orderflow.model.Side.BUY, 10)).isEqualTo(last.bids()).isEqualTo(levels("9@2", "8@1"));
        assertThat(replay.top(io.orderflow.model.Side.SELL, 10)).isEqualTo(last.asks()).isEqualTo(levels("11@2", "12@1"));

        // ordered by update id (then snapshot first), as a reader had to before the column, it is another book;
        // ordered by event time, the late-stamped snapshot lands before a delta of the old book
        java.util.List<AppliedBookUpdate> byId = new java.util.ArrayList<>(rows);
        byId.sort(java.util.Comparator.comparingLong(r -> r.update() instanceof BookSnapshot snap ? snap.sequence()
                : ((BookDelta) r.update()).lastSequence()));
        java.util.List<AppliedBookUpdate> byTime = new java.util.ArrayList<>(rows);
        byTime.sort(java.util.Comparator.comparingLong(r -> r.update().exchangeTimeMs()));
        for (java.util.List<AppliedBookUpdate> wrongOrder : List.of(byId, byTime)) {
            assertThat(replay(wrongOrder).top(io.orderflow.model.Side.SELL, 10)).isNotEqualTo(last.asks());
        }
    }

    private static io.orderflow.book.ArrayOrderBook replay(List<AppliedBookUpdate> rows) {
        io.orderflow.book.ArrayOrderBook book = new io.orderflow.book.ArrayOrderBook();
        for (AppliedBookUpdate r : rows) {
            if (r.update() instanceof BookSnapshot snap) {
                book.replace(snap.bids(), snap.asks());
            } else {
                BookDelta d = (BookDelta) r.update();
                book.apply(io.orderflow.model.Side.BUY, d.bids());
                book.apply(io.orderflow.model.Side.SELL, d.asks());
            }
        }
        return book;
    }

    /** A savepoint written before the apply order existed (state version 1) is read, its order starting afresh. */
    @Test
    void aBookSavedByTheFirstStateVersionIsRead() throws Exception {
        BookState saved = new BookState();
        saved.sync = BookState.Sync.IN_SYNC;
        saved.lastSequence = 77;
        saved.lastEventTimeMs = 5_000;
        saved.replaceLevels(levels("10@1"), levels("11@2"));
        saved.lastApplyOrder = 5_000_003;
        java.io.ByteArrayOutputStream v2 = new java.io.ByteArrayOutputStream();
        BookStateCodec.INSTANCE.write(saved, new java.io.DataOutputStream(v2));
        byte[] bytes = v2.toByteArray();
        assertThat(bytes[0]).isEqualTo((byte) BookStateCodec.V2);
        // version 1's layout is version 2's without its first nine bytes (marker and apply order)
        byte[] v1 = java.util.Arrays.copyOfRange(bytes, 9, bytes.length);
        for (byte[] form : new byte[][] {bytes, v1}) {
            BookState read = BookStateCodec.INSTANCE.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(form)));
            assertThat(read.sync()).isEqualTo(BookState.Sync.IN_SYNC);
            assertThat(read.lastSequence()).isEqualTo(77);
            assertThat(read.lastEventTimeMs).isEqualTo(5_000);
            assertThat(read.book().top(io.orderflow.model.Side.SELL, 5)).isEqualTo(levels("11@2"));
            assertThat(read.lastApplyOrder).isEqualTo(form == v1 ? 0 : 5_000_003);
            assertThat(read.nextApplyOrder(5_000)).isEqualTo(form == v1 ? 5_000_000 : 5_000_004);
        }
    }

    @Test
    void anOutOfSyncBookEmitsNothingUntilTheNextSnapshot() throws Exception {
        try (var h = harness()) {
            h.open();
            process(h, delta("ETHUSDT", 5, 6, 1_000, levels("1@1"), PriceLevels.EMPTY)); // before any snapshot
            process(h, delta("ETHUSDT", 7, 7, 1_010, levels("1@2"), PriceLevels.EMPTY));
            assertThat(h.extractOutputValues()).isEmpty();
            process(h, snapshot("ETHUSDT", 7, 1_020, levels("1@2"), levels("2@1")));
            process(h, delta("ETHUSDT", 8, 8, 1_030, levels("1.5@1"), PriceLevels.EMPTY));
            assertThat(h.extractOutputValues()).hasSize(2);
            process(h, delta("ETHUSDT", 10, 10, 1_040, levels("1.6@1"), PriceLevels.EMPTY)); // 9 is missing
            process(h, delta("ETHUSDT", 11, 11, 1_050, levels("1.7@1"), PriceLevels.EMPTY)); // chains to 10, but
            assertThat(h.extractOutputValues()).hasSize(2); // nothing after the gap
            process(h, snapshot("ETHUSDT", 11, 1_060, levels("1.7@1"), levels("2@1")));
            process(h, delta("ETHUSDT", 12, 12, 1_070, PriceLevels.EMPTY, levels("1.9@1")));
            assertThat(h.extractOutputValues()).hasSize(4);
            // a delta that crosses the book is refused and the book goes out of sync
            process(h, delta("ETHUSDT", 13, 13, 1_080, levels("1.95@1"), PriceLevels.EMPTY));
            process(h, delta("ETHUSDT", 14, 14, 1_090, levels("1.1@1"), PriceLevels.EMPTY));
            assertThat(h.extractOutputValues()).hasSize(4);
            assertThat(qualityKinds(h)).containsExactly("DROPPED_OUT_OF_SYNC", "SEQUENCE_GAP",
                    "DROPPED_OUT_OF_SYNC", "CROSSED_BOOK", "DROPPED_OUT_OF_SYNC");
        }
    }

    private static List<Long> rowSeconds(KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> h) {
        return h.getSideOutput(OrderBookFunction.TOP_LEVELS) == null ? List.of()
                : h.getSideOutput(OrderBookFunction.TOP_LEVELS).stream()
                        .map(r -> r.getValue().second()).toList();
    }

    /** last_update_age_ms of the row for {@code second}. */
    private static long ageOf(KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, BookTop> h, long second) {
        // the table's last_update_age_ms, from the row the table is written from
        for (StreamRecord<TopLevelsSecond> r : h.getSideOutput(OrderBookFunction.TOP_LEVELS)) {
            RowData row = OrderflowTables.BOOK_TOP10_1S.toRow(r.getValue());
            if (r.getValue().second() == second) {
                int age = OrderflowTables.BOOK_TOP10_1S.schema().columns().indexOf(
                        OrderflowTables.BOOK_TOP10_1S.schema().findField("last_update_age_ms"));
                // and as_of, the instant the row describes, is the second's last millisecond
                int asOf = OrderflowTables.BOOK_TOP10_1S.schema().columns().indexOf(
                        OrderflowTables.BOOK_TOP10_1S.schema().findField("as_of"));
                assertThat(row.getTimestamp(asOf, 6).getMillisecond()).isEqualTo(second * 1000 + 999);
                return row.getLong(age);
            }
        }
        throw new AssertionError("no row for second " + second);
    }

    @Test
    void anIdleInstrumentIsRemovedWithAllItsStateAndTimers() throws Exception {
        try (var h = harness()) {
            h.open();
            process(h, snapshot("BTCUSDT", 1, 10_000, levels("10@1"), levels("11@1")));
            process(h, delta("BTCUSDT", 2, 2, 10_500, levels("10@2"), PriceLevels.EMPTY));
            process(h, snapshot("ETHUSDT", 1, 10_100, levels("1@1"), levels("2@1")));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).isEqualTo(4); // end-of-input + eviction, per instrument

            h.processWatermark(11_000); // second 10 ended, but nothing proves either book was complete at its end
            assertThat(rowSeconds(h)).isEmpty();
            process(h, delta("BTCUSDT", 3, 3, 40_000, levels("10@3"), PriceLevels.EMPTY)); // BTC stays alive
            // ... and its update chains: second 10 and the quiet seconds after it held the same book
            assertThat(rowSeconds(h)).hasSize(30).startsWith(10L).endsWith(39L);
            assertThat(ageOf(h, 10)).isEqualTo(500);
            assertThat(ageOf(h, 39)).isEqualTo(29_500); // a quiet second says so
            h.processWatermark(10_100 + IDLE_MS + 1); // ETH idle past the eviction horizon
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            h.processWatermark(40_000 + IDLE_MS * 2);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(rowSeconds(h)).hasSize(30); // neither book's last second was ever proven: not written
        }
    }

    @Test
    void theLastSecondIsWrittenWhenTheInputEnds() throws Exception {
        try (var h = harness()) {
            h.open();
            process(h, snapshot("BTCUSDT", 1, 10_000, levels("10@1"), levels("11@1")));
            process(h, delta("BTCUSDT", 2, 2, 10_500, levels("10@2"), PriceLevels.EMPTY));
            h.processWatermark(Long.MAX_VALUE); // a bounded input ended: everything it had was applied
            assertThat(rowSeconds(h)).containsExactly(10L);
            assertThat(ageOf(h, 10)).isEqualTo(500);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void theSourceSayingSyncIsLostStopsTheRowsUntilTheNextSnapshot() throws Exception {
        try (var h = harness()) {
            h.open();
            process(h, snapshot("BTCUSDT", 1, 10_000, levels("10@1"), levels("11@1")));
            process(h, delta("BTCUSDT", 2, 2, 10_500, levels("10@2"), PriceLevels.EMPTY));
            // a connection-level event is not about this book
            process(h, new DataQualityEvent(VENUE, "", 10_600, 0, DataQualityEvent.Kind.DISCONNECTED, "closed", ""));
            // the source's word on the instrument's own key: its connection was lost after update 2
            process(h, new DataQualityEvent(VENUE, "BTCUSDT", 10_500, 0, DataQualityEvent.Kind.SYNC_LOST,
                    "connection lost", ""));
            h.processWatermark(13_000);
            process(h, delta("BTCUSDT", 3, 3, 12_000, levels("10@3"), PriceLevels.EMPTY)); // cannot arrive; if so
            process(h, snapshot("BTCUSDT", 9, 13_200, levels("10@9"), levels("11@9")));
            process(h, delta("BTCUSDT", 10, 10, 14_100, levels("10@8"), PriceLevels.EMPTY));
            // seconds 10 to 12 were not seen to the end: no row; 13 is the new book, proven by the delta at 14.1 s
            assertThat(rowSeconds(h)).containsExactly(13L);
            assertThat(ageOf(h, 13)).isEqualTo(800);
            assertThat(qualityKinds(h)).containsExactly("DISCONNECTED", "SYNC_LOST", "DROPPED_OUT_OF_SYNC");
            assertThat(h.extractOutputValues()).hasSize(4); // 2 before, 2 after: nothing while out of sync
            assertThat(h.extractOutputValues()).extracting(BookTop::afterGap).containsExactly(true, false, true, false);
        }
    }

    @Test
    void aSnapshotRestartsTheBookUnlessTheVenueStreamsWholeBooks() throws Exception {
        try (var h = harness()) {
            h.open();
            // Binance spot: a snapshot while in sync is a rebuilt book (a restored job reconnecting, a resync);
            // the seconds since the last update are unknown, so the old book is not written for them
            process(h, snapshot("BTCUSDT", 1, 10_000, levels("10@1"), levels("11@1")));
            process(h, snapshot("BTCUSDT", 50, 14_500, levels("10@5"), levels("11@5")));
            process(h, delta("BTCUSDT", 51, 51, 15_100, levels("10@6"), PriceLevels.EMPTY));
            assertThat(rowSeconds(h)).containsExactly(14L);

            // a gateway streaming whole books: each snapshot continues the last one
            BookSnapshot first = new BookSnapshot("goquant-okx", "BTC-USDT", 10_000, 0, 1, levels("10@1"),
                    levels("11@1"));
            process(h, first);
            process(h, new BookSnapshot("goquant-okx", "BTC-USDT", 12_100, 0, 2, levels("10@2"), levels("11@1")));
            assertThat(rowSeconds(h)).containsExactly(14L, 10L, 11L);

            // and so the tops say which ones follow a gap: every rebuilt book, but not a whole book that continues
            assertThat(h.extractOutputValues()).extracting(t -> t.symbol() + "@" + t.sequence() + ":" + t.afterGap())
                    .containsExactly("BTCUSDT@1:true", "BTCUSDT@50:true", "BTCUSDT@51:false", "BTC-USDT@1:true",
                            "BTC-USDT@2:false");
        }
    }

    @Test
    void aMessageForASecondWhoseRowIsWrittenIsAppliedAndReportedLate() throws Exception {
        try (var h = harness()) {
            h.open();
            process(h, snapshot("BTCUSDT", 1, 10_000, levels("10@1"), levels("11@1")));
            process(h, delta("BTCUSDT", 2, 2, 11_200, PriceLevels.EMPTY, levels("11@2"))); // proves second 10
            h.processWatermark(11_000);
            assertThat(rowSeconds(h)).containsExactly(10L);
            assertThat(qualityKinds(h)).doesNotContain("LATE_EVENT");
            // the venue's clock stepped back: this chains, but belongs to second 10, whose row is written
            process(h, delta("BTCUSDT", 3, 3, 10_900, levels("10@5"), PriceLevels.EMPTY));
            assertThat(qualityKinds(h)).containsExactly("LATE_EVENT");
            DataQualityEvent late = h.getSideOutput(OrderBookFunction.QUALITY).peek().getValue();
            assertThat(late.detail()).contains("late by 100 ms", "seconds 10..10");
            // applied all the same: the book's next row carries it
            process(h, delta("BTCUSDT", 4, 4, 12_200, PriceLevels.EMPTY, levels("11@3")));
            assertThat(rowSeconds(h)).containsExactly(10L, 11L);
            assertThat(qualityKinds(h)).containsExactly("LATE_EVENT"); // in time again: nothing more to say
        }
    }

    @Test
    void latenessBeforeTheFirstWatermarkIsSaidNotOverflowed() {
        // Long.MIN_VALUE minus an event time wraps to a positive number 292 million years long
        assertThat(OrderBookFunction.lateness(Long.MIN_VALUE, 1_626_992_741_242L)).isEqualTo("late before any watermark");
        assertThat(OrderBookFunction.lateness(1_000, 900)).isEqualTo("late by 100 ms");
    }

    /** {@code n} levels a step of 0.02 apart from {@code best}, each of {@code size}: bids down, asks up. */
    private static PriceLevels ladder(String best, int n, String size, boolean bids) {
        PriceLevels.Builder b = new PriceLevels.Builder(n);
        BigDecimal step = new BigDecimal(bids ? "-0.02" : "0.02");
        for (int i = 0; i < n; i++) {
            b.add(Decimals.fromBigDecimal(new BigDecimal(best).add(step.multiply(BigDecimal.valueOf(i)))),
                    Decimals.parse(size));
        }
        return b.build();
    }

    /** Quote notional within {@code bps} of the mid, by the definition, in exact decimals over every level given. */
    private static double withinBand(PriceLevels side, BigDecimal mid, int bps) {
        BigDecimal limit = mid.multiply(BigDecimal.valueOf(bps)).divide(BigDecimal.valueOf(10_000));
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < side.count(); i++) {
            BigDecimal p = Decimals.toBigDecimal(side.price(i));
            if (p.subtract(mid).abs().compareTo(limit) <= 0) {
                sum = sum.add(p.multiply(Decimals.toBigDecimal(side.size(i))));
            }
        }
        return sum.doubleValue();
    }

    @Test
    void depthAndWalkLevelsAreMeasuredOnTheWholeBookNotTheCarriedTop() throws Exception {
        // 60 levels a side, 50 of them within 10 bps of the mid; the operator carries 10
        PriceLevels bids = ladder("1000.00", 60, "1.5", true);
        PriceLevels asks = ladder("1000.02", 60, "2", false);
        BigDecimal mid = new BigDecimal("1000.01");
        try (var h = harness(20_000)) {
            h.open();
            process(h, snapshot("ETHUSDT", 100, 1_000, bids, asks));
            process(h, delta("ETHUSDT", 101, 101, 1_100, levels("999.98@2.5"), PriceLevels.EMPTY));
            process(h, delta("ETHUSDT", 102, 102, 2_050, PriceLevels.EMPTY, levels("1000.04@0")));
            List<BookTop> out = h.extractOutputValues();
            assertThat(out).hasSize(3);
            for (BookTop t : out) {
                assertThat(t.bids().count()).as("carried levels").isEqualTo(10);
                assertThat(t.depth().bandBps()).isEqualTo(10);
            }

            BookTop first = out.get(0);
            assertThat(first.depth().bidNotional()).isCloseTo(withinBand(bids, mid, 10), within(1e-6));
            assertThat(first.depth().askNotional()).isCloseTo(withinBand(asks, mid, 10), within(1e-6));
            assertThat(withinBand(bids, mid, 10)).as("the band holds 50 levels, not the 10 carried")
                    .isCloseTo(50 * 1.5 * 999.51, within(1e-6));
            // a walk of 20,000 needs 14 bid levels of ~1,500 and 10 ask levels of ~2,000: exactly those are carried
            assertThat(first.depth().walkDue()).isTrue();
            assertThat(first.depth().walkBids()).isEqualTo(ladder("1000.00", 14, "1.5", true));
            assertThat(first.depth().walkAsks()).isEqualTo(ladder("1000.02", 10, "2", false));

            // the same second again: depth measured, no walk
            BookTop second = out.get(1);
            assertThat(second.depth().walkDue()).isFalse();
            assertThat(second.depth().bidNotional() - first.depth().bidNotional())
                    .isCloseTo(999.98 * (2.5 - 1.5), within(1e-6));

            // the first update of a later second carries the walk levels again, of the book after it
            BookTop third = out.get(2);
            assertThat(third.depth().walkDue()).isTrue();
            assertThat(third.depth().walkAsks().price(1)).isEqualTo(Decimals.parse("1000.06"));
        }
    }

    @Test
    void aSideShallowerThanTheLargestOrderIsCarriedWhole() throws Exception {
        try (var h = harness(1_000_000)) {
            h.open();
            PriceLevels bids = ladder("100.00", 30, "1", true);
            process(h, snapshot("SOLUSDT", 1, 1_000, bids, ladder("100.02", 40, "1", false)));
            BookTop t = h.extractOutputValues().get(0);
            // 3,000 of bids for a 1,000,000 walk: the whole side, so a walk over it is partial exactly when the
            // venue's visible side runs out
            assertThat(t.depth().walkBids()).isEqualTo(bids);
            assertThat(t.depth().walkAsks().count()).isEqualTo(40);
        }
    }
}
