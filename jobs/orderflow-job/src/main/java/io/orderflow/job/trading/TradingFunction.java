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
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by instrument: strategy → risk gate → paper execution, in that order, on every in-sync book update. The
 * three are plain Java behind their interfaces; this function only holds their state ({@link TradingState}) and
 * turns what they decide into rows: order state transitions on the main output, fills on {@link #FILLS}. Event
 * time (the venue's clock) stamps every decision, so a replay produces the same rows.
 */
public final class TradingFunction extends KeyedProcessFunction<String, BookTop, RowData> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RowData> FILLS =
            new OutputTag<>("fills", InternalTypeInfo.of(OrderflowTables.FILLS.rowType()));
    public static final OutputTag<RowData> INTENTS =
            new OutputTag<>("order-intents", InternalTypeInfo.of(OrderflowTables.ORDER_INTENTS.rowType()));
    public static final OutputTag<RowData> REJECTIONS =
            new OutputTag<>("risk-rejections", InternalTypeInfo.of(OrderflowTables.RISK_REJECTIONS.rowType()));
    public static final OutputTag<RowData> POSITIONS =
            new OutputTag<>("positions", InternalTypeInfo.of(OrderflowTables.POSITIONS.rowType()));
    public static final OutputTag<RowData> PNL =
            new OutputTag<>("pnl", InternalTypeInfo.of(OrderflowTables.PNL.rowType()));

    private final Strategy strategy;
    private final RiskGate risk;
    private final PaperExchange exchange;
    private transient ValueState<TradingState> state;

    public TradingFunction(Strategy strategy, RiskGate risk, PaperExchange exchange) {
        this.strategy = strategy;
        this.risk = risk;
        this.exchange = exchange;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("trading", TradingStateSerializer.TYPE_INFO));
    }

    @Override
    public void processElement(BookTop book, Context ctx, Collector<RowData> out) throws Exception {
        TradingState current = state.value();
        TradingState s = current != null ? current : new TradingState();
        long mid = book.twoSided() ? (book.bestBid() + book.bestAsk()) / 2 : 0;
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onOrderUpdate(OrderUpdate update) {
                out.collect(Rows.order(update));
            }

            @Override
            public void onFill(Fill fill) {
                ctx.output(FILLS, Rows.fill(fill));
                ctx.output(POSITIONS, Rows.position(fill.venue(), fill.symbol(), fill.strategy(),
                        fill.eventTimeMs(), fill.fillId(), s.ledger(), mid));
            }
        };
        long now = book.exchangeTimeMs();
        if (book.twoSided()) {
            markPnl(book, s, mid, ctx);
        }
        exchange.onBook(book, s, now, listener);
        for (Strategy.Cancel c : strategy.cancels(book, s)) {
            exchange.cancel(c.clientOrderId(), c.reason(), s, now, listener);
        }
        for (OrderIntent intent : strategy.onBook(book, s)) {
            RiskGate.Rejection rejection = risk.check(intent, s, book);
            ctx.output(INTENTS, Rows.intent(intent, rejection));
            if (rejection != null) {
                ctx.output(REJECTIONS, Rows.rejection(intent, rejection));
                listener.onOrderUpdate(new OrderUpdate(intent.clientOrderId(), intent.strategy(), intent.venue(),
                        intent.symbol(), intent.side(), intent.type(), intent.price(), intent.quantity(), 0,
                        OrderStatus.REJECTED, "risk: " + rejection.reason(), now));
            } else {
                exchange.submit(intent, book, s, now, listener);
            }
        }
        state.update(s);
    }

    /** Once a minute of event time, for an instrument that has traded: the PnL marked to the mid. */
    private void markPnl(BookTop book, TradingState s, long mid, Context ctx) {
        long minute = Math.floorDiv(book.exchangeTimeMs(), 60_000L);
        if (minute == s.lastPnlMinute()) {
            return;
        }
        s.recordPnlMinute(minute);
        s.ledger().mark(book.exchangeTimeMs(), mid);
        if (s.fillCount() > 0) {
            ctx.output(PNL, Rows.pnl(book.venue(), book.symbol(), strategy.name(), book.exchangeTimeMs(), s.ledger(),
                    mid));
        }
    }
}
