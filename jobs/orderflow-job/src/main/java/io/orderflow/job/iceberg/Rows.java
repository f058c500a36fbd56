package io.orderflow.job.iceberg;

import io.orderflow.execution.risk.RiskGate;
import io.orderflow.job.crosssection.CrossSection;
import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.job.records.InstrumentFeatures;
import io.orderflow.job.records.MarketRank;
import io.orderflow.job.records.MidForecast;
import io.orderflow.job.records.PairSignal;
import io.orderflow.job.records.PatternMatch;
import io.orderflow.job.records.PnlMark;
import io.orderflow.job.records.PositionChange;
import io.orderflow.job.records.RiskDecision;
import io.orderflow.job.records.ScheduledSlice;
import io.orderflow.job.records.SlippageEstimate;
import io.orderflow.job.records.TopLevelsSecond;
import io.orderflow.job.records.VolatilitySpike;
import io.orderflow.job.records.VolatilityWindow;
import io.orderflow.job.signals.InstrumentSignals;
import io.orderflow.estimators.RealizedVolatility;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.EventChecks;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Trade;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
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

    /** An order's, fill's or account's price, quantity or amount ({@link OrderflowTables#MONEY}). */
    public static DecimalData money(long units) {
        return DecimalData.fromBigDecimal(BigDecimal.valueOf(units, Decimals.SCALE), 20, 8);
    }

    /**
     * A market-data price or size ({@link OrderflowTables#MARKET}): a long-backed decimal, no BigDecimal. Every
     * source refuses a value beyond {@link EventChecks#MAX_PRICE} with a data-quality row, so one here is a bug in
     * the job: refused, never rounded or written wrong.
     */
    public static DecimalData market(long units) {
        if (units < -EventChecks.MAX_PRICE || units > EventChecks.MAX_PRICE) {
            throw new IllegalArgumentException("market value " + Decimals.toPlainString(units)
                    + " does not fit DECIMAL(18,8); the sources' EventChecks should have refused it");
        }
        return DecimalData.fromUnscaledLong(units, 18, Decimals.SCALE);
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
            rows[i] = GenericRowData.of(market(levels.price(i)), market(levels.size(i)));
        }
        return new GenericArrayData(rows);
    }

    /** A {@code book_updates} row: a snapshot or a delta that reached an in-sync book, and its apply order. */
    public static RowData bookUpdate(AppliedBookUpdate applied) {
        if (applied.update() instanceof BookSnapshot s) {
            return GenericRowData.of(str(s.venue()), str(s.symbol()), millis(s.exchangeTimeMs()), s.exchangeTimeMs(),
                    nanos(s.receivedAtNanos()), true, s.sequence(), s.sequence(), null, levels(s.bids()),
                    levels(s.asks()), applied.applyOrder());
        }
        BookDelta d = (BookDelta) applied.update();
        return GenericRowData.of(str(d.venue()), str(d.symbol()), millis(d.exchangeTimeMs()), d.exchangeTimeMs(),
                nanos(d.receivedAtNanos()), false, d.firstSequence(), d.lastSequence(),
                d.previousSequence() == BookDelta.NO_SEQUENCE ? null : d.previousSequence(), levels(d.bids()),
                levels(d.asks()), applied.applyOrder());
    }

    public static RowData trade(MarketEvent e) {
        Trade t = (Trade) e;
        return GenericRowData.of(str(t.venue()), str(t.symbol()), millis(t.exchangeTimeMs()), t.exchangeTimeMs(),
                nanos(t.receivedAtNanos()), str(t.tradeId()), market(t.price()), market(t.size()),
                str(t.aggressor().name()));
    }

    public static RowData bbo(BookTop t) {
        long bid = t.bids().price(0);
        long ask = t.asks().price(0);
        double mid = (Decimals.toDouble(bid) + Decimals.toDouble(ask)) / 2;
        return GenericRowData.of(str(t.venue()), str(t.symbol()), millis(t.exchangeTimeMs()), t.exchangeTimeMs(),
                nanos(t.receivedAtNanos()), t.sequence(), market(bid), market(t.bids().size(0)), market(ask),
                market(t.asks().size(0)), mid, (Decimals.toDouble(ask) - Decimals.toDouble(bid)) / mid * 1e4,
                t.afterGap());
    }

    /** A per-second top-N row: the book as it stood at the end of the second; absent levels are null. */
    public static RowData topLevels(TopLevelsSecond t) {
        int n = TopLevelsSecond.LEVELS;
        Object[] f = new Object[4 + 4 * n + 2];
        f[0] = str(t.venue());
        f[1] = str(t.symbol());
        f[2] = millis(t.second() * 1000);
        f[3] = t.updateId();
        int i = 4;
        for (long[][] side : new long[][][] {{t.bidPrices(), t.bidSizes()}, {t.askPrices(), t.askSizes()}}) {
            for (int level = 0; level < n; level++) {
                boolean present = level < side[0].length;
                f[i++] = present ? market(side[0][level]) : null;
                f[i++] = present ? market(side[1][level]) : null;
            }
        }
        f[i++] = (t.second() + 1) * 1000 - t.lastUpdateTimeMs();
        f[i] = millis(t.second() * 1000 + 999);
        return GenericRowData.of(f);
    }

    public static RowData volatility(VolatilityWindow v) {
        RealizedVolatility.Result r = v.result();
        return GenericRowData.of(str(v.venue()), str(v.symbol()), millis(v.startMs()), millis(v.endMs()),
                v.windowSeconds(), r.samples(), r.returns(), r.realizedVariance(), r.annualizedVolatility(),
                r.firstMid(), r.lastMid(), finite(r.parkinsonVolatility()), finite(r.ewmaVolatility()), r.coverage(),
                finite(r.garmanKlassVolatility()), finite(r.rogersSatchellVolatility()));
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

    public static RowData bookFeatures(InstrumentFeatures r) {
        InstrumentSignals.Features f = r.features();
        return GenericRowData.of(str(r.venue()), str(r.symbol()), millis(f.timeMs()), f.updateId(), f.mid(),
                f.imbalance(), f.ofi(), f.weightedMid(), f.microprice(), f.spreadBps(), f.bidDepth(), f.askDepth(),
                finite(r.stoikovMicroprice()));
    }

    public static RowData slippage(SlippageEstimate r) {
        InstrumentSignals.SlippageSample s = r.sample();
        var w = s.walk();
        return GenericRowData.of(str(r.venue()), str(r.symbol()), millis(s.timeMs()), str(s.side().name()),
                w.quoteNotional(), w.filledNotional(), Double.isNaN(w.vwap()) ? null : w.vwap(),
                Double.isNaN(w.slippageBps()) ? null : w.slippageBps(), w.partial(), w.levelsUsed(), s.depth(),
                s.volatilityBps(), s.spreadBps(), s.estimateBps(), s.modelUpdates(), s.updateId());
    }

    public static RowData prediction(MidForecast r) {
        InstrumentSignals.Prediction p = r.prediction();
        double[] x = p.features();
        return GenericRowData.of(str(r.venue()), str(r.symbol()), millis(p.second() * 1000), x[1], x[2], x[3], x[4],
                p.forecastBps(), p.realizedBps(), p.hit(), p.hits(), p.calls(),
                p.calls() == 0 ? null : (double) p.hits() / p.calls(),
                x.length > InstrumentSignals.PREDICTOR_FEATURES ? x[InstrumentSignals.PREDICTOR_FEATURES] : null,
                x.length > InstrumentSignals.PREDICTOR_FEATURES ? x[InstrumentSignals.PREDICTOR_FEATURES + 1] : null,
                p.naiveHit());
    }

    public static RowData spike(VolatilitySpike r) {
        InstrumentSignals.Spike s = r.spike();
        Object[] precursors = new Object[r.precursors().length];
        for (int i = 0; i < precursors.length; i++) {
            precursors[i] = str(r.precursors()[i]);
        }
        return GenericRowData.of(str(r.venue()), str(r.symbol()), millis(r.timeMs()), s.volatility(),
                s.rollingMedian(), s.volatility() / s.rollingMedian(), r.horizonSeconds(),
                new GenericArrayData(precursors), precursors.length);
    }

    public static RowData pattern(PatternMatch m) {
        return GenericRowData.of(str(m.venue()), str(m.symbol()), millis(m.endMs()), millis(m.startMs()),
                str(m.pattern()), m.events(), m.imbalanceStart(), m.imbalanceEnd(), m.depthStart(), m.depthEnd(),
                m.spreadMaxBps(), m.midEnd());
    }

    public static RowData pairSignal(PairSignal s) {
        CrossSection.PairResult p = s.pair();
        Object[] lags = new Object[p.lagsMs().length];
        Object[] corr = new Object[p.correlations().length];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = p.lagsMs()[i];
            corr[i] = finite(p.correlations()[i]);
        }
        return GenericRowData.of(millis(s.startMs()), millis(s.endMs()),
                str(InstrumentKey.venueOf(p.x())), str(InstrumentKey.symbolOf(p.x())),
                str(InstrumentKey.venueOf(p.y())), str(InstrumentKey.symbolOf(p.y())),
                p.xObservations(), p.yObservations(), str(p.leader()), p.leadMs(), p.bestLagMs(),
                finite(p.bestCorrelation()), new GenericArrayData(lags), new GenericArrayData(corr),
                p.gridReturns(), finite(p.correlation()), finite(p.beta()), finite(p.betaStandardError()),
                finite(p.spreadZScore()), str(p.timeQuality().label()));
    }

    public static RowData marketRank(MarketRank r) {
        CrossSection.Ranking k = r.ranking();
        return GenericRowData.of(millis(r.startMs()), millis(r.endMs()),
                str(InstrumentKey.venueOf(k.key())), str(InstrumentKey.symbolOf(k.key())),
                k.tradedNotional(), k.trades(), k.volatility(), k.meanDepth(), k.leadScore(),
                k.volumeRank(), k.volatilityRank(), k.depthRank(), k.leadRank(), k.overallRank());
    }

    public static RowData intent(RiskDecision d) {
        OrderIntent i = d.intent();
        RiskGate.Rejection r = d.rejection();
        Double makerShare = d.predictedMakerShare();
        return GenericRowData.of(str(i.clientOrderId()), str(i.strategy()), str(i.venue()), str(i.symbol()),
                millis(i.decisionTimeMs()), str(i.side().name()), str(i.type().name()), str(i.timeInForce().name()),
                i.type() == OrderType.MARKET ? null : money(i.price()), money(i.quantity()),
                money(i.decisionMidPrice()), str(i.reason()), r == null, r == null ? null : str(r.rule()),
                makerShare == null || makerShare.isNaN() ? null : makerShare);
    }

    /** A {@code risk_rejections} row; only for a rejected decision. */
    public static RowData rejection(RiskDecision d) {
        OrderIntent i = d.intent();
        RiskGate.Rejection r = d.rejection();
        return GenericRowData.of(str(i.clientOrderId()), str(i.strategy()), str(i.venue()), str(i.symbol()),
                millis(i.decisionTimeMs()), str(i.side().name()), money(i.quantity()), str(r.rule()), str(r.reason()));
    }

    public static RowData position(PositionChange p) {
        return GenericRowData.of(str(p.venue()), str(p.symbol()), str(p.strategy()), millis(p.timeMs()),
                str(p.fillId()), money(p.position()), p.averageEntry() == null ? null : money(p.averageEntry()),
                money(p.realized()), money(p.fees()), money(p.mark()), money(p.unrealized()));
    }

    public static RowData pnl(PnlMark p) {
        return GenericRowData.of(str(p.venue()), str(p.symbol()), str(p.strategy()), millis(p.timeMs()),
                money(p.mark()), money(p.position()), money(p.realized()), money(p.fees()), money(p.unrealized()),
                money(p.equity()), money(p.dayPnl()));
    }

    public static RowData scheduledSlice(ScheduledSlice s) {
        return GenericRowData.of(str(s.parentId()), str(s.strategy()), str(s.venue()), str(s.symbol()),
                millis(s.plannedAtMs()), str(s.side().name()), money(s.parentQuantity()), money(s.arrivalMid()),
                s.slice(), s.slices(), millis(s.scheduledAtMs()), str(s.childOrderId()), money(s.childQuantity()),
                s.horizonSeconds(), s.riskAversion(), s.sigma(), s.eta(), s.gamma(), s.epsilon(), s.kappa(),
                s.modelCostBps(), s.modelCostStdDevBps());
    }

    /** A double column that holds only finite numbers: NaN and infinities (undefined statistics) are null. */
    private static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /** A quote amount, rounded half-even to the tables' 8 decimals. */
    public static DecimalData money(BigDecimal amount) {
        return DecimalData.fromBigDecimal(amount.setScale(Decimals.SCALE, java.math.RoundingMode.HALF_EVEN), 20, 8);
    }
}
