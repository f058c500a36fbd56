package io.orderflow.job.trading;

import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.risk.OrderFitting;
import io.orderflow.execution.schedule.ExecutionSchedule;
import io.orderflow.execution.state.ParentOrder;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.strategy.Strategy;
import io.orderflow.execution.state.TradingState;
import io.orderflow.job.records.PnlMark;
import io.orderflow.job.records.PositionChange;
import io.orderflow.job.records.RiskDecision;
import io.orderflow.job.records.ScheduledSlice;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderUpdate;
import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * What every trading operator does with one in-sync book of one instrument, in this order: mark the PnL once a
 * minute, let the router see its working orders against the book (the paper exchange matches and expires them, a
 * venue's past their time to live are cancelled), apply the strategy's cancels, then fit each new intent to where
 * it goes, check it against the risk gate and route the ones that pass. With a schedule ({@code --schedule ac}),
 * an entry above its size becomes a parent order: its children go on the Almgren–Chriss trajectory, each through
 * the same fit, risk gate and router, and the strategy waits until the last has gone. The paper and the venue
 * operators share it, with their own {@link OrderRouter}. Order state transitions go to the main output, everything else to the
 * side outputs below. Event time (the venue's clock) stamps every decision, so a replay produces the same rows.
 */
final class DecisionStep implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The main output of every trading operator: order state transitions. */
    static final TypeInformation<OrderUpdate> ORDER_UPDATES = ImmutableRecordTypeInfo.forRecord(OrderUpdate.class);
    static final OutputTag<Fill> FILLS = new OutputTag<>("fills", ImmutableRecordTypeInfo.forRecord(Fill.class));
    /** Every intent with the risk gate's verdict (the rejected ones are also rejections). */
    static final OutputTag<RiskDecision> DECISIONS =
            new OutputTag<>("risk-decisions", ImmutableRecordTypeInfo.forRecord(RiskDecision.class));
    static final OutputTag<PositionChange> POSITIONS =
            new OutputTag<>("positions", ImmutableRecordTypeInfo.forRecord(PositionChange.class));
    static final OutputTag<PnlMark> PNL = new OutputTag<>("pnl", ImmutableRecordTypeInfo.forRecord(PnlMark.class));
    /** The children of every parent order worked on a schedule, as planned. */
    static final OutputTag<ScheduledSlice> SCHEDULES =
            new OutputTag<>("execution-schedule", ImmutableRecordTypeInfo.forRecord(ScheduledSlice.class));

    /** Where side outputs go: a process function's {@code ctx::output}. */
    @FunctionalInterface
    interface SideOutput {
        <X> void output(OutputTag<X> tag, X value);
    }

    private final String strategyName;
    private final RiskGate risk;
    private final long pnlIntervalMs;
    /** Entries above a size worked on the Almgren–Chriss schedule; null: every order goes as decided. */
    private final ExecutionSchedule schedule;
    /** Registered by {@link #open}; null where the step runs without Flink (DecisionPathBenchmark). */
    private transient io.orderflow.job.metrics.TradingMetrics metrics;

    DecisionStep(String strategyName, RiskGate risk, long pnlIntervalMs, ExecutionSchedule schedule) {
        this.strategyName = strategyName;
        this.risk = risk;
        this.pnlIntervalMs = pnlIntervalMs;
        this.schedule = schedule;
    }

    /** Registers the metrics; before the first book. */
    void open(org.apache.flink.api.common.functions.RuntimeContext context) {
        metrics = new io.orderflow.job.metrics.TradingMetrics(context, strategyName);
    }

    /**
     * A book reached the trading operator: once per book, however many strategies it hosts.
     *
     * @return its arrival time for {@link #onBook} (0 outside a benchmark's timed run)
     */
    long bookArrived(BookTop book) {
        return metrics == null ? 0 : metrics.bookArrived(book);
    }

    /** @param arrivedAtNanos the book's arrival ({@link #bookArrived}), or 0 */
    void onBook(BookTop book, long arrivedAtNanos, TradingState s, Supplier<List<Strategy.Cancel>> cancels,
            Supplier<List<OrderIntent>> decide, OrderRouter router, Collector<OrderUpdate> out, SideOutput side) {
        long mid = book.twoSided() ? (book.bestBid() + book.bestAsk()) / 2 : 0;
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onOrderUpdate(OrderUpdate update) {
                out.collect(update);
            }

            @Override
            public void onFill(Fill fill) {
                side.output(FILLS, fill);
                side.output(POSITIONS, PositionChange.of(fill.venue(), fill.symbol(), fill.strategy(),
                        fill.eventTimeMs(), fill.fillId(), s.ledger(), mid));
            }
        };
        long now = book.exchangeTimeMs();
        if (book.twoSided()) {
            markPnl(strategyName, pnlIntervalMs, book, s, side);
        }
        router.onBook(book, s, now, listener);
        if (s.parent() != null) {
            // the strategy waits while its parent order is worked: its children go when due, and nothing else
            workParent(book, arrivedAtNanos, s, router, listener, side);
            return;
        }
        // indexed, not for-each: a strategy answers most books with an empty list, and its iterator was a third of
        // the trading path's allocation per book (JFR, BENCHMARKS.md)
        List<Strategy.Cancel> cancelled = cancels.get();
        for (int i = 0; i < cancelled.size(); i++) {
            Strategy.Cancel c = cancelled.get(i);
            router.cancel(c.clientOrderId(), c.reason(), s, now, listener);
        }
        List<OrderIntent> decisions = decide.get();
        for (int i = 0; i < decisions.size(); i++) {
            OrderIntent decided = decisions.get(i);
            ExecutionSchedule.Planned planned = schedule == null ? null : schedule.plan(decided, book);
            if (planned != null) {
                for (ScheduledSlice slice : ScheduledSlice.of(planned)) {
                    side.output(SCHEDULES, slice);
                }
                s.parent(planned.parent());
                workParent(book, arrivedAtNanos, s, router, listener, side);
                return; // one parent at a time: the strategy decides again once it is done
            }
            send(decided, book, arrivedAtNanos, s, router, listener, side);
        }
    }

    /** Sends the children of the working parent that are due on this book; the parent is done after the last. */
    private void workParent(BookTop book, long arrivedAtNanos, TradingState s, OrderRouter router,
            ExecutionListener listener, SideOutput side) {
        ParentOrder p = s.parent();
        while (!p.done() && book.exchangeTimeMs() >= p.dueAt(p.next())) {
            if (p.children()[p.next()] > 0 && book.twoSided()) {
                send(ExecutionSchedule.child(p, p.next(), book), book, arrivedAtNanos, s, router, listener, side);
            }
            p = p.sent();
        }
        s.parent(p.done() ? null : p);
    }

    private void send(OrderIntent decided, BookTop book, long arrivedAtNanos, TradingState s, OrderRouter router,
            ExecutionListener listener, SideOutput side) {
        long now = book.exchangeTimeMs();
        // where it goes first (a venue's tick, lot, minimums), so the risk gate judges the order that would leave
        OrderFitting.Fitted fitted = router.fit(decided, book);
        OrderIntent intent = fitted.intent();
        RiskGate.Rejection rejection = fitted.rejection() != null ? fitted.rejection() : risk.check(intent, s, book);
        side.output(DECISIONS, new RiskDecision(intent, rejection, router.predictMakerShare(intent, book, s)));
        if (rejection != null) {
            if (metrics != null) {
                metrics.rejected();
            }
            listener.onOrderUpdate(new OrderUpdate(intent.clientOrderId(), intent.strategy(), intent.venue(),
                    intent.symbol(), intent.side(), intent.type(), intent.price(), intent.quantity(), 0,
                    OrderStatus.REJECTED, "risk: " + rejection.reason(), now));
        } else {
            if (metrics != null) {
                metrics.orderSent(book, arrivedAtNanos);
            }
            router.submit(intent, book, s, now, listener);
        }
    }

    /**
     * On the first book of each period of event time ({@code intervalMs}, a minute by default), for an instrument
     * that has traded: the PnL marked to the mid.
     */
    static void markPnl(String strategyName, long intervalMs, BookTop book, TradingState s,
            SideOutput side) {
        long mid = (book.bestBid() + book.bestAsk()) / 2;
        long minute = Math.floorDiv(book.exchangeTimeMs(), intervalMs);
        if (minute == s.lastPnlMinute()) {
            return;
        }
        s.recordPnlMinute(minute);
        s.ledger().mark(book.exchangeTimeMs(), mid);
        if (s.fillCount() > 0) {
            side.output(PNL, PnlMark.of(book.venue(), book.symbol(), strategyName, book.exchangeTimeMs(), s.ledger(),
                    mid));
        }
    }
}
