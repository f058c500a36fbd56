package io.orderflow.execution.paper;

import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderUpdate;

/** Receives what the risk gate and the execution venue decide, in order. */
public interface ExecutionListener {
    void onOrderUpdate(OrderUpdate update);

    void onFill(Fill fill);
}
