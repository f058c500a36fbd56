package io.orderflow.job.trading;

import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.strategy.Signal;
import io.orderflow.execution.strategy.Strategy;
import io.orderflow.execution.state.TradingState;
import io.orderflow.job.records.PnlMark;
import io.orderflow.job.records.PositionChange;
import io.orderflow.job.records.RiskDecision;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.model.execution.Fill;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by instrument: one single-instrument strategy → risk gate → paper execution on every in-sync book update
 * ({@link DecisionStep}), and the instrument's signals (pattern matches) handed to the strategy as they arrive.
 * The three are plain Java behind their interfaces; this function holds their state ({@link TradingState}).
 */
public final class TradingFunction extends KeyedCoProcessFunction<String, BookTop, Signal, OrderUpdate> {
    private static final long serialVersionUID = 1L;

    /** Main output: order state transitions. */
    public static final TypeInformation<OrderUpdate> ORDER_UPDATES = DecisionStep.ORDER_UPDATES;
    public static final OutputTag<Fill> FILLS = DecisionStep.FILLS;
    public static final OutputTag<RiskDecision> DECISIONS = DecisionStep.DECISIONS;
    public static final OutputTag<PositionChange> POSITIONS = DecisionStep.POSITIONS;
    public static final OutputTag<PnlMark> PNL = DecisionStep.PNL;

    private final Strategy strategy;
    private final DecisionStep step;
    private final PaperRouter paper;
    private final boolean ordered;
    private transient ValueState<TradingState> state;
    private transient OrderedInputs held;

    /**
     * @param pnlIntervalMs PnL is marked on the first book of each such period of event time
     * @param ordered books and signals wait for event time to pass them ({@link OrderedInputs}), or are handled
     *     on arrival
     */
    public TradingFunction(Strategy strategy, RiskGate risk, PaperExchange exchange, long pnlIntervalMs,
            boolean ordered) {
        this.strategy = strategy;
        this.step = new DecisionStep(strategy.name(), risk, pnlIntervalMs);
        this.paper = new PaperRouter(exchange);
        this.ordered = ordered;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("trading", TradingStateSerializer.TYPE_INFO));
        step.open(getRuntimeContext());
        if (ordered) {
            held = new OrderedInputs();
            held.open(getRuntimeContext());
        }
    }

    @Override
    public void processElement1(BookTop book, Context ctx, Collector<OrderUpdate> out) throws Exception {
        if (!ordered || !held.hold(book, ctx.timerService())) {
            onBook(book, out, ctx::output);
        }
    }

    @Override
    public void processElement2(Signal signal, Context ctx, Collector<OrderUpdate> out) throws Exception {
        if (!ordered || !held.hold(signal, ctx.timerService())) {
            onSignal(signal);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderUpdate> out) throws Exception {
        held.release(timestamp, book -> onBook(book, out, ctx::output), this::onSignal);
    }

    private void onBook(BookTop book, Collector<OrderUpdate> out, DecisionStep.SideOutput side) throws Exception {
        TradingState s = current();
        step.onBook(book, s, () -> strategy.cancels(book, s), () -> strategy.onBook(book, s), paper, out, side);
        state.update(s);
    }

    private void onSignal(Signal signal) throws Exception {
        TradingState s = current();
        strategy.onSignal(signal, s);
        state.update(s);
    }

    private TradingState current() throws Exception {
        TradingState current = state.value();
        return current != null ? current : new TradingState();
    }
}
