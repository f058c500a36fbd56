package io.orderflow.job.trading;

import io.orderflow.execution.paper.ExecutionListener;
import io.orderflow.execution.risk.OrderFitting;
import io.orderflow.execution.state.RestingOrder;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.strategy.ImbalanceTriggers;
import io.orderflow.execution.strategy.Signal;
import io.orderflow.execution.strategy.Strategy;
import io.orderflow.execution.state.TradingState;
import io.orderflow.job.records.PositionChange;
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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by instrument, on a real venue: the strategy and the risk gate as on paper, but accepted orders go to the
 * venue and what the venue reports comes back into the same state, so the strategy and the risk gate see the
 * venue's fills and positions.
 *
 * <ul>
 *   <li>Orders leave from one thread per subtask, in order, within the venue's documented order rate, counted
 *       once per account for every strategy and subtask in this JVM (one bucket per venue, REST base and key); the
 *       REST call never blocks the task thread. The order is in the state (as sent, not yet acknowledged) before
 *       it leaves, so the risk gate counts it at once.</li>
 *   <li>The account's private stream, with REST polling while it is down ({@link OrderEventFeed}), reports order
 *       updates and fills. They wait in an inbox per instrument and are applied on the task thread, on the next
 *       book of that instrument or a processing-time tick (every 200 ms while orders are working): fills move
 *       the position once per fill id; final states close the working order.</li>
 *   <li>Place once, by design rather than by the venue's duplicate check (Binance refuses a repeated client id
 *       only while the first order is open, OKX lets a final order's clOrdId be used again): an order whose answer
 *       was lost, or that was sent but not acknowledged when the job last checkpointed, is looked up at the venue
 *       in every state it keeps ({@link VenueTrading#lookup}). Found: it is followed as the venue reports it.
 *       Provably never placed (its placement window has passed, counted from when this instance started, since
 *       the one that sent it is gone): sent again only while its decision is younger than
 *       {@code maxResendAge}, else recorded as not placed. Not yet settled: looked up again later. A restarted
 *       attempt looks up every new decision before sending it too: the inputs it replays since its checkpoint
 *       bring decisions the attempt before may already have placed.</li>
 *   <li>Fills are routed to their instrument by client id, or by the venue's order id when the report names only
 *       that (Binance's trade history, Kraken's fills); a fill that names an order not yet known waits until it
 *       is. Each fill moves the position once per (instrument, fill id), also when it comes after its order was
 *       closed.</li>
 * </ul>
 */
public final class VenueTradingFunction extends KeyedProcessFunction<String, BookTop, OrderUpdate> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VenueTradingFunction.class);
    private static final long TICK_MS = 200;

    private final Strategy strategy;
    private final BookTriggers triggers;
    private final DecisionStep step;
    private final VenueConnection connection;
    private final Duration pollInterval;
    private final long restingTtlMs;
    private final long maxResendAgeMs;
    private final boolean sharedAccount;
    private transient ValueState<TradingState> state;
    private transient VenueTrading trading;
    private transient OrderEventFeed feed;
    private transient ExecutorService calls;
    private transient TokenBucket rate;
    /**
     * The order-rate buckets of the accounts traded from this JVM: the venues limit an account, not a strategy.
     * (Subtasks on other TaskManagers keep their own; the venues' 429 backoff covers what that leaves.)
     */
    private static final Map<String, TokenBucket> ACCOUNT_RATES = new ConcurrentHashMap<>();
    private transient Map<String, Queue<Object>> inbox;
    private transient Map<String, String> instrumentOf; // client order id -> instrument key, for routing events
    private transient Map<String, String> instrumentOfVenueId; // venue order id -> instrument key
    private transient Map<String, Queue<OrderEvent>> waiting; // fills naming a venue order id not yet known
    private transient Map<String, OrderIntent> closedRecently; // client id -> intent of orders closed here
    private transient java.util.concurrent.ScheduledExecutorService settler;
    private transient long openedAtMs;
    private transient boolean restarted;
    private transient java.util.Set<String> adopted;
    private transient Map<String, VenueOrder> closing; // final on the venue, some of its fills not yet here
    private transient java.util.Set<String> cancelling;

    /**
     * Decisions older than this are not sent again after their first send provably never reached the venue: longer
     * than every venue's placement window plus the lookup margin (Kraken's 10 s + 1.5 s), short enough that a
     * decision is still about the market it saw.
     */
    public static final Duration DEFAULT_MAX_RESEND_AGE = Duration.ofSeconds(15);

    /**
     * The dead man's switch's timeout: the venue cancels the account's open orders when the job has not renewed it
     * for this long (OKX allows 10 to 120 s).
     */
    public static final Duration CANCEL_ALL_AFTER = Duration.ofSeconds(60);

    /**
     * @param triggers the imbalance patterns the strategy may act on, matched on the books it decides on
     * @param restingTtlMs a working order older than this (event time) is cancelled, as the paper exchange
     *     expires its resting orders; {@code Long.MAX_VALUE} for strategies that cancel their own
     * @param maxResendAge an order never placed is sent again only while its decision is younger than this
     * @param sharedAccount other strategies trade the same account: the venue nets their orders into one position,
     *     so its reduce-only check would judge a strategy's exit by the others' positions and refuse it; exits are
     *     then sent as plain orders (each strategy's own position still bounds them, through its risk gate)
     */
    public VenueTradingFunction(Strategy strategy, ImbalanceTriggers triggers, RiskGate risk,
            VenueConnection connection, Duration pollInterval, long restingTtlMs, long pnlIntervalMs,
            Duration maxResendAge, boolean sharedAccount, io.orderflow.execution.schedule.ExecutionSchedule schedule) {
        this.strategy = strategy;
        this.triggers = new BookTriggers(triggers);
        this.step = new DecisionStep(strategy.name(), risk, pnlIntervalMs, schedule);
        this.connection = connection;
        this.pollInterval = pollInterval;
        this.restingTtlMs = restingTtlMs;
        this.maxResendAgeMs = maxResendAge.toMillis();
        this.sharedAccount = sharedAccount;
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
        triggers.open(getRuntimeContext());
        openedAtMs = System.currentTimeMillis();
        restarted = getRuntimeContext().getTaskInfo().getAttemptNumber() > 0;
        inbox = new ConcurrentHashMap<>();
        instrumentOf = new ConcurrentHashMap<>();
        instrumentOfVenueId = new ConcurrentHashMap<>();
        waiting = new ConcurrentHashMap<>();
        closedRecently = new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OrderIntent> eldest) {
                return size() > 10_000;
            }
        };
        settler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "order-lookups-" + connection.venue());
            t.setDaemon(true);
            return t;
        });
        adopted = ConcurrentHashMap.newKeySet();
        closing = new java.util.HashMap<>();
        cancelling = ConcurrentHashMap.newKeySet();
        step.open(getRuntimeContext());
        trading = connection.open();
        String account = connection.venue() + "|" + connection.restBase() + "|" + connection.credentialPrefix();
        rate = ACCOUNT_RATES.computeIfAbsent(account,
                k -> io.orderflow.venue.Venues.trading(connection.venue()).newOrderRate(System.currentTimeMillis()));
        calls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "orders-" + connection.venue());
            t.setDaemon(true);
            return t;
        });
        // fills of the last day are looked at once after a restart; fill ids already applied are skipped
        feed = new OrderEventFeed(trading, trading.privateStream(connection.webSocketBase()), pollInterval,
                System.currentTimeMillis() - Duration.ofDays(1).toMillis(), this::received);
        feed.start();
        // the venue's dead man's switch: renewed every third of its timeout while this runs, so a job that dies
        // (or hangs) leaves no working orders behind once the timeout passes
        List<String> symbols = connection.instruments().all().stream().map(io.orderflow.model.Instrument::symbol)
                .toList();
        settler.scheduleWithFixedDelay(() -> {
            try {
                trading.cancelAllAfter(symbols, CANCEL_ALL_AFTER);
            } catch (RuntimeException e) {
                LOG.warn("{}: could not renew the dead man's switch ({}); trying again in {} s", connection.venue(),
                        e.getMessage(), CANCEL_ALL_AFTER.toSeconds() / 3);
            }
        }, 0, CANCEL_ALL_AFTER.toSeconds() / 3, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * From the feed's threads: route to the instrument whose order it is (orders this subtask placed only), by
     * client id or else by the venue's order id. A fill naming a venue order id not yet known waits for it (the
     * acknowledgement may be on its way); anything else unknown is another strategy's or another user's.
     */
    private void received(OrderEvent e) {
        VenueOrder o = e.order();
        VenueFill f = e.fill();
        String id = o != null ? o.clientOrderId() : f.clientOrderId();
        String venueId = o != null ? o.venueOrderId() : f.venueOrderId();
        String key = id != null ? instrumentOf.get(id) : null;
        if (key == null && venueId != null) {
            key = instrumentOfVenueId.get(venueId);
        }
        if (key != null) {
            inbox.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(e);
        } else if (f != null && id == null && venueId != null) {
            Queue<OrderEvent> q = waiting.computeIfAbsent(venueId, k -> new ConcurrentLinkedQueue<>());
            q.add(e);
            if (waiting.size() > 10_000) { // fills of orders that are not ours: forget the oldest
                waiting.keySet().stream().findFirst().ifPresent(waiting::remove);
            }
            String now = instrumentOfVenueId.get(venueId); // learned meanwhile
            if (now != null) {
                routeWaiting(venueId, now);
            }
        }
    }

    /** The venue's id for one of this subtask's orders is known: route it, and the fills that waited for it. */
    private void learned(String venueOrderId, String key) {
        if (venueOrderId != null && instrumentOfVenueId.put(venueOrderId, key) == null) {
            routeWaiting(venueOrderId, key);
        }
    }

    private void routeWaiting(String venueOrderId, String key) {
        Queue<OrderEvent> q = waiting.remove(venueOrderId);
        if (q != null) {
            inbox.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).addAll(q);
        }
    }

    @Override
    public void processElement(BookTop book, Context ctx, Collector<OrderUpdate> out) throws Exception {
        long arrivedAtNanos = step.bookArrived(book);
        String key = ctx.getCurrentKey();
        TradingState s = current(key);
        adopt(key, s);
        apply(key, s, out, ctx);
        for (Signal signal : triggers.match(book)) {
            strategy.onSignal(signal, s);
        }
        step.onBook(book, arrivedAtNanos, s, () -> strategy.cancels(book, s), () -> strategy.onBook(book, s), new VenueRouter(key),
                out, ctx::output);
        state.update(s);
        tick(ctx, s);
    }

    /** The decision step's orders to this venue account, for one instrument ({@code key}). */
    private final class VenueRouter implements OrderRouter {
        private final String key;

        VenueRouter(String key) {
            this.key = key;
        }

        @Override
        public void onBook(BookTop book, TradingState s, long nowMs, ExecutionListener listener) {
            if (book.twoSided()) {
                s.makerShare().observeMid(nowMs, (book.bestBid() + book.bestAsk()) / 2); // the models' volatility
            }
            s.fillProbability().expire(nowMs);
            for (RestingOrder r : s.openOrders()) {
                if (r.venueOrderId() != null && nowMs - r.placedAtMs() >= restingTtlMs) {
                    VenueTradingFunction.this.cancel(r);
                }
            }
        }

        @Override
        public void cancel(String clientOrderId, String reason, TradingState s, long nowMs,
                ExecutionListener listener) {
            RestingOrder r = s.openOrder(clientOrderId);
            if (r != null) {
                VenueTradingFunction.this.cancel(r);
            }
        }

        @Override
        public OrderFitting.Fitted fit(OrderIntent chosen, BookTop book) {
            OrderIntent decided = sharedAccount && chosen.reduceOnly() ? new OrderIntent(chosen.clientOrderId(),
                    chosen.strategy(), chosen.venue(), chosen.symbol(), chosen.side(), chosen.type(),
                    chosen.timeInForce(), chosen.price(), chosen.quantity(), chosen.decisionTimeMs(),
                    chosen.decisionReceivedAtNanos(), chosen.decisionMidPrice(), chosen.reason(), false) : chosen;
            return OrderFitting.fit(decided, connection.instruments().get(decided.symbol()), book);
        }

        @Override
        public Double predictMakerShare(OrderIntent intent, BookTop book, TradingState s) {
            return null; // the venue's queue is not modelled
        }

        @Override
        public void submit(OrderIntent intent, BookTop book, TradingState s, long nowMs,
                ExecutionListener listener) {
            s.openOrders().add(RestingOrder.sent(intent, nowMs));
            s.resting(intent, book, nowMs);
            if (restarted) {
                // a restarted attempt replays the inputs since its checkpoint, and with them decisions the
                // attempt before may have sent already: the venue is asked first (its duplicate check is no
                // guard once that order is final)
                instrumentOf.put(intent.clientOrderId(), key);
                feed.track(intent.symbol(), intent.clientOrderId());
                settle(key, intent, openedAtMs, true);
            } else {
                send(key, intent);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderUpdate> out) throws Exception {
        TradingState s = current(ctx.getCurrentKey());
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
            while (true) { // the bucket is the account's: every strategy's sending thread takes from it
                long wait;
                synchronized (rate) {
                    if (rate.tryTake(System.currentTimeMillis())) {
                        break;
                    }
                    wait = rate.waitMs(System.currentTimeMillis());
                }
                Backoff.pause(Math.max(1, wait));
            }
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
     * The first time this subtask sees an instrument (after a start or a restore): follow its working orders, look
     * up the ones never acknowledged (never resend blindly), and ask the venue what happened meanwhile.
     */
    private void adopt(String key, TradingState s) {
        if (!adopted.add(key) || s.openOrders().isEmpty()) {
            return;
        }
        for (RestingOrder r : s.openOrders()) {
            instrumentOf.put(r.intent().clientOrderId(), key);
            feed.track(r.intent().symbol(), r.intent().clientOrderId());
            if (r.venueOrderId() == null) {
                // the instance that sent it is gone, so it was sent before this one opened
                settle(key, r.intent(), openedAtMs, true);
            } else {
                learned(r.venueOrderId(), key);
            }
        }
        feed.catchUp();
    }

    /**
     * Finds out, off the task thread, whether the venue has an order whose answer never came: found, it is
     * reported like an answer; provably never placed, it is sent again if {@code mayResend} and its decision is
     * young enough, else reported as not placed; not settled yet, it is looked up again in a few seconds.
     */
    private void settle(String key, OrderIntent intent, long sentAtMs, boolean mayResend) {
        settler.execute(() -> {
            VenueOrder o;
            try {
                o = trading.reconcile(intent.symbol(), intent.clientOrderId(), sentAtMs, 2_000);
            } catch (RuntimeException e) {
                o = VenueOrder.unknown(intent.clientOrderId(), "lookup failed: " + e.getClass().getSimpleName());
            }
            if (o.status() == OrderStatus.UNKNOWN) {
                settler.schedule(() -> settle(key, intent, sentAtMs, mayResend), 5, java.util.concurrent.TimeUnit.SECONDS);
                return;
            }
            boolean found = o.venueOrderId() != null;
            long ageMs = System.currentTimeMillis() - intent.decisionTimeMs();
            if (!found && mayResend && ageMs <= maxResendAgeMs) {
                send(key, intent); // provably not at the venue: this is its first placement that counts
                return;
            }
            VenueOrder outcome = found ? o : VenueOrder.notFound(intent.clientOrderId(), o.reason()
                    + (mayResend ? "; not sent again: the decision is " + ageMs + " ms old (limit " + maxResendAgeMs
                    + " ms)" : ""));
            inbox.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(new Placed(intent, outcome));
        });
    }

    /** Applies what the venue said about this instrument's orders, in arrival order. */
    private void apply(String key, TradingState s, Collector<OrderUpdate> out, Context ctx) {
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

    private void placed(Placed p, TradingState s, Collector<OrderUpdate> out) {
        RestingOrder r = s.openOrder(p.intent().clientOrderId());
        VenueOrder o = p.order();
        long now = System.currentTimeMillis();
        if (o.status() == OrderStatus.REJECTED) {
            if (r != null) {
                s.openOrders().remove(r);
            }
            s.fillProbability().withdrawn(p.intent().clientOrderId());
            out.collect(update(p.intent(), 0, OrderStatus.REJECTED, o.reason(), now));
        } else if (o.status() == OrderStatus.UNKNOWN) {
            // stays "sent": looked up until the venue has it or provably never will; never resent blindly
            out.collect(update(p.intent(), 0, OrderStatus.UNKNOWN, o.reason(), now));
            settle(instrumentOf.get(p.intent().clientOrderId()), p.intent(), now, false);
        } else {
            changed(o, s, out);
        }
    }

    /** The first word from the venue that it has the order: an ACKED row, once. */
    private RestingOrder acknowledge(RestingOrder r, VenueOrder o, TradingState s, Collector<OrderUpdate> out) {
        if (r.venueOrderId() != null || o.venueOrderId() == null) {
            return r;
        }
        RestingOrder acked = r.acknowledged(o.venueOrderId());
        s.replaceOpenOrder(acked);
        learned(o.venueOrderId(), instrumentOf.get(r.intent().clientOrderId()));
        out.collect(update(r.intent(), r.filled(), OrderStatus.ACKED, "venue order " + o.venueOrderId(),
                System.currentTimeMillis()));
        return acked;
    }

    /**
     * A fill of one of this instrument's orders, found by client id or venue order id, applied once per fill id
     * (the state is per instrument, so fill ids need only be unique per symbol, as the venues number them). A fill
     * of an order closed meanwhile still moves the position: the venue's position is the truth.
     */
    private void filled(VenueFill f, TradingState s, Collector<OrderUpdate> out, Context ctx) {
        RestingOrder r = f.clientOrderId() != null ? s.openOrder(f.clientOrderId()) : null;
        if (r == null && f.venueOrderId() != null) {
            r = s.openOrders().stream().filter(o -> f.venueOrderId().equals(o.venueOrderId())).findFirst()
                    .orElse(null);
        }
        OrderIntent i = r != null ? r.intent() : f.clientOrderId() != null ? closedRecently.get(f.clientOrderId())
                : null;
        if (i == null || !s.firstVenueFill(f.fillId())) {
            return; // not an order of this strategy here, or already applied
        }
        long fee = f.fee() == null ? 0 : f.fee();
        s.fillProbability().filled(i.clientOrderId(), f.timeMs());
        s.ledger().applyFill(f.side(), f.price(), f.quantity(), fee);
        s.nextFillNumber();
        RestingOrder updated = r == null ? null : r.withFilled(Math.min(r.intent().quantity(), r.filled() + f.quantity()));
        if (updated != null) {
            s.replaceOpenOrder(updated);
        }
        ctx.output(DecisionStep.FILLS, new Fill(f.fillId(), i.clientOrderId(), i.strategy(), i.venue(),
                i.symbol(), f.side(), f.price(), f.quantity(), fee, f.maker(), f.timeMs(), i.decisionMidPrice()));
        ctx.output(DecisionStep.POSITIONS, PositionChange.of(i.venue(), i.symbol(), i.strategy(), f.timeMs(),
                f.fillId(), s.ledger(), f.price()));
        VenueOrder done = updated == null ? null : closing.get(i.clientOrderId());
        if (done != null && allFillsIn(updated, done)) {
            closing.remove(i.clientOrderId());
            close(updated, done, s, out);
        }
    }

    /**
     * Whether the fills booked so far add up to what the venue says the order filled. Within half a lot: the base
     * value of inverse contracts depends on each fill's price, so their sum can differ from the order's total by a
     * rounding unit, never by a whole lot.
     */
    private boolean allFillsIn(RestingOrder r, VenueOrder o) {
        io.orderflow.model.Instrument i = connection.instruments().get(r.intent().symbol());
        long price = r.intent().price() > 0 ? r.intent().price() : r.intent().decisionMidPrice();
        long tolerance = i == null || price <= 0 ? 0 : i.toBaseSize(i.lotSize(), price) / 2;
        return r.filled() + tolerance >= o.filledQuantity();
    }

    private void close(RestingOrder r, VenueOrder o, TradingState s, Collector<OrderUpdate> out) {
        closedRecently.put(r.intent().clientOrderId(), r.intent());
        s.openOrders().remove(r);
        s.fillProbability().withdrawn(r.intent().clientOrderId());
        out.collect(update(r.intent(), o.filledQuantity(), o.status(), o.reason(),
                System.currentTimeMillis()));
    }

    private void changed(VenueOrder o, TradingState s, Collector<OrderUpdate> out) {
        RestingOrder r = o.clientOrderId() != null ? s.openOrder(o.clientOrderId())
                : s.openOrders().stream().filter(x -> o.venueOrderId() != null
                        && o.venueOrderId().equals(x.venueOrderId())).findFirst().orElse(null);
        if (r == null) {
            return;
        }
        r = acknowledge(r, o, s, out);
        boolean done = o.status() == OrderStatus.FILLED || o.status() == OrderStatus.CANCELLED
                || o.status() == OrderStatus.EXPIRED || o.status() == OrderStatus.REJECTED;
        if (done && !allFillsIn(r, o)) {
            closing.put(o.clientOrderId(), o); // the fills that got it there are on their way: close after them
        } else if (done) {
            close(r, o, s, out);
        } else if (o.status() == OrderStatus.PARTIALLY_FILLED) {
            out.collect(update(r.intent(), o.filledQuantity(), o.status(), o.reason(),
                    System.currentTimeMillis()));
        }
    }

    private static OrderUpdate update(OrderIntent i, long filled, OrderStatus status, String reason, long nowMs) {
        return new OrderUpdate(i.clientOrderId(), i.strategy(), i.venue(), i.symbol(), i.side(), i.type(), i.price(),
                i.quantity(), filled, status, reason == null ? status.name() : reason, nowMs);
    }

    /**
     * This instrument's state; for an instrument seen for the first time, flat, or the account's position when the
     * job started by adopting it (a fill at the venue's entry price, so the risk gate, exits and PnL count from it).
     */
    private TradingState current(String key) throws Exception {
        TradingState current = state.value();
        if (current != null) {
            return current;
        }
        TradingState fresh = new TradingState();
        io.orderflow.venue.trading.VenuePosition adopted =
                connection.adoptedPositions().get(io.orderflow.model.InstrumentKey.symbolOf(key));
        if (adopted != null) {
            fresh.ledger().applyFill(adopted.quantity() > 0 ? io.orderflow.model.Side.BUY : io.orderflow.model.Side.SELL,
                    adopted.entryPrice(), Math.abs(adopted.quantity()), 0);
            LOG.info("{}: {} starts from the account's position {} at {}", key, strategy.name(),
                    io.orderflow.model.Decimals.toPlainString(adopted.quantity()),
                    io.orderflow.model.Decimals.toPlainString(adopted.entryPrice()));
        }
        return fresh;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        if (calls != null) {
            calls.shutdownNow();
        }
        if (settler != null) {
            settler.shutdownNow();
        }
        if (trading != null) {
            trading.close();
        }
    }
}
