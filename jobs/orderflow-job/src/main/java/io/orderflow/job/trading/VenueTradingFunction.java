package io.orderflow.job.trading;

import io.orderflow.execution.OrderFitting;
import io.orderflow.execution.RestingOrder;
import io.orderflow.execution.RiskGate;
import io.orderflow.execution.Signal;
import io.orderflow.execution.Strategy;
import io.orderflow.execution.TradingState;
import io.orderflow.job.iceberg.Rows;
import io.orderflow.model.BookTop;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.venue.trading.Backoff;
import io.orderflow.venue.trading.OrderEvent;
import io.orderflow.venue.trading.OrderEventFeed;
import io.orderflow.venue.trading.TokenBucket;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenueTrading;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Keyed by instrument, on a real venue: the strategy and the risk gate as on paper, but accepted orders go to the
 * venue and what the venue reports comes back into the same state, so the strategy and the risk gate see the
 * venue's fills and positions.
 *
 * <ul>
 *   <li>Orders leave from one thread per subtask, in order, within the venue's documented order rate; the
 *       REST call never blocks the task thread. The order is in the state (as sent, not yet acknowledged) before
 *       it leaves, so the risk gate counts it at once.</li>
 *   <li>The account's private stream, with REST polling while it is down ({@link OrderEventFeed}), reports order
 *       updates and fills. They wait in an inbox per instrument and are applied on the task thread, on the next
 *       book of that instrument or a processing-time tick (every 200 ms while orders are working): fills move
 *       the position once per fill id; final states close the working order.</li>
 *   <li>After a restore, orders that were sent but not acknowledged are sent again: the client id comes from
 *       the decision, so the venue refuses a duplicate and reports the order as it stands. A catch-up poll reports
 *       what happened to acknowledged orders (and which fills came) while the job was down.</li>
 * </ul>
 */
public final class VenueTradingFunction extends KeyedCoProcessFunction<String, BookTop, Signal, RowData> {
    private static final long serialVersionUID = 1L;
    private static final long TICK_MS = 200;

    private final Strategy strategy;
    private final RiskGate risk;
    private final VenueConnection connection;
    private final Duration pollInterval;
    private final long restingTtlMs;
    private final long pnlIntervalMs;
    private transient ValueState<TradingState> state;
    private transient VenueTrading trading;
    private transient OrderEventFeed feed;
    private transient ExecutorService calls;
    private transient TokenBucket rate;
    private transient Map<String, Queue<Object>> inbox;
    private transient Map<String, String> instrumentOf; // client order id -> instrument key, for routing events
    private transient java.util.Set<String> adopted;
    private transient Map<String, VenueOrder> closing; // final on the venue, some of its fills not yet here
    private transient java.util.Set<String> cancelling;
    private transient io.orderflow.job.metrics.TradingMetrics metrics;

    /**
     * @param restingTtlMs a working order older than this (event time) is cancelled, as the paper exchange
     *     expires its resting orders; {@code Long.MAX_VALUE} for strategies that cancel their own
     */
    public VenueTradingFunction(Strategy strategy, RiskGate risk, VenueConnection connection, Duration pollInterval,
            long restingTtlMs, long pnlIntervalMs) {
        this.strategy = strategy;
        this.risk = risk;
        this.connection = connection;
        this.pollInterval = pollInterval;
        this.restingTtlMs = restingTtlMs;
        this.pnlIntervalMs = pnlIntervalMs;
    }

    /** The venue's answer to a placement. */
    private record Placed(OrderIntent intent, VenueOrder order) {}

    @Override
    public void open(OpenContext openContext) {
        if (connection.instruments().isEmpty()) {
            throw new IllegalStateException("no instrument rules for " + connection.venue() + ": build the connection "
                    + "withInstruments(symbols, cache) before the job, so orders fit the venue's tick and lot");
        }
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("trading", TradingStateSerializer.TYPE_INFO));
        inbox = new ConcurrentHashMap<>();
        instrumentOf = new ConcurrentHashMap<>();
        adopted = ConcurrentHashMap.newKeySet();
        closing = new java.util.HashMap<>();
        cancelling = ConcurrentHashMap.newKeySet();
        metrics = new io.orderflow.job.metrics.TradingMetrics(getRuntimeContext(), strategy.name());
        trading = connection.open();
        rate = TokenBucket.forVenue(connection.venue(), System.currentTimeMillis());
        calls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "orders-" + connection.venue());
            t.setDaemon(true);
            return t;
        });
        // fills of the last day are looked at once after a restart; fill ids already applied are skipped
        feed = new OrderEventFeed(trading, trading.privateStream(connection.webSocketBase()), pollInterval,
                System.currentTimeMillis() - Duration.ofDays(1).toMillis(), this::received);
        feed.start();
    }

    /** From the feed's threads: route to the instrument whose order it is (orders this subtask placed only). */
    private void received(OrderEvent e) {
        String id = e.order() != null ? e.order().clientOrderId() : e.fill().clientOrderId();
        String key = id == null ? null : instrumentOf.get(id);
        if (key != null) {
            inbox.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(e);
        }
    }

    @Override
    public void processElement1(BookTop book, Context ctx, Collector<RowData> out) throws Exception {
        TradingState s = current();
        adopt(ctx.getCurrentKey(), s);
        apply(ctx.getCurrentKey(), s, out, ctx);
        if (book.twoSided()) {
            TradingStep.markPnl(strategy.name(), pnlIntervalMs, book, s, ctx::output);
        }
        long now = book.exchangeTimeMs();
        for (RestingOrder r : s.openOrders()) {
            if (r.venueOrderId() != null && now - r.placedAtMs() >= restingTtlMs) {
                cancel(r);
            }
        }
        for (Strategy.Cancel c : strategy.cancels(book, s)) {
            RestingOrder r = s.openOrder(c.clientOrderId());
            if (r != null) {
                cancel(r);
            }
        }
        for (OrderIntent decided : strategy.onBook(book, s)) {
            // the venue's rules first (tick, lot, minimums), so the risk gate judges the order that would leave
            OrderFitting.Fitted fitted = OrderFitting.fit(decided, connection.instruments().get(decided.symbol()),
                    book);
            OrderIntent intent = fitted.intent();
            RiskGate.Rejection rejection = fitted.rejection() != null ? fitted.rejection() : risk.check(intent, s, book);
            ctx.output(TradingStep.INTENTS, Rows.intent(intent, rejection, Double.NaN));
            if (rejection != null) {
                metrics.rejected();
                ctx.output(TradingStep.REJECTIONS, Rows.rejection(intent, rejection));
                out.collect(Rows.order(update(intent, 0, OrderStatus.REJECTED, "risk: " + rejection.reason(), now)));
            } else {
                s.openOrders().add(RestingOrder.sent(intent, now));
                metrics.orderSent(book);
                send(ctx.getCurrentKey(), intent);
            }
        }
        state.update(s);
        tick(ctx, s);
    }

    @Override
    public void processElement2(Signal signal, Context ctx, Collector<RowData> out) throws Exception {
        TradingState s = current();
        strategy.onSignal(signal, s);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
        TradingState s = current();
        adopt(ctx.getCurrentKey(), s);
        apply(ctx.getCurrentKey(), s, out, ctx);
        state.update(s);
        tick(ctx, s);
    }

    /** Keeps a processing-time tick going while orders are working, so reports are applied without books. */
    private void tick(Context ctx, TradingState s) {
        if (!s.openOrders().isEmpty()) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer((now / TICK_MS + 1) * TICK_MS);
        }
    }

    /** Asks the venue to cancel, once per order; its answer comes back like any order update. */
    private void cancel(RestingOrder r) {
        String id = r.intent().clientOrderId();
        if (!cancelling.add(id)) {
            return;
        }
        calls.execute(() -> {
            VenueOrder o = trading.cancel(r.intent().symbol(), id);
            received(new OrderEvent(r.intent().symbol(), o, null, System.currentTimeMillis(), "cancel"));
        });
    }

    private void send(String key, OrderIntent intent) {
        instrumentOf.put(intent.clientOrderId(), key);
        feed.track(intent.symbol(), intent.clientOrderId());
        calls.execute(() -> {
            for (long wait = rate.waitMs(System.currentTimeMillis()); wait > 0;
                    wait = rate.waitMs(System.currentTimeMillis())) {
                Backoff.pause(wait);
            }
            rate.tryTake(System.currentTimeMillis());
            VenueOrder o;
            try {
                o = trading.place(intent);
            } catch (RuntimeException e) {
                o = VenueOrder.unknown(intent.clientOrderId(), "execution failed: " + e.getClass().getSimpleName());
            }
            inbox.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(new Placed(intent, o));
        });
    }

    /**
     * The first time this subtask sees an instrument (after a start or a restore): follow its working orders, send
     * again the ones never acknowledged, and ask the venue what happened meanwhile.
     */
    private void adopt(String key, TradingState s) {
        if (!adopted.add(key) || s.openOrders().isEmpty()) {
            return;
        }
        for (RestingOrder r : s.openOrders()) {
            if (r.venueOrderId() == null) {
                send(key, r.intent()); // a duplicate-id refusal reports the order as it stands
            } else {
                instrumentOf.put(r.intent().clientOrderId(), key);
                feed.track(r.intent().symbol(), r.intent().clientOrderId());
            }
        }
        feed.catchUp();
    }

    /** Applies what the venue said about this instrument's orders, in arrival order. */
    private void apply(String key, TradingState s, Collector<RowData> out, Context ctx) {
        Queue<Object> q = inbox.get(key);
        if (q == null) {
            return;
        }
        for (Object item = q.poll(); item != null; item = q.poll()) {
            if (item instanceof Placed p) {
                placed(p, s, out);
            } else {
                OrderEvent e = (OrderEvent) item;
                if (e.fill() != null) {
                    filled(e.fill(), s, out, ctx);
                }
                if (e.order() != null) {
                    changed(e.order(), s, out);
                }
            }
        }
    }

    private void placed(Placed p, TradingState s, Collector<RowData> out) {
        RestingOrder r = s.openOrder(p.intent().clientOrderId());
        VenueOrder o = p.order();
        long now = System.currentTimeMillis();
        if (o.status() == OrderStatus.REJECTED) {
            if (r != null) {
                s.openOrders().remove(r);
            }
            out.collect(Rows.order(update(p.intent(), 0, OrderStatus.REJECTED, o.reason(), now)));
        } else if (o.status() == OrderStatus.UNKNOWN) {
            // stays "sent": the feed's queries by client id (and a resend after a restore) settle it
            out.collect(Rows.order(update(p.intent(), 0, OrderStatus.UNKNOWN, o.reason(), now)));
        } else {
            changed(o, s, out);
        }
    }

    /** The first word from the venue that it has the order: an ACKED row, once. */
    private RestingOrder acknowledge(RestingOrder r, VenueOrder o, TradingState s, Collector<RowData> out) {
        if (r.venueOrderId() != null || o.venueOrderId() == null) {
            return r;
        }
        RestingOrder acked = r.acknowledged(o.venueOrderId());
        s.replaceOpenOrder(acked);
        out.collect(Rows.order(update(r.intent(), r.filled(), OrderStatus.ACKED, "venue order " + o.venueOrderId(),
                System.currentTimeMillis())));
        return acked;
    }

    private void filled(VenueFill f, TradingState s, Collector<RowData> out, Context ctx) {
        RestingOrder r = s.openOrder(f.clientOrderId());
        if (r == null || !s.firstVenueFill(f.fillId())) {
            return; // not a working order of this strategy here, or already applied
        }
        long fee = f.fee() == null ? 0 : f.fee();
        s.ledger().applyFill(f.side(), f.price(), f.quantity(), fee);
        s.nextFillNumber();
        RestingOrder updated = r.withFilled(Math.min(r.intent().quantity(), r.filled() + f.quantity()));
        s.replaceOpenOrder(updated);
        OrderIntent i = r.intent();
        ctx.output(TradingStep.FILLS, Rows.fill(new Fill(f.fillId(), i.clientOrderId(), i.strategy(), i.venue(),
                i.symbol(), f.side(), f.price(), f.quantity(), fee, f.maker(), f.timeMs(), i.decisionMidPrice())));
        ctx.output(TradingStep.POSITIONS, Rows.position(i.venue(), i.symbol(), i.strategy(), f.timeMs(), f.fillId(),
                s.ledger(), f.price()));
        VenueOrder done = closing.get(i.clientOrderId());
        if (done != null && updated.filled() >= done.filledQuantity()) {
            closing.remove(i.clientOrderId());
            close(updated, done, s, out);
        }
    }

    private void close(RestingOrder r, VenueOrder o, TradingState s, Collector<RowData> out) {
        s.openOrders().remove(r);
        out.collect(Rows.order(update(r.intent(), o.filledQuantity(), o.status(), o.reason(),
                System.currentTimeMillis())));
    }

    private void changed(VenueOrder o, TradingState s, Collector<RowData> out) {
        RestingOrder r = s.openOrder(o.clientOrderId());
        if (r == null) {
            return;
        }
        r = acknowledge(r, o, s, out);
        boolean done = o.status() == OrderStatus.FILLED || o.status() == OrderStatus.CANCELLED
                || o.status() == OrderStatus.EXPIRED || o.status() == OrderStatus.REJECTED;
        if (done && r.filled() < o.filledQuantity()) {
            closing.put(o.clientOrderId(), o); // the fills that got it there are on their way: close after them
        } else if (done) {
            close(r, o, s, out);
        } else if (o.status() == OrderStatus.PARTIALLY_FILLED) {
            out.collect(Rows.order(update(r.intent(), o.filledQuantity(), o.status(), o.reason(),
                    System.currentTimeMillis())));
        }
    }

    private static OrderUpdate update(OrderIntent i, long filled, OrderStatus status, String reason, long nowMs) {
        return new OrderUpdate(i.clientOrderId(), i.strategy(), i.venue(), i.symbol(), i.side(), i.type(), i.price(),
                i.quantity(), filled, status, reason == null ? status.name() : reason, nowMs);
    }

    private TradingState current() throws Exception {
        TradingState current = state.value();
        return current != null ? current : new TradingState();
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        if (calls != null) {
            calls.shutdownNow();
        }
        if (trading != null) {
            trading.close();
        }
    }
}
