package io.orderflow.execution.risk;

import io.orderflow.execution.state.RestingOrder;
import io.orderflow.execution.state.TradingState;

import io.orderflow.model.BookTop;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Checks an intent against the {@link RiskLimits}, the kill switch and the current book. Returns null when the
 * order may go, or the reason it may not (recorded with the rejection). Plain Java; the per-venue order-rate
 * buckets live with the venue's execution, where every instrument's orders meet.
 *
 * <p>Limits are checked on the worst case: the position if this order and every working order on its side filled.
 */
public final class RiskGate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RiskLimits limits;
    private final KillSwitch killSwitch;

    public RiskGate(RiskLimits limits, KillSwitch killSwitch) {
        this.limits = limits;
        this.killSwitch = killSwitch;
    }

    /** Why an order may not go: the rule (a stable name to group by) and the numbers. */
    public record Rejection(String rule, String reason) {}

    public Rejection check(OrderIntent intent, TradingState state, BookTop book) {
        if (killSwitch.engaged()) {
            return new Rejection("kill_switch", "kill switch engaged");
        }
        if (book == null || !book.twoSided()) {
            return new Rejection("no_book", "no two-sided book for " + intent.venue() + ":" + intent.symbol());
        }
        if (intent.decisionTimeMs() - book.exchangeTimeMs() > limits.maxBookAgeMs()) {
            return new Rejection("stale_book", "book is stale: last update "
                    + (intent.decisionTimeMs() - book.exchangeTimeMs()) + " ms before the decision (limit "
                    + limits.maxBookAgeMs() + " ms)");
        }
        if (state.openOrders().size() >= limits.maxOpenOrders()) {
            return new Rejection("max_open_orders", "open orders at limit " + limits.maxOpenOrders());
        }
        long signed = intent.side().sign() * intent.quantity();
        long pending = 0;
        for (RestingOrder o : state.openOrders()) {
            if (o.intent().side() == intent.side()) {
                pending = Math.addExact(pending, o.remaining());
            }
        }
        long after = state.position() + signed;
        long worst = Math.abs(after + intent.side().sign() * pending);
        boolean reducing = Math.abs(after) < Math.abs(state.position()) && pending == 0;
        if (worst > limits.maxPosition() && !reducing) {
            return new Rejection("max_position", "position could reach " + worst + " units, limit "
                    + limits.maxPosition());
        }
        long mid = (book.bestBid() + book.bestAsk()) / 2;
        long price = intent.type() == OrderType.LIMIT ? intent.price()
                : intent.side() == io.orderflow.model.Side.BUY ? book.bestAsk() : book.bestBid();
        BigDecimal notional = BigDecimal.valueOf(worst, 8).multiply(BigDecimal.valueOf(price, 8));
        if (!reducing && notional.compareTo(BigDecimal.valueOf(limits.maxNotional(), 8)) > 0) {
            return new Rejection("max_notional", "notional could reach " + notional.stripTrailingZeros().toPlainString()
                    + ", limit " + BigDecimal.valueOf(limits.maxNotional(), 8).stripTrailingZeros().toPlainString());
        }
        if (intent.type() == OrderType.LIMIT) {
            double distanceBps = Math.abs(intent.price() - mid) * 1e4 / mid;
            if (distanceBps > limits.priceCollarBps()) {
                return new Rejection("price_collar", String.format(java.util.Locale.ROOT,
                        "limit price %.1f bps from mid, collar %.1f bps", distanceBps, limits.priceCollarBps()));
            }
        }
        state.ledger().mark(intent.decisionTimeMs(), mid);
        BigDecimal day = state.ledger().dayPnl(mid);
        if (!reducing && day.compareTo(BigDecimal.valueOf(-limits.maxDailyLoss(), 8)) <= 0) {
            return new Rejection("daily_loss", "daily loss " + day.setScale(2, java.math.RoundingMode.HALF_EVEN)
                    .toPlainString() + " reached the limit " + BigDecimal.valueOf(limits.maxDailyLoss(), 8)
                    .stripTrailingZeros().toPlainString() + ": only orders that reduce the position");
        }
        return null;
    }
}
