package io.orderflow.job.trading;

import io.orderflow.execution.strategy.ImbalanceTriggers;
import io.orderflow.execution.strategy.Signal;
import io.orderflow.model.BookTop;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/** A trading operator's imbalance triggers ({@link ImbalanceTriggers}), their matching state keyed by instrument. */
final class BookTriggers implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ImbalanceTriggers triggers;
    private transient ValueState<ImbalanceTriggers.State> state;

    BookTriggers(ImbalanceTriggers triggers) {
        this.triggers = triggers;
    }

    void open(RuntimeContext context) {
        state = context.getState(new ValueStateDescriptor<>("imbalance-triggers", TriggerStateSerializer.INSTANCE));
    }

    /** The matches the current key's book completes. */
    List<Signal> match(BookTop book) throws java.io.IOException {
        ImbalanceTriggers.State matching = state.value();
        if (matching == null) {
            matching = new ImbalanceTriggers.State();
        }
        List<Signal> matches = triggers.onBook(book, matching);
        state.update(matching);
        return matches;
    }
}
