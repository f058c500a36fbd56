package io.orderflow.job.trading;

import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.risk.OrderFitting;
import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.state.TradingState;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.OrderIntent;
import java.io.Serializable;

/** Orders to the paper exchange: matched against the job's own books, with its fees and its order lifetime. */
final class PaperRouter implements OrderRouter, Serializable {
    private static final long serialVersionUID = 1L;

    private final PaperExchange exchange;

    PaperRouter(PaperExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void onBook(BookTop book, TradingState state, long nowMs, ExecutionListener listener) {
        exchange.onBook(book, state, nowMs, listener);
    }

    @Override
    public void cancel(String clientOrderId, String reason, TradingState state, long nowMs,
            ExecutionListener listener) {
        exchange.cancel(clientOrderId, reason, state, nowMs, listener);
    }

    @Override
    public OrderFitting.Fitted fit(OrderIntent intent, BookTop book) {
        return new OrderFitting.Fitted(intent, null); // the paper exchange takes any price and size
    }

    @Override
    public Double predictMakerShare(OrderIntent intent, BookTop book, TradingState state) {
        return exchange.predictMakerShare(intent, book, state);
    }

    @Override
    public void submit(OrderIntent intent, BookTop book, TradingState state, long nowMs,
            ExecutionListener listener) {
        exchange.submit(intent, book, state, nowMs, listener);
    }
}
