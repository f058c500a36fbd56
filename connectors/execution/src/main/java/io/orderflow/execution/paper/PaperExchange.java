package io.orderflow.execution.paper;

import io.orderflow.execution.state.MakerShareModel;
import io.orderflow.execution.state.RestingOrder;
import io.orderflow.execution.state.TradingState;

import io.orderflow.model.BookTop;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.model.execution.TimeInForce;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Paper execution against the live book of one instrument.
 *
 * <p>A marketable order walks the visible levels (real slippage: each level fills at its own price, taker fee).
 * What is left of a limit order rests with an estimated queue position: the public size already at its price
 * stands ahead of it. The order fills, as maker at its own price, in two ways:
 * <ul>
 *   <li>the opposite side trades through its price (best ask at or below a resting bid);</li>
 *   <li>the level at its price shrinks while it is the touch: the loss is taken as trades against the front of
 *       the queue, so it first uses up the quantity ahead, and what exceeds it fills this order. Shrinking behind
 *       the touch is taken as cancels spread evenly over the queue (the quantity ahead shrinks pro rata).</li>
 * </ul>
 * The job feeds books only, not trades, so a cancel at the touch counts as a trade: the estimate leans to more
 * maker fills than a trade-driven queue model, and much less than assuming the front of the queue. A resting
 * order older than its time-to-live is cancelled.
 *
 * <p>Every order that filled teaches the state's {@link MakerShareModel} its realized maker share, which the
 * trading operator records, predicted, with each decision; every order that rested teaches its
 * {@link io.orderflow.execution.state.FillProbabilityModel} whether it filled within the horizon.
 */
public final class PaperExchange implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double makerFeeBps;
    private final double takerFeeBps;
    private final long restingTtlMs;

    public PaperExchange(double makerFeeBps, double takerFeeBps, long restingTtlMs) {
        this.makerFeeBps = makerFeeBps;
        this.takerFeeBps = takerFeeBps;
        this.restingTtlMs = restingTtlMs;
    }

    /** The maker share the state's model predicts for this order against this book. */
    public double predictMakerShare(OrderIntent o, BookTop book, TradingState state) {
        return state.makerShare().predict(features(o, book, state));
    }

    /** Accepts an order that passed risk: ACK, then immediate fills, then rest, cancel the rest (IOC) or reject. */
    public void submit(OrderIntent o, BookTop book, TradingState state, long nowMs, ExecutionListener out) {
        boolean marketable = marketable(o, book);
        if (marketable && o.timeInForce() == TimeInForce.POST_ONLY) {
            out.onOrderUpdate(update(o, 0, OrderStatus.REJECTED, "post-only order would take liquidity", nowMs));
            return;
        }
        if (reducible(o, state) == 0) {
            out.onOrderUpdate(update(o, 0, OrderStatus.REJECTED, "reduce-only order would open or grow a position",
                    nowMs));
            return;
        }
        double[] features = features(o, book, state);
        out.onOrderUpdate(update(o, 0, OrderStatus.ACKED, o.reason(), nowMs));
        PriceLevels opposite = o.side() == Side.BUY ? book.asks() : book.bids();
        long filled = 0;
        long cap = Math.min(o.quantity(), reducible(o, state));
        for (int i = 0; i < opposite.count() && filled < cap; i++) {
            long levelPrice = opposite.price(i);
            if (o.type() == OrderType.LIMIT && !crosses(o.side(), o.price(), levelPrice)) {
                break;
            }
            long q = Math.min(cap - filled, opposite.size(i));
            filled += q;
            fill(o, levelPrice, q, false, state, nowMs, out);
        }
        if (filled == o.quantity()) {
            state.makerShare().learn(features, 0);
            out.onOrderUpdate(update(o, filled, OrderStatus.FILLED, "filled on entry", nowMs));
        } else if (o.type() == OrderType.MARKET || o.timeInForce() == TimeInForce.IOC || filled == cap) {
            if (filled > 0) {
                state.makerShare().learn(features, 0);
            }
            out.onOrderUpdate(update(o, filled, OrderStatus.CANCELLED,
                    filled == cap && cap < o.quantity() ? "reduce-only: the rest would open a position"
                            : "unfilled rest of an immediate order (visible depth exhausted or limit reached)", nowMs));
        } else {
            if (filled > 0) {
                out.onOrderUpdate(update(o, filled, OrderStatus.PARTIALLY_FILLED, "partly filled on entry", nowMs));
            }
            long atPrice = sizeAt(o.side() == Side.BUY ? book.bids() : book.asks(), o.price(), o.side());
            // beyond the visible levels the queue is unknown: all of it counts as ahead once the level shows
            long ahead = atPrice < 0 ? Long.MAX_VALUE : atPrice;
            state.openOrders().add(new RestingOrder(o, filled, nowMs, ahead, Math.max(atPrice, 0), 0, features, null));
            if (filled == 0) {
                state.resting(o, book, nowMs);
            }
        }
    }

    /** Cancels a working order; false when it is not working (already filled, cancelled or unknown). */
    public boolean cancel(String clientOrderId, String reason, TradingState state, long nowMs, ExecutionListener out) {
        RestingOrder r = state.openOrder(clientOrderId);
        if (r == null) {
            return false;
        }
        state.openOrders().remove(r);
        finished(r, state, nowMs);
        out.onOrderUpdate(update(r.intent(), r.filled(), OrderStatus.CANCELLED, reason, nowMs));
        return true;
    }

    /** Matches resting orders against a new book (trade-through, then queue depletion), and expires old ones. */
    public void onBook(BookTop book, TradingState state, long nowMs, ExecutionListener out) {
        if (book.twoSided()) {
            state.makerShare().observeMid(nowMs, (book.bestBid() + book.bestAsk()) / 2);
        }
        state.fillProbability().expire(nowMs);
        if (state.openOrders().isEmpty()) {
            return; // most books: nothing rests, nothing to allocate
        }
        Iterator<RestingOrder> it = state.openOrders().iterator();
        List<RestingOrder> changed = null;
        while (it.hasNext()) {
            RestingOrder r = it.next();
            OrderIntent o = r.intent();
            long filled = r.filled();
            long makerFilled = r.makerFilled();
            long allowed = reducible(o, state);
            if (allowed == 0) { // a reduce-only order whose position is already closed (another exit filled)
                it.remove();
                finished(r, state, nowMs);
                out.onOrderUpdate(update(o, filled, OrderStatus.CANCELLED, "reduce-only: the position is closed",
                        nowMs));
                continue;
            }
            long cap = allowed == Long.MAX_VALUE ? o.quantity() : Math.min(o.quantity(), r.filled() + allowed);
            PriceLevels opposite = o.side() == Side.BUY ? book.asks() : book.bids();
            for (int i = 0; i < opposite.count() && filled < cap; i++) {
                if (!crosses(o.side(), o.price(), opposite.price(i))) {
                    break;
                }
                long q = Math.min(cap - filled, opposite.size(i));
                filled += q;
                makerFilled += q;
                fill(o, o.price(), q, true, state, nowMs, out); // a resting order fills at its own price
            }
            long ahead = r.queueAhead();
            long levelSize = r.levelSize();
            PriceLevels own = o.side() == Side.BUY ? book.bids() : book.asks();
            long now = sizeAt(own, o.price(), o.side());
            if (now >= 0 && filled < cap) {
                if (now < levelSize) {
                    long lost = levelSize - now;
                    if (atTouch(o, own)) {
                        long beforeUs = Math.min(lost, ahead);
                        ahead -= beforeUs;
                        long ours = Math.min(cap - filled, lost - beforeUs);
                        if (ours > 0) {
                            filled += ours;
                            makerFilled += ours;
                            fill(o, o.price(), ours, true, state, nowMs, out);
                        }
                    } else {
                        // an estimate, not money: cancels behind the touch leave the order's share of the queue
                        ahead = (long) ((double) ahead * now / levelSize);
                    }
                }
                ahead = Math.min(ahead, now);
                levelSize = now;
            }
            RestingOrder after = r.withQueue(filled, ahead, levelSize, makerFilled);
            if (filled == o.quantity()) {
                it.remove();
                finished(after, state, nowMs);
                out.onOrderUpdate(update(o, filled, OrderStatus.FILLED, "resting order filled", nowMs));
            } else if (nowMs - r.placedAtMs() >= restingTtlMs) {
                it.remove();
                finished(after, state, nowMs);
                out.onOrderUpdate(update(o, filled, OrderStatus.CANCELLED,
                        "not filled within " + restingTtlMs + " ms", nowMs));
            } else if (after.filled() != r.filled() || ahead != r.queueAhead() || levelSize != r.levelSize()) {
                it.remove();
                if (changed == null) {
                    changed = new ArrayList<>();
                }
                changed.add(after);
                if (filled != r.filled()) {
                    out.onOrderUpdate(update(o, filled, OrderStatus.PARTIALLY_FILLED, "resting order partly filled",
                            nowMs));
                }
            }
        }
        if (changed != null) {
            state.openOrders().addAll(changed);
        }
    }

    /** How much more this order may fill: unlimited, or for a reduce-only order what closes the position. */
    private static long reducible(OrderIntent o, TradingState state) {
        if (!o.reduceOnly()) {
            return Long.MAX_VALUE;
        }
        long position = state.position();
        return Long.signum(position) == -o.side().sign() ? Math.abs(position) : 0;
    }

    /**
     * A done order that filled teaches the maker-share model its realized share; one that never filled is a 0 or
     * censored for the fill-probability model, by how long it waited.
     */
    private static void finished(RestingOrder r, TradingState state, long nowMs) {
        if (r.filled() == 0) {
            state.fillProbability().ended(r.intent().clientOrderId(), nowMs);
        } else {
            state.makerShare().learn(r.features(), (double) r.makerFilled() / r.filled());
        }
    }

    private static double[] features(OrderIntent o, BookTop book, TradingState state) {
        PriceLevels own = o.side() == Side.BUY ? book.bids() : book.asks();
        return state.makerShare().features(marketable(o, book), o.quantity(), own.count() > 0 ? own.size(0) : 0);
    }

    private static boolean marketable(OrderIntent o, BookTop book) {
        PriceLevels opposite = o.side() == Side.BUY ? book.asks() : book.bids();
        return o.type() == OrderType.MARKET || (opposite.count() > 0 && crosses(o.side(), o.price(), opposite.price(0)));
    }

    /**
     * The public size at {@code price} on the order's own side: 0 when the level is gone from within the visible
     * levels (or the order improves on them), -1 when the price lies beyond the visible levels (nothing known).
     */
    static long sizeAt(PriceLevels own, long price, Side side) {
        int n = own.count();
        for (int i = 0; i < n; i++) {
            if (own.price(i) == price) {
                return own.size(i);
            }
        }
        if (n == 0) {
            return 0;
        }
        long worst = own.price(n - 1);
        boolean beyond = side == Side.BUY ? price < worst : price > worst;
        return beyond ? -1 : 0;
    }

    /** True when the order's price is the best of its side (or better, with its level gone). */
    private static boolean atTouch(OrderIntent o, PriceLevels own) {
        if (own.count() == 0) {
            return true;
        }
        long best = own.price(0);
        return o.side() == Side.BUY ? o.price() >= best : o.price() <= best;
    }

    private static boolean crosses(Side side, long limit, long oppositePrice) {
        return side == Side.BUY ? oppositePrice <= limit : oppositePrice >= limit;
    }

    private void fill(OrderIntent o, long price, long quantity, boolean maker, TradingState state, long nowMs,
            ExecutionListener out) {
        long fee = fee(price, quantity, maker ? makerFeeBps : takerFeeBps);
        if (maker) {
            state.fillProbability().filled(o.clientOrderId(), nowMs);
        }
        state.ledger().applyFill(o.side(), price, quantity, fee);
        long number = state.nextFillNumber();
        out.onFill(new Fill(o.clientOrderId() + "-" + number, o.clientOrderId(), o.strategy(), o.venue(),
                o.symbol(), o.side(), price, quantity, fee, maker, nowMs, o.decisionMidPrice()));
    }

    /** price × quantity × bps / 10⁴ in scaled units, rounded half-up: exact, then rounded once. */
    static long fee(long price, long quantity, double bps) {
        BigDecimal notional = BigDecimal.valueOf(price, 8).multiply(BigDecimal.valueOf(quantity, 8));
        return notional.multiply(BigDecimal.valueOf(bps)).movePointLeft(4).setScale(8, RoundingMode.HALF_UP)
                .unscaledValue().longValueExact();
    }

    private static OrderUpdate update(OrderIntent o, long filled, OrderStatus status, String reason, long nowMs) {
        return new OrderUpdate(o.clientOrderId(), o.strategy(), o.venue(), o.symbol(), o.side(), o.type(),
                o.price(), o.quantity(), filled, status, reason, nowMs);
    }
}
