package io.orderflow.job.trading;

import io.orderflow.execution.ExecutionListener;
import io.orderflow.execution.PaperExchange;
import io.orderflow.execution.RiskGate;
import io.orderflow.execution.Strategy;
import io.orderflow.execution.TradingState;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.Rows;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderUpdate;
import java.io.Serializable;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * What every trading operator does with one in-sync book of one instrument, in this order: mark the PnL once a
 * minute, match the working paper orders, apply the strategy's cancels, then check each new intent against the
 * risk gate and send the ones that pass to the paper exchange. Order state transitions go to the main output,
 * everything else to the side outputs below. Event time (the venue's clock) stamps every decision, so a replay
 * produces the same rows.
 */
final class TradingStep implements Serializable {
    private static final long serialVersionUID = 1L;

    static final OutputTag<RowData> FILLS =
            new OutputTag<>("fills", InternalTypeInfo.of(OrderflowTables.FILLS.rowType()));
    static final OutputTag<RowData> INTENTS =
            new OutputTag<>("order-intents", InternalTypeInfo.of(OrderflowTables.ORDER_INTENTS.rowType()));
    static final OutputTag<RowData> REJECTIONS =
            new OutputTag<>("risk-rejections", InternalTypeInfo.of(OrderflowTables.RISK_REJECTIONS.rowType()));
    static final OutputTag<RowData> POSITIONS =
            new OutputTag<>("positions", InternalTypeInfo.of(OrderflowTables.POSITIONS.rowType()));
    static final OutputTag<RowData> PNL =
            new OutputTag<>("pnl", InternalTypeInfo.of(OrderflowTables.PNL.rowType()));

    private final String strategyName;
    private final RiskGate risk;
    private final PaperExchange exchange;
    private final long pnlIntervalMs;
    private transient io.orderflow.job.metrics.TradingMetrics metrics;

    TradingStep(String strategyName, RiskGate risk, PaperExchange exchange, long pnlIntervalMs) {
        this.strategyName = strategyName;
        this.risk = risk;
        this.exchange = exchange;
        this.pnlIntervalMs = pnlIntervalMs;
    }

    /** Registers the metrics; before the first book. */
    void open(org.apache.flink.api.common.functions.RuntimeContext context) {
        metrics = new io.orderflow.job.metrics.TradingMetrics(context, strategyName);
    }

    void onBook(BookTop book, TradingState s, Supplier<List<Strategy.Cancel>> cancels,
            Supplier<List<OrderIntent>> decide, Collector<RowData> out, BiConsumer<OutputTag<RowData>, RowData> side) {
        long mid = book.twoSided() ? (book.bestBid() + book.bestAsk()) / 2 : 0;
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onOrderUpdate(OrderUpdate update) {
                out.collect(Rows.order(update));
            }

            @Override
            public void onFill(Fill fill) {
                side.accept(FILLS, Rows.fill(fill));
                side.accept(POSITIONS, Rows.position(fill.venue(), fill.symbol(), fill.strategy(),
                        fill.eventTimeMs(), fill.fillId(), s.ledger(), mid));
            }
        };
        long now = book.exchangeTimeMs();
        if (book.twoSided()) {
            markPnl(strategyName, pnlIntervalMs, book, s, side);
        }
        exchange.onBook(book, s, now, listener);
        for (Strategy.Cancel c : cancels.get()) {
            exchange.cancel(c.clientOrderId(), c.reason(), s, now, listener);
        }
        for (OrderIntent intent : decide.get()) {
            RiskGate.Rejection rejection = risk.check(intent, s, book);
            double makerShare = exchange.predictMakerShare(intent, book, s);
            side.accept(INTENTS, Rows.intent(intent, rejection, makerShare));
            if (rejection != null) {
                metrics.rejected();
                side.accept(REJECTIONS, Rows.rejection(intent, rejection));
                listener.onOrderUpdate(new OrderUpdate(intent.clientOrderId(), intent.strategy(), intent.venue(),
                        intent.symbol(), intent.side(), intent.type(), intent.price(), intent.quantity(), 0,
                        OrderStatus.REJECTED, "risk: " + rejection.reason(), now));
            } else {
                metrics.orderSent(book);
                exchange.submit(intent, book, s, now, listener);
            }
        }
    }

    /**
     * On the first book of each period of event time ({@code intervalMs}, a minute by default), for an instrument
     * that has traded: the PnL marked to the mid.
     */
    static void markPnl(String strategyName, long intervalMs, BookTop book, TradingState s,
            BiConsumer<OutputTag<RowData>, RowData> side) {
        long mid = (book.bestBid() + book.bestAsk()) / 2;
        long minute = Math.floorDiv(book.exchangeTimeMs(), intervalMs);
        if (minute == s.lastPnlMinute()) {
            return;
        }
        s.recordPnlMinute(minute);
        s.ledger().mark(book.exchangeTimeMs(), mid);
        if (s.fillCount() > 0) {
            side.accept(PNL, Rows.pnl(book.venue(), book.symbol(), strategyName, book.exchangeTimeMs(), s.ledger(),
                    mid));
        }
    }
}
