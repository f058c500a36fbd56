package io.orderflow.job.trading;

import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.risk.OrderFitting;
import io.orderflow.execution.state.TradingState;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.OrderIntent;

/**
 * Where the decision step's orders go: the paper exchange ({@link PaperRouter}) or a venue account (the venue
 * trading operator). The step is the same either way (cancels, strategy, risk gate, route); only these differ.
 */
interface OrderRouter {

    /**
     * The working orders against a new book, before any decision on it: the paper exchange fills and expires them;
     * a venue's are cancelled once past their time to live (the venue itself fills them).
     */
    void onBook(BookTop book, TradingState state, long nowMs, ExecutionListener listener);

    /** A strategy's cancel of one of its working orders (none if it is no longer working). */
    void cancel(String clientOrderId, String reason, TradingState state, long nowMs, ExecutionListener listener);

    /** The intent as it would leave (a venue's tick, lot and minimums), or why it cannot leave at all. */
    OrderFitting.Fitted fit(OrderIntent intent, BookTop book);

    /** The share of the order expected to fill passively, where there is a model for it; else null. */
    Double predictMakerShare(OrderIntent intent, BookTop book, TradingState state);

    /** Sends an order the risk gate passed. */
    void submit(OrderIntent intent, BookTop book, TradingState state, long nowMs, ExecutionListener listener);
}
