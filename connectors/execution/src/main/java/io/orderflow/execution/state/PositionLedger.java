package io.orderflow.execution.state;

import io.orderflow.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One instrument's position and PnL, exact: quantities are the scaled longs of the orders, money is BigDecimal in
 * quote currency (never a double). Average-cost accounting: fills that add to the position add to its cost; fills
 * that reduce it realize (fill price − average entry) × closed quantity; a fill through zero closes, then opens the
 * rest at the fill price. Fees are kept apart and subtracted from the net.
 *
 * <p>The daily PnL (for the daily loss limit) is equity now minus equity at the first mark of the UTC day, where
 * equity = realized − fees + unrealized at the mark price.
 */
public final class PositionLedger {
    /** Scale of money amounts: 16 decimals, so an average price stays exact to far below a tick. */
    public static final int MONEY_SCALE = 16;
    private static final long DAY_MS = 86_400_000L;

    private long position;
    private BigDecimal cost = BigDecimal.ZERO; // signed: Σ price × signed quantity of the open position
    private BigDecimal realized = BigDecimal.ZERO;
    private BigDecimal fees = BigDecimal.ZERO;
    private long day = Long.MIN_VALUE;
    private BigDecimal dayStartEquity = BigDecimal.ZERO;

    public long position() {
        return position;
    }

    public void applyFill(Side side, long price, long quantity, long fee) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("fill quantity must be positive, got " + quantity);
        }
        long signed = side.sign() * quantity;
        BigDecimal px = money(price);
        fees = fees.add(money(fee));
        if (position == 0 || Long.signum(position) == Long.signum(signed)) {
            cost = cost.add(px.multiply(money(signed)));
            position = Math.addExact(position, signed);
            return;
        }
        long closing = Math.min(Math.abs(signed), Math.abs(position));
        BigDecimal closedQty = money(closing);
        // average entry × closed quantity, rounded once at MONEY_SCALE
        BigDecimal closedCost = cost.multiply(closedQty).divide(money(Math.abs(position)), MONEY_SCALE,
                RoundingMode.HALF_EVEN);
        BigDecimal closedValue = px.multiply(closedQty).multiply(BigDecimal.valueOf(Long.signum(position)));
        realized = realized.add(closedValue.subtract(closedCost));
        cost = cost.subtract(closedCost);
        position -= Long.signum(position) * closing;
        long opening = Math.abs(signed) - closing;
        if (position == 0) {
            cost = BigDecimal.ZERO;
        }
        if (opening > 0) { // through zero: the rest opens a new position at this price
            position = Long.signum(signed) * opening;
            cost = px.multiply(money(position));
        }
    }

    /** Average entry price of the open position, or null when flat. */
    public BigDecimal averageEntry() {
        return position == 0 ? null : cost.divide(money(position), MONEY_SCALE, RoundingMode.HALF_EVEN);
    }

    public BigDecimal realized() {
        return realized;
    }

    public BigDecimal fees() {
        return fees;
    }

    public BigDecimal unrealized(long markPrice) {
        return money(markPrice).multiply(money(position)).subtract(cost);
    }

    /** realized − fees + unrealized at the mark. */
    public BigDecimal equity(long markPrice) {
        return realized.subtract(fees).add(unrealized(markPrice));
    }

    /** Marks the ledger at an event time: the first mark of a UTC day fixes that day's starting equity. */
    public void mark(long timeMs, long markPrice) {
        long d = Math.floorDiv(timeMs, DAY_MS);
        if (d != day) {
            day = d;
            dayStartEquity = equity(markPrice);
        }
    }

    /** PnL since the day's first mark (negative: a loss). */
    public BigDecimal dayPnl(long markPrice) {
        return equity(markPrice).subtract(dayStartEquity);
    }

    private static BigDecimal money(long scaled) {
        return BigDecimal.valueOf(scaled, 8);
    }

    // ---- state (TradingStateCodec) ----

    long day() {
        return day;
    }

    BigDecimal cost() {
        return cost;
    }

    BigDecimal dayStartEquity() {
        return dayStartEquity;
    }

    /** Sets the whole ledger: the state codec's restore (and a test's reset). */
    public void restore(long position, BigDecimal cost, BigDecimal realized, BigDecimal fees, long day,
            BigDecimal dayStartEquity) {
        this.position = position;
        this.cost = cost;
        this.realized = realized;
        this.fees = fees;
        this.day = day;
        this.dayStartEquity = dayStartEquity;
    }
}
