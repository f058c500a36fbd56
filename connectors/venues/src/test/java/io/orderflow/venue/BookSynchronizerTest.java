package io.orderflow.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the synchronizer tells downstream when it stops passing a book, on Binance USD-M's rule (U/u/pu, as its
 * "How to manage a local order book correctly" prescribes) and with the crossing guard the source runs beside it.
 */
class BookSynchronizerTest {
    private final List<MarketEvent> passed = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final CrossedBookGuard guard = new CrossedBookGuard();
    private BookSynchronizer sync;

    private BookSynchronizer synchronizer(boolean guarded) {
        Venue venue = Venues.byId("binance-usdm");
        sync = new BookSynchronizer(venue.id(), "BTCUSDT", venue.sequenceRule(), 100, new BookSynchronizer.Listener() {
            @Override
            public void emit(MarketEvent e) {
                // as the source does: a passed book that crosses is refused and rebuilt
                String crossed = !guarded ? null : e instanceof BookSnapshot s ? guard.crossedAfter(s)
                        : e instanceof BookDelta d ? guard.crossedAfter(d) : null;
                if (crossed != null) {
                    passed.add(new DataQualityEvent("binance-usdm", e.symbol(), e.exchangeTimeMs(), 0,
                            DataQualityEvent.Kind.CROSSED_BOOK, crossed, ""));
                    sync.invalidate(e, crossed);
                    return;
                }
                passed.add(e);
            }

            @Override
            public void requestSnapshot(String symbol) {
                requests.add(symbol);
            }
        });
        return sync;
    }

    private static PriceLevels level(String price, String size) {
        return new PriceLevels.Builder(1).add(Decimals.parse(price), Decimals.parse(size)).build();
    }

    private static BookSnapshot snapshot(long id, long timeMs, String bid, String ask) {
        return new BookSnapshot("binance-usdm", "BTCUSDT", timeMs, 7, id, level(bid, "1"), level(ask, "1"));
    }

    private static BookDelta delta(long first, long last, long prev, long timeMs, String bid) {
        return new BookDelta("binance-usdm", "BTCUSDT", timeMs, 9, first, last, prev, level(bid, "2"),
                PriceLevels.EMPTY);
    }

    private List<String> kinds() {
        return passed.stream().map(e -> e instanceof DataQualityEvent q ? q.kind().name()
                : e.getClass().getSimpleName()).toList();
    }

    @Test
    void aLostConnectionIsToldOnTheInstrumentsKeyWithTheTimeTheBookWasExactTo() {
        BookSynchronizer s = synchronizer(false);
        s.reset(); // before any book: nothing was passed, nothing to take back
        assertThat(passed).isEmpty();
        s.onDelta(delta(95, 101, 90, 1_000, "100"));
        s.onSnapshot(snapshot(100, 990, "100", "101"));
        s.onDelta(delta(102, 105, 101, 1_100, "100.5"));
        s.reset();
        s.reset(); // said once
        assertThat(kinds()).containsExactly("BookSnapshot", "BookDelta", "BookDelta", "SYNC_LOST");
        DataQualityEvent lost = (DataQualityEvent) passed.get(3);
        assertThat(lost.symbol()).isEqualTo("BTCUSDT");
        assertThat(lost.exchangeTimeMs()).isEqualTo(1_100); // venue time of the last update passed
        assertThat(lost.detail()).contains("exact up to update 105");
        assertThat(lost.kind().losesSync()).isTrue();
        s.onSnapshot(snapshot(200, 2_000, "100", "101"));
        s.snapshotComing(); // a stream venue resubscribing while the book is passed: also lost
        assertThat(kinds()).endsWith("BookSnapshot", "SYNC_LOST");
    }

    /**
     * Binance spot's REST snapshot carries no time: the stream dates it (spot rule: stale if u <= lastUpdateId,
     * bridging if U <= lastUpdateId + 1 <= u).
     */
    @Test
    void anUntimedSnapshotIsDatedByTheDeltasAroundIt() {
        Venue spot = Venues.byId("binance-spot");
        List<MarketEvent> out = new ArrayList<>();
        BookSynchronizer.Listener listener = new BookSynchronizer.Listener() {
            @Override
            public void emit(MarketEvent e) {
                out.add(e);
            }

            @Override
            public void requestSnapshot(String symbol) {}
        };
        BookSnapshot untimed = new BookSnapshot("binance-spot", "BTCUSDT", 999_999, 7, 100, level("100", "1"),
                level("101", "1")); // 999_999: whatever the caller put there, it is not the snapshot's time

        // a delta ending exactly at lastUpdateId: the snapshot is the book right after it
        BookSynchronizer exact = new BookSynchronizer("binance-spot", "BTCUSDT", spot.sequenceRule(), 100, listener);
        exact.onDelta(delta(95, 100, BookDelta.NO_SEQUENCE, 1_000, "100"));
        exact.onDelta(delta(101, 105, BookDelta.NO_SEQUENCE, 1_100, "100"));
        exact.onSnapshot(untimed, false);
        assertThat(out.get(0)).isInstanceOf(BookSnapshot.class);
        assertThat(out.get(0).exchangeTimeMs()).isEqualTo(1_000);
        assertThat(out).hasSize(2);

        // none: dated at the delta that bridges it, the first time its book is known to stand
        out.clear();
        BookSynchronizer bridged = new BookSynchronizer("binance-spot", "BTCUSDT", spot.sequenceRule(), 100, listener);
        bridged.onDelta(delta(95, 99, BookDelta.NO_SEQUENCE, 1_000, "100"));
        bridged.onDelta(delta(100, 105, BookDelta.NO_SEQUENCE, 1_100, "100"));
        bridged.onSnapshot(untimed, false);
        assertThat(out.get(0).exchangeTimeMs()).isEqualTo(1_100);

        // the snapshot came before any delta that dates it: held until one does
        out.clear();
        BookSynchronizer early = new BookSynchronizer("binance-spot", "BTCUSDT", spot.sequenceRule(), 100, listener);
        early.onDelta(delta(90, 95, BookDelta.NO_SEQUENCE, 900, "100"));
        early.onSnapshot(untimed, false);
        assertThat(out).isEmpty();
        early.onDelta(delta(96, 99, BookDelta.NO_SEQUENCE, 1_000, "100")); // stale, ends before it: no date
        assertThat(out).isEmpty();
        early.onDelta(delta(100, 103, BookDelta.NO_SEQUENCE, 1_200, "100"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).exchangeTimeMs()).isEqualTo(1_200);
        assertThat(((BookDelta) out.get(1)).lastSequence()).isEqualTo(103);

        // held and then the connection went: nothing was passed, so nothing is taken back
        out.clear();
        BookSynchronizer lost = new BookSynchronizer("binance-spot", "BTCUSDT", spot.sequenceRule(), 100, listener);
        lost.onDelta(delta(90, 95, BookDelta.NO_SEQUENCE, 900, "100"));
        lost.onSnapshot(untimed, false);
        lost.reset();
        assertThat(out).isEmpty();
        lost.onDelta(delta(101, 103, BookDelta.NO_SEQUENCE, 1_200, "100")); // waits for a new snapshot
        assertThat(out).noneMatch(e -> e instanceof BookSnapshot || e instanceof BookDelta);
    }

    @Test
    void aCrossedBookIsRefusedAtTheSourceAndRebuiltAtOnce() {
        BookSynchronizer s = synchronizer(true);
        s.onSnapshot(snapshot(100, 1_000, "100", "101"));
        s.onDelta(delta(95, 101, 90, 1_100, "101.5")); // bridges snapshot 100 (U <= 100 <= u); a bid above the ask
        assertThat(kinds()).containsExactly("BookSnapshot", "CROSSED_BOOK", "RESYNC_STARTED");
        assertThat(((DataQualityEvent) passed.get(1)).detail())
                .isEqualTo("crossed book after update 101: bid 10150000000 >= ask 10100000000");
        assertThat(requests).containsExactly("BTCUSDT"); // the rebuild, at once
        assertThat(s.state()).isEqualTo(BookSynchronizer.State.AWAITING_SNAPSHOT);

        // a crossed snapshot is refused too, and not announced as a rebuilt book
        passed.clear();
        s.onSnapshot(snapshot(110, 1_200, "102", "101"));
        assertThat(kinds()).containsExactly("CROSSED_BOOK", "RESYNC_STARTED");
        s.onSnapshot(snapshot(120, 1_300, "100", "101"));
        s.onDelta(delta(115, 121, 110, 1_400, "100.5"));
        assertThat(kinds()).endsWith("BookSnapshot", "RESYNCED", "BookDelta");
    }
}
