package io.orderflow.execution;

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
import java.util.Iterator;

/**
 * Paper execution against the live book of one instrument. A marketable order walks the visible levels (real
 * slippage: each level fills at its own price, taker fee); what is left of a limit order rests and fills, as
 * maker, once the opposite side trades through its price (best ask at or below a resting bid). A resting order
 * older than its time-to-live is cancelled. Queue position is not modelled yet: a resting order fills only when
 * the book moves through it, which errs on the side of fewer fills.
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

    /** Accepts an order that passed risk: ACK, then immediate fills, then rest, cancel the rest (IOC) or reject. */
    public void submit(OrderIntent o, BookTop book, TradingState state, long nowMs, ExecutionListener out) {
        PriceLevels opposite = o.side() == Side.BUY ? book.asks() : book.bids();
        boolean marketable = o.type() == OrderType.MARKET
                || (opposite.count() > 0 && crosses(o.side(), o.price(), opposite.price(0)));
        if (marketable && o.timeInForce() == TimeInForce.POST_ONLY) {
            out.onOrderUpdate(update(o, 0, OrderStatus.REJECTED, "post-only order would take liquidity", nowMs));
            return;
        }
        out.onOrderUpdate(update(o, 0, OrderStatus.ACKED, o.reason(), nowMs));
        long filled = 0;
        for (int i = 0; i < opposite.count() && filled < o.quantity(); i++) {
            long levelPrice = opposite.price(i);
            if (o.type() == OrderType.LIMIT && !crosses(o.side(), o.price(), levelPrice)) {
                break;
            }
            long q = Math.min(o.quantity() - filled, opposite.size(i));
            filled += q;
            fill(o, levelPrice, q, false, state, nowMs, out);
        }
        if (filled == o.quantity()) {
            out.onOrderUpdate(update(o, filled, OrderStatus.FILLED, "filled on entry", nowMs));
        } else if (o.type() == OrderType.MARKET || o.timeInForce() == TimeInForce.IOC) {
            out.onOrderUpdate(update(o, filled, OrderStatus.CANCELLED,
                    "unfilled rest of an immediate order (visible depth exhausted or limit reached)", nowMs));
        } else {
            if (filled > 0) {
                out.onOrderUpdate(update(o, filled, OrderStatus.PARTIALLY_FILLED, "partly filled on entry", nowMs));
            }
            state.openOrders().add(new RestingOrder(o, filled, nowMs));
        }
    }

    /** Cancels a working order; false when it is not working (already filled, cancelled or unknown). */
    public boolean cancel(String clientOrderId, String reason, TradingState state, long nowMs, ExecutionListener out) {
        RestingOrder r = state.openOrder(clientOrderId);
        if (r == null) {
            return false;
        }
        state.openOrders().remove(r);
        out.onOrderUpdate(update(r.intent(), r.filled(), OrderStatus.CANCELLED, reason, nowMs));
        return true;
    }

    /** Matches resting orders against a new book, and expires old ones. */
    public void onBook(BookTop book, TradingState state, long nowMs, ExecutionListener out) {
        Iterator<RestingOrder> it = state.openOrders().iterator();
        java.util.List<RestingOrder> changed = new java.util.ArrayList<>();
        while (it.hasNext()) {
            RestingOrder r = it.next();
            OrderIntent o = r.intent();
            PriceLevels opposite = o.side() == Side.BUY ? book.asks() : book.bids();
            long filled = r.filled();
            for (int i = 0; i < opposite.count() && filled < o.quantity(); i++) {
                if (!crosses(o.side(), o.price(), opposite.price(i))) {
                    break;
                }
                long q = Math.min(o.quantity() - filled, opposite.size(i));
                filled += q;
                fill(o, o.price(), q, true, state, nowMs, out); // a resting order fills at its own price
            }
            if (filled == o.quantity()) {
                it.remove();
                out.onOrderUpdate(update(o, filled, OrderStatus.FILLED, "resting order filled", nowMs));
            } else if (nowMs - r.placedAtMs() >= restingTtlMs) {
                it.remove();
                out.onOrderUpdate(update(o, filled, OrderStatus.CANCELLED,
                        "not filled within " + restingTtlMs + " ms", nowMs));
            } else if (filled != r.filled()) {
                it.remove();
                changed.add(new RestingOrder(o, filled, r.placedAtMs()));
                out.onOrderUpdate(update(o, filled, OrderStatus.PARTIALLY_FILLED, "resting order partly filled",
                        nowMs));
            }
        }
        state.openOrders().addAll(changed);
    }

    private static boolean crosses(Side side, long limit, long oppositePrice) {
        return side == Side.BUY ? oppositePrice <= limit : oppositePrice >= limit;
    }

    private void fill(OrderIntent o, long price, long quantity, boolean maker, TradingState state, long nowMs,
            ExecutionListener out) {
        long fee = fee(price, quantity, maker ? makerFeeBps : takerFeeBps);
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
