package io.orderflow.job.iceberg;

import io.orderflow.job.signals.InstrumentSignals;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Trade;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.OrderUpdate;
import java.math.BigDecimal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/** Converts orderflow's records to the Iceberg tables' rows (field order as in {@link OrderflowTables}). */
public final class Rows {
    private Rows() {}

    public static DecimalData money(long units) {
        return DecimalData.fromBigDecimal(BigDecimal.valueOf(units, Decimals.SCALE), 20, 8);
    }

    public static TimestampData millis(long epochMs) {
        return TimestampData.fromEpochMillis(epochMs);
    }

    public static TimestampData nanos(long epochNanos) {
        return TimestampData.fromEpochMillis(Math.floorDiv(epochNanos, 1_000_000L),
                (int) Math.floorMod(epochNanos, 1_000_000L));
    }

    public static StringData str(String s) {
        return s == null ? null : StringData.fromString(s);
    }

    private static GenericArrayData levels(PriceLevels levels) {
        Object[] rows = new Object[levels.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = GenericRowData.of(money(levels.price(i)), money(levels.size(i)));
        }
        return new GenericArrayData(rows);
    }

    public static RowData bookUpdate(BookSnapshot s) {
        return GenericRowData.of(str(s.venue()), str(s.symbol()), millis(s.exchangeTimeMs()), s.exchangeTimeMs(),
                nanos(s.receivedAtNanos()), true, s.sequence(), s.sequence(), null, levels(s.bids()),
                levels(s.asks()));
    }

    public static RowData bookUpdate(BookDelta d) {
        return GenericRowData.of(str(d.venue()), str(d.symbol()), millis(d.exchangeTimeMs()), d.exchangeTimeMs(),
                nanos(d.receivedAtNanos()), false, d.firstSequence(), d.lastSequence(),
                d.previousSequence() == BookDelta.NO_SEQUENCE ? null : d.previousSequence(), levels(d.bids()),
                levels(d.asks()));
    }

    public static RowData trade(Trade t) {
        return GenericRowData.of(str(t.venue()), str(t.symbol()), millis(t.exchangeTimeMs()), t.exchangeTimeMs(),
                nanos(t.receivedAtNanos()), str(t.tradeId()), money(t.price()), money(t.size()),
                str(t.aggressor().name()));
    }

    public static RowData bbo(BookTop t) {
        long bid = t.bids().price(0);
        long ask = t.asks().price(0);
        double mid = (Decimals.toDouble(bid) + Decimals.toDouble(ask)) / 2;
        return GenericRowData.of(str(t.venue()), str(t.symbol()), millis(t.exchangeTimeMs()), t.exchangeTimeMs(),
                nanos(t.receivedAtNanos()), t.sequence(), money(bid), money(t.bids().size(0)), money(ask),
                money(t.asks().size(0)), mid, (Decimals.toDouble(ask) - Decimals.toDouble(bid)) / mid * 1e4);
    }

    /** A per-second top-N row: the book as it stood at the end of {@code second} (epoch seconds). */
    public static RowData topLevels(BookTop t, long second) {
        int n = OrderflowTables.TOP_LEVELS;
        Object[] f = new Object[4 + 4 * n + 1];
        f[0] = str(t.venue());
        f[1] = str(t.symbol());
        f[2] = millis(second * 1000);
        f[3] = t.sequence();
        int i = 4;
        for (PriceLevels side : new PriceLevels[] {t.bids(), t.asks()}) {
            for (int level = 0; level < n; level++) {
                boolean present = level < side.count();
                f[i++] = present ? money(side.price(level)) : null;
                f[i++] = present ? money(side.size(level)) : null;
            }
        }
        f[i] = (second + 1) * 1000 - t.exchangeTimeMs();
        return GenericRowData.of(f);
    }

    public static RowData quality(DataQualityEvent q) {
        return GenericRowData.of(str(q.venue()), q.symbol().isEmpty() ? null : str(q.symbol()),
                millis(q.exchangeTimeMs()), nanos(q.receivedAtNanos()), str(q.kind().name()), str(q.detail()),
                q.sample().isEmpty() ? null : str(q.sample()));
    }

    public static RowData order(OrderUpdate u) {
        return GenericRowData.of(str(u.clientOrderId()), str(u.strategy()), str(u.venue()), str(u.symbol()),
                millis(u.eventTimeMs()), str(u.side().name()), str(u.type().name()),
                u.type() == OrderType.MARKET ? null : money(u.price()), money(u.quantity()),
                money(u.filledQuantity()), str(u.status().name()), str(u.reason()));
    }

    public static RowData fill(Fill f) {
        double mid = Decimals.toDouble(f.decisionMidPrice());
        double slippage = f.side().sign() * (Decimals.toDouble(f.price()) - mid) / mid * 1e4;
        return GenericRowData.of(str(f.fillId()), str(f.clientOrderId()), str(f.strategy()), str(f.venue()),
                str(f.symbol()), millis(f.eventTimeMs()), str(f.side().name()), money(f.price()),
                money(f.quantity()), money(f.fee()), f.maker(), money(f.decisionMidPrice()), slippage);
    }

    public static RowData bookFeatures(String venue, String symbol, InstrumentSignals.Features f) {
        return GenericRowData.of(str(venue), str(symbol), millis(f.timeMs()), f.updateId(), f.mid(), f.imbalance(),
                f.ofi(), f.weightedMid(), f.microprice(), f.spreadBps(), f.bidDepth(), f.askDepth());
    }

    public static RowData slippage(String venue, String symbol, InstrumentSignals.SlippageSample s) {
        var w = s.walk();
        return GenericRowData.of(str(venue), str(symbol), millis(s.timeMs()), str(s.side().name()),
                w.quoteNotional(), w.filledNotional(), Double.isNaN(w.vwap()) ? null : w.vwap(),
                Double.isNaN(w.slippageBps()) ? null : w.slippageBps(), w.partial(), w.levelsUsed(), s.depth(),
                s.volatilityBps(), s.spreadBps(), s.estimateBps(), s.modelUpdates());
    }

    public static RowData prediction(String venue, String symbol, InstrumentSignals.Prediction p) {
        double[] x = p.features();
        return GenericRowData.of(str(venue), str(symbol), millis(p.second() * 1000), x[1], x[2], x[3], x[4],
                p.forecastBps(), p.realizedBps(), p.hit(), p.hits(), p.calls(),
                p.calls() == 0 ? null : (double) p.hits() / p.calls());
    }

    /** A spike row before its precursors are known (the labeller fills them in). */
    public static RowData spike(String venue, String symbol, InstrumentSignals.Spike s) {
        return GenericRowData.of(str(venue), str(symbol), millis(s.second() * 1000 + 999), s.volatility(),
                s.rollingMedian(), s.volatility() / s.rollingMedian(), 0, new GenericArrayData(new Object[0]), 0);
    }

    /** The instrument key of a row whose first two fields are venue and symbol. */
    public static String instrumentKey(RowData row) {
        return io.orderflow.model.InstrumentKey.of(row.getString(0).toString(), row.getString(1).toString());
    }

    public static RowData intent(io.orderflow.model.execution.OrderIntent i, io.orderflow.execution.RiskGate.Rejection r,
            double predictedMakerShare) {
        return GenericRowData.of(str(i.clientOrderId()), str(i.strategy()), str(i.venue()), str(i.symbol()),
                millis(i.decisionTimeMs()), str(i.side().name()), str(i.type().name()), str(i.timeInForce().name()),
                i.type() == OrderType.MARKET ? null : money(i.price()), money(i.quantity()),
                money(i.decisionMidPrice()), str(i.reason()), r == null, r == null ? null : str(r.rule()),
                Double.isNaN(predictedMakerShare) ? null : predictedMakerShare);
    }

    public static RowData rejection(io.orderflow.model.execution.OrderIntent i, io.orderflow.execution.RiskGate.Rejection r) {
        return GenericRowData.of(str(i.clientOrderId()), str(i.strategy()), str(i.venue()), str(i.symbol()),
                millis(i.decisionTimeMs()), str(i.side().name()), money(i.quantity()), str(r.rule()), str(r.reason()));
    }

    public static RowData position(String venue, String symbol, String strategy, long timeMs, String fillId,
            io.orderflow.execution.PositionLedger l, long mark) {
        BigDecimal average = l.averageEntry();
        return GenericRowData.of(str(venue), str(symbol), str(strategy), millis(timeMs), str(fillId),
                money(l.position()), average == null ? null : money(average), money(l.realized()), money(l.fees()),
                money(mark), money(l.unrealized(mark)));
    }

    public static RowData pnl(String venue, String symbol, String strategy, long timeMs,
            io.orderflow.execution.PositionLedger l, long mark) {
        return GenericRowData.of(str(venue), str(symbol), str(strategy), millis(timeMs), money(mark),
                money(l.position()), money(l.realized()), money(l.fees()), money(l.unrealized(mark)),
                money(l.equity(mark)), money(l.dayPnl(mark)));
    }

    /** A quote amount, rounded half-even to the tables' 8 decimals. */
    public static DecimalData money(BigDecimal amount) {
        return DecimalData.fromBigDecimal(amount.setScale(Decimals.SCALE, java.math.RoundingMode.HALF_EVEN), 20, 8);
    }
}
