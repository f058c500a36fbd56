package io.orderflow.execution.strategy;

import io.orderflow.execution.state.TradingState;

import io.orderflow.model.BookTop;
import io.orderflow.model.execution.OrderIntent;
import java.util.List;

/**
 * A trading strategy in plain Java: book updates and signals in, order intents out. A strategy keeps its
 * state in the {@link TradingState} it is handed, never in its own fields, so the hosting Flink operator
 * checkpoints it and a restore resumes exactly.
 */
public interface Strategy extends java.io.Serializable {
    String name();

    List<OrderIntent> onBook(BookTop book, TradingState state);

    /**
     * A signal about this instrument (a pattern match). Orders are decided on books only, so a strategy that acts
     * on signals remembers them in {@code state} and acts on the next book: that book prices the order.
     */
    default void onSignal(Signal signal, TradingState state) {}

    /**
     * Working orders to cancel now (client ids), asked before {@link #onBook} on every book update; each comes
     * back as a CANCELLED order update with the reason given here.
     */
    default List<Cancel> cancels(BookTop book, TradingState state) {
        return List.of();
    }

    /** A cancel request for one working order. */
    record Cancel(String clientOrderId, String reason) {}
}
