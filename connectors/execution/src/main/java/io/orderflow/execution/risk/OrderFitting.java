package io.orderflow.execution.risk;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;

/**
 * Fits a strategy's intent to the venue's order rules before the risk gate sees it: a limit price rounds to the
 * tick on the passive side (bids down, asks up), the size rounds down to the lot; what still breaks a rule (under
 * the minimum size or notional) is stopped here with the rule's name, never sent for the venue to refuse.
 */
public final class OrderFitting {
    private OrderFitting() {}

    /** The intent as it may go, or the rule it breaks. */
    public record Fitted(OrderIntent intent, RiskGate.Rejection rejection) {}

    public static Fitted fit(OrderIntent intent, Instrument instrument, BookTop book) {
        if (instrument == null) {
            return new Fitted(intent, new RiskGate.Rejection("unknown_instrument", "no instrument rules for "
                    + intent.venue() + ":" + intent.symbol() + " (the venue did not list it at start)"));
        }
        boolean market = intent.type() == OrderType.MARKET;
        long price = market ? 0 : instrument.passivePrice(intent.side(), intent.price());
        // a market order is valued (inverse contracts, the minimum notional) at the decision's mid: the price the
        // venue edge converts its size at, so the lot it is fitted to is the lot it is sent in
        long valuedAt = !market ? price : intent.decisionMidPrice() > 0 ? intent.decisionMidPrice()
                : book == null || !book.twoSided() ? 0 : (book.bestBid() + book.bestAsk()) / 2;
        if (valuedAt <= 0) {
            return new Fitted(intent, new RiskGate.Rejection("no_book", "no touch to value a market order at"));
        }
        long quantity = instrument.floorToLot(intent.quantity(), valuedAt, market);
        if (quantity <= 0) {
            return new Fitted(intent, new RiskGate.Rejection("min_size", "size "
                    + Decimals.toPlainString(intent.quantity()) + " is under one lot of " + instrument.symbol()));
        }
        Instrument.Violation v = instrument.violation(market, valuedAt, quantity, intent.reduceOnly());
        OrderIntent fitted = price == intent.price() && quantity == intent.quantity() ? intent
                : new OrderIntent(intent.clientOrderId(), intent.strategy(), intent.venue(), intent.symbol(),
                        intent.side(), intent.type(), intent.timeInForce(), price, quantity, intent.decisionTimeMs(),
                        intent.decisionReceivedAtNanos(), intent.decisionMidPrice(), intent.reason(),
                        intent.reduceOnly());
        return new Fitted(fitted, v == null ? null : new RiskGate.Rejection(v.rule(), v.reason()));
    }
}
