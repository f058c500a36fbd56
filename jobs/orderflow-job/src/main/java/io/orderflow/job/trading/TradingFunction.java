package io.orderflow.job.trading;

import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.state.TradingState;
import io.orderflow.execution.strategy.ImbalanceTriggers;
import io.orderflow.execution.strategy.Signal;
import io.orderflow.execution.strategy.Strategy;
import io.orderflow.job.records.PnlMark;
import io.orderflow.job.records.PositionChange;
import io.orderflow.job.records.RiskDecision;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderUpdate;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by instrument, every single-instrument strategy on the paper exchange in one operator with one input, the
 * books, so it chains into the order book's task: a book that triggers a decision reaches its strategy by a method
 * call, not a hand-over between tasks. On each book, in this order: the imbalance triggers match on it ({@link
 * ImbalanceTriggers}: what the strategies used to receive from CEP operators of their own), each strategy is
 * handed the matches, then its {@link DecisionStep} (PnL mark, paper matching, cancels, strategy, risk gate,
 * paper execution) runs. Each strategy keeps its own state under its own name, behind its own risk gate.
 *
 * <p>With one input, what a strategy sees depends on the instrument's books alone, in the order the book operator
 * emits them, so a replay decides the same orders however the job's tasks interleave, with no wait for the
 * watermark.
 */
public final class TradingFunction extends KeyedProcessFunction<String, BookTop, OrderUpdate> {
    private static final long serialVersionUID = 1L;

    /** Main output: order state transitions. */
    public static final TypeInformation<OrderUpdate> ORDER_UPDATES = DecisionStep.ORDER_UPDATES;
    public static final OutputTag<Fill> FILLS = DecisionStep.FILLS;
    public static final OutputTag<RiskDecision> DECISIONS = DecisionStep.DECISIONS;
    public static final OutputTag<PositionChange> POSITIONS = DecisionStep.POSITIONS;
    public static final OutputTag<PnlMark> PNL = DecisionStep.PNL;
    public static final OutputTag<io.orderflow.job.records.ScheduledSlice> SCHEDULES = DecisionStep.SCHEDULES;

    /**
     * One strategy as this operator runs it.
     *
     * @param stateName its keyed state's name; never change one that has shipped
     */
    public record Desk(String stateName, Strategy strategy, RiskGate risk, PaperExchange exchange)
            implements Serializable {}

    private final String[] stateNames;
    private final Strategy[] strategies;
    private final DecisionStep[] steps;
    private final PaperRouter[] routers;
    private final BookTriggers triggers;
    private transient ValueState<TradingState>[] states;

    /** @param pnlIntervalMs PnL is marked on the first book of each such period of event time */
    public TradingFunction(List<Desk> desks, ImbalanceTriggers triggers, long pnlIntervalMs) {
        this(desks, triggers, pnlIntervalMs, null);
    }

    /** @param schedule entries above a size worked on the Almgren–Chriss schedule; null: every order as decided */
    public TradingFunction(List<Desk> desks, ImbalanceTriggers triggers, long pnlIntervalMs,
            io.orderflow.execution.schedule.ExecutionSchedule schedule) {
        if (desks.isEmpty()) {
            throw new IllegalArgumentException("the trading operator needs at least one strategy");
        }
        if (desks.stream().map(Desk::stateName).distinct().count() != desks.size()) {
            throw new IllegalArgumentException("every strategy needs a state name of its own, got "
                    + desks.stream().map(Desk::stateName).toList());
        }
        int n = desks.size();
        stateNames = new String[n];
        strategies = new Strategy[n];
        steps = new DecisionStep[n];
        routers = new PaperRouter[n];
        for (int i = 0; i < n; i++) {
            Desk d = desks.get(i);
            stateNames[i] = d.stateName();
            strategies[i] = d.strategy();
            steps[i] = new DecisionStep(d.strategy().name(), d.risk(), pnlIntervalMs, schedule);
            routers[i] = new PaperRouter(d.exchange());
        }
        this.triggers = new BookTriggers(triggers);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(OpenContext openContext) {
        states = new ValueState[strategies.length];
        for (int i = 0; i < strategies.length; i++) {
            states[i] = getRuntimeContext().getState(
                    new ValueStateDescriptor<>(stateNames[i], TradingStateSerializer.TYPE_INFO));
            steps[i].open(getRuntimeContext());
        }
        triggers.open(getRuntimeContext());
    }

    @Override
    public void processElement(BookTop book, Context ctx, Collector<OrderUpdate> out) throws Exception {
        long arrivedAtNanos = steps[0].bookArrived(book);
        List<Signal> signals = triggers.match(book);
        for (int i = 0; i < strategies.length; i++) {
            Strategy strategy = strategies[i];
            TradingState s = states[i].value();
            TradingState current = s != null ? s : new TradingState();
            for (Signal signal : signals) {
                strategy.onSignal(signal, current);
            }
            steps[i].onBook(book, arrivedAtNanos, current, () -> strategy.cancels(book, current),
                    () -> strategy.onBook(book, current), routers[i], out, ctx::output);
            states[i].update(current);
        }
    }
}
