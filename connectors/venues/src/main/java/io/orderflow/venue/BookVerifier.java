package io.orderflow.venue;

import io.orderflow.book.LadderOrderBook;
import io.orderflow.book.OrderBook;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Side;
import io.orderflow.model.VenueBbo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replays decoded events of one venue through its sync rule and a real book, outside Flink, and counts what
 * happened per instrument: the engine behind conformance tests and the {@code verify} command. The venue's own
 * best bid/offer stream (if recorded) is compared with the local book at every update id both have seen; the
 * streams may be fed in any relative order. Best prices must always agree. A best size may disagree only while
 * that level still holds the size the REST snapshot gave it: Binance's REST snapshot is sometimes stale against its
 * own stream (the recorded COIN-M BTCUSD_PERP snapshot at 86143364603 says 7764 at ask 60581.1 where the
 * bookTicker at 86143364620 says 7978 with no depth update in between); such mismatches are counted apart.
 */
public final class BookVerifier {
    private final Venue venue;
    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    private long malformed;

    public BookVerifier(Venue venue) {
        this.venue = venue;
    }

    /** Feeds one decoded event (a snapshot from REST or stream, a delta, a venue BBO, a trade, a DQ event). */
    public void accept(MarketEvent event) {
        if (event instanceof DataQualityEvent dq) {
            if (dq.kind() == DataQualityEvent.Kind.MALFORMED_FRAME) {
                malformed++;
            }
            return;
        }
        Instrument in = instruments.computeIfAbsent(event.symbol(), Instrument::new);
        in.messages++;
        if (event instanceof BookSnapshot s) {
            in.snapshots++;
            in.sync.onSnapshot(s);
        } else if (event instanceof BookDelta d) {
            in.deltas++;
            in.sync.onDelta(d);
        } else if (event instanceof VenueBbo b) {
            in.venueBbo.put(b.updateId(), new long[] {b.bidPrice(), b.bidSize(), b.askPrice(), b.askSize()});
        } else {
            in.trades++;
        }
    }

    /** The decoder found this instrument's book wrong (a checksum mismatch): resync it. */
    public void invalidate(MarketEvent cause, String reason) {
        Instrument in = instruments.get(cause.symbol());
        if (in != null) {
            in.sync.invalidate(cause, reason);
        }
    }

    public Map<String, Report> reports() {
        Map<String, Report> out = new LinkedHashMap<>();
        for (Instrument in : instruments.values()) {
            long agree = 0;
            long disagree = 0;
            long snapshotSizeDisagree = 0;
            String firstDisagreement = null;
            for (Map.Entry<Long, long[]> e : in.venueBbo.entrySet()) {
                long[] local = in.localBbo.get(e.getKey());
                if (local == null) {
                    continue;
                }
                long[] venueBbo = e.getValue();
                boolean pricesAgree = local[0] == venueBbo[0] && local[2] == venueBbo[2];
                boolean bidSizeOk = local[1] == venueBbo[1] || local[4] == 1;
                boolean askSizeOk = local[3] == venueBbo[3] || local[5] == 1;
                if (pricesAgree && local[1] == venueBbo[1] && local[3] == venueBbo[3]) {
                    agree++;
                } else if (pricesAgree && bidSizeOk && askSizeOk) {
                    snapshotSizeDisagree++;
                } else {
                    disagree++;
                    if (firstDisagreement == null) {
                        firstDisagreement = "update " + e.getKey() + ": local [bid " + local[0] + " x " + local[1]
                                + ", ask " + local[2] + " x " + local[3] + "] venue [bid " + venueBbo[0] + " x "
                                + venueBbo[1] + ", ask " + venueBbo[2] + " x " + venueBbo[3] + "]";
                    }
                }
            }
            out.put(in.symbol, new Report(in.symbol, in.messages, in.snapshots, in.deltas, in.applied, in.trades,
                    in.sync.gaps(), in.sync.snapshotRequests(), in.sync.rebuilds(), in.crossed, agree, disagree, snapshotSizeDisagree,
                    firstDisagreement,
                    in.sync.state() == BookSynchronizer.State.AWAITING_SNAPSHOT ? "out of sync" : "in sync"));
        }
        return out;
    }

    public long malformedFrames() {
        return malformed;
    }

    /**
     * What one instrument's replay showed. {@code bboAgreements}: update ids where the local best prices and sizes
     * equal the venue's; {@code bboDisagreements}: where they differ for a reason other than a stale snapshot
     * size; {@code bboStaleSnapshotSizes}: best prices equal, a best size differs, and that level's size is still
     * the one the REST snapshot gave.
     */
    public record Report(
            String symbol,
            long messages,
            long snapshots,
            long deltas,
            long deltasApplied,
            long trades,
            long gaps,
            long snapshotRequests,
            long resyncs,
            long crossedStates,
            long bboAgreements,
            long bboDisagreements,
            long bboStaleSnapshotSizes,
            String firstDisagreement,
            String finalState) {}

    private final class Instrument implements BookSynchronizer.Listener {
        final String symbol;
        final OrderBook book = new LadderOrderBook();
        final BookSynchronizer sync;
        final Map<Long, long[]> localBbo = new HashMap<>();
        final Map<Long, long[]> venueBbo = new HashMap<>();
        /** Levels whose size still comes from the last snapshot, keyed by signed price (bids +, asks -). */
        final java.util.Set<Long> fromSnapshot = new java.util.HashSet<>();
        long messages;
        long snapshots;
        long deltas;
        long applied;
        long trades;
        long crossed;

        Instrument(String symbol) {
            this.symbol = symbol;
            this.sync = new BookSynchronizer(venue.id(), symbol, venue.sequenceRule(), 100_000, this,
                    !venue.needsRestSnapshot());
        }

        @Override
        public void emit(MarketEvent event) {
            if (event instanceof BookSnapshot s) {
                book.replace(s.bids(), s.asks());
                fromSnapshot.clear();
                for (int i = 0; i < s.bids().count(); i++) {
                    fromSnapshot.add(s.bids().price(i));
                }
                for (int i = 0; i < s.asks().count(); i++) {
                    fromSnapshot.add(-s.asks().price(i));
                }
                record(s.sequence());
            } else if (event instanceof BookDelta d) {
                book.apply(Side.BUY, d.bids());
                book.apply(Side.SELL, d.asks());
                for (int i = 0; i < d.bids().count(); i++) {
                    fromSnapshot.remove(d.bids().price(i));
                }
                for (int i = 0; i < d.asks().count(); i++) {
                    fromSnapshot.remove(-d.asks().price(i));
                }
                applied++;
                record(d.lastSequence());
            }
        }

        private void record(long sequence) {
            if (book.isCrossed()) {
                crossed++;
            }
            localBbo.put(sequence, new long[] {
                book.bestBidPrice(), book.bestBidSize(), book.bestAskPrice(), book.bestAskSize(),
                fromSnapshot.contains(book.bestBidPrice()) ? 1 : 0,
                fromSnapshot.contains(-book.bestAskPrice()) ? 1 : 0});
        }

        @Override
        public void requestSnapshot(String s) {
            // Recorded snapshots arrive in the stream; nothing to fetch.
        }
    }
}
