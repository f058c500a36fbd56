package io.orderflow.job.trading;

import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.state.PairLegs;
import io.orderflow.execution.strategy.PairMeanReversionStrategy;
import io.orderflow.execution.state.PairState;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.state.TradingState;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.OrderUpdate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by venue: the pair strategy over the books of its two legs there. Each leg keeps its own position, PnL,
 * risk checks and paper orders ({@link PairState}); an order for a leg is decided, checked and filled on a book
 * of that leg, so it is always priced by its own book.
 */
public final class PairTradingFunction extends KeyedProcessFunction<String, BookTop, OrderUpdate> {
    private static final long serialVersionUID = 1L;

    private final PairMeanReversionStrategy strategy;
    private final Map<String, PairLegs> legsByVenue;
    private final DecisionStep step;
    private final PaperRouter paper;
    private final boolean ordered;
    private transient ValueState<PairState> state;
    private transient OrderedInputs held;

    /** @param ordered both legs' books wait for event time to pass them ({@link OrderedInputs}), or go on arrival */
    public PairTradingFunction(PairMeanReversionStrategy strategy, List<PairLegs> pairs, RiskGate risk,
            PaperExchange exchange, long pnlIntervalMs, boolean ordered) {
        this.ordered = ordered;
        this.strategy = strategy;
        this.legsByVenue = new java.util.HashMap<>();
        for (PairLegs p : pairs) {
            if (legsByVenue.put(p.venue(), p) != null) {
                throw new IllegalArgumentException("one pair trade per venue; " + p.venue() + " has two");
            }
        }
        this.step = new DecisionStep(strategy.name(), risk, pnlIntervalMs, null); // legs are sized as a pair
        this.paper = new PaperRouter(exchange);
    }

    /** Whether this book belongs to a leg of a configured pair (the job keeps only those). */
    public static boolean isLeg(List<PairLegs> pairs, BookTop book) {
        for (PairLegs p : pairs) {
            if (p.has(book.venue(), book.symbol())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("pair-trading", PairStateSerializer.TYPE_INFO));
        step.open(getRuntimeContext());
        if (ordered) {
            held = new OrderedInputs();
            held.open(getRuntimeContext());
        }
    }

    @Override
    public void processElement(BookTop book, Context ctx, Collector<OrderUpdate> out) throws Exception {
        if (!ordered || !held.hold(book, ctx.timerService())) {
            onBook(book, out, ctx::output);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderUpdate> out) throws Exception {
        held.release(timestamp, book -> onBook(book, out, ctx::output));
    }

    private void onBook(BookTop book, Collector<OrderUpdate> out, DecisionStep.SideOutput side) throws Exception {
        PairLegs legs = legsByVenue.get(book.venue());
        if (legs == null || !legs.has(book.venue(), book.symbol())) {
            return;
        }
        PairState current = state.value();
        PairState pair = current != null ? current : new PairState();
        TradingState leg = pair.leg(legs, book.symbol());
        step.onBook(book, 0, leg, List::of, () -> strategy.onBook(book, legs, pair), paper, out,
                side);
        state.update(pair);
    }
}
