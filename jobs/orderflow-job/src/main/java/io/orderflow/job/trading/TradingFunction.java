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
        TradingState s = state.value();
        if (s == null) {
            s = new TradingState();
        }
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onOrderUpdate(OrderUpdate update) {
                out.collect(Rows.order(update));
            }

            @Override
            public void onFill(Fill fill) {
                ctx.output(FILLS, Rows.fill(fill));
            }
        };
        long now = book.exchangeTimeMs();
        exchange.onBook(book, s, now, listener);
        for (OrderIntent intent : strategy.onBook(book, s)) {
            String rejection = risk.check(intent, s, book);
            if (rejection != null) {
                listener.onOrderUpdate(new OrderUpdate(intent.clientOrderId(), intent.strategy(), intent.venue(),
                        intent.symbol(), intent.side(), intent.type(), intent.price(), intent.quantity(), 0,
                        OrderStatus.REJECTED, "risk: " + rejection, now));
            } else {
                exchange.submit(intent, book, s, now, listener);
            }
        }
        state.update(s);
    }
}
