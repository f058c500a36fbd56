package io.orderflow.execution.schedule;

import io.orderflow.estimators.AlmgrenChriss;
import io.orderflow.execution.state.ParentOrder;
import io.orderflow.execution.strategy.ClientOrderIds;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --schedule ac}: a strategy's entries of at least {@code minNotional} (quote) are not sent whole but worked
 * over {@code horizon} in {@code slices} market orders on the Almgren–Chriss trajectory, with the market parameters
 * {@code schedule} estimated from the tables for that instrument. Reduce-only orders (exits, stops) and instruments
 * without parameters go as the strategy decided.
 */
public final class ExecutionSchedule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BigDecimal minNotional;
    private final Duration horizon;
    private final int slices;
    private final double riskAversion;
    private final Map<String, AcParameters> parameters;

    /**
     * @param riskAversion λ per unit of price × quantity: 0 is a TWAP, larger trades sooner
     * @param parameters by instrument ({@code venue:SYMBOL})
     */
    public ExecutionSchedule(double minNotional, Duration horizon, int slices, double riskAversion,
            Map<String, AcParameters> parameters) {
        if (!(minNotional > 0) || horizon == null || horizon.toMillis() < slices || slices < 2 || riskAversion < 0
                || parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs a positive notional above which entries are "
                    + "scheduled, at least 2 slices, a horizon of at least a millisecond per slice, a risk aversion "
                    + ">= 0 and the parameters of at least one instrument; got " + minNotional + ", " + slices
                    + " slices over " + horizon + ", risk aversion " + riskAversion);
        }
        this.minNotional = BigDecimal.valueOf(minNotional);
        this.horizon = horizon;
        this.slices = slices;
        this.riskAversion = riskAversion;
        this.parameters = Map.copyOf(parameters);
    }

    /** What was planned for a parent: its children and the model's view of their cost. */
    public record Planned(ParentOrder parent, AcPlan plan, AcParameters parameters) {
        /** The model's expected cost, in bps of the parent's notional at the arrival mid. */
        public double expectedCostBps() {
            return plan.expectedCost() / notional() * 1e4;
        }

        public double costStdDevBps() {
            return plan.costStdDev() / notional() * 1e4;
        }

        private double notional() {
            return plan.quantity() * Decimals.toDouble(parent.arrivalMid());
        }
    }

    /** The schedule for this intent, or null when it goes as decided (small, reduce-only, no parameters). */
    public Planned plan(OrderIntent intent, BookTop book) {
        AcParameters p = parameters.get(intent.venue() + ":" + intent.symbol());
        if (p == null || intent.reduceOnly() || !book.twoSided()) {
            return null;
        }
        long mid = (book.bestBid() + book.bestAsk()) / 2;
        BigDecimal quantity = Decimals.toBigDecimal(intent.quantity());
        if (quantity.multiply(Decimals.toBigDecimal(mid)).compareTo(minNotional) < 0) {
            return null;
        }
        AcPlan plan = AcPlan.of(p, quantity.doubleValue(), horizon.toMillis() / 1000.0, slices, riskAversion);
        // the model gives the share of the entry still held after each slice; the order's quantity stays exact:
        // each holding is the exact quantity times that share, rounded to a unit, and each child the difference of
        // two, so they add up to the entry whatever the rounding
        double[] share = AlmgrenChriss.holdings(1, horizon.toMillis() / 1000.0, slices, plan.kappa());
        long[] children = new long[slices];
        String[] ids = new String[slices];
        long held = intent.quantity();
        BigDecimal units = BigDecimal.valueOf(intent.quantity());
        for (int k = 0; k < slices; k++) {
            long after = k == slices - 1 ? 0 : Math.min(held, units.multiply(BigDecimal.valueOf(share[k + 1]))
                    .setScale(0, RoundingMode.HALF_EVEN).longValueExact());
            children[k] = held - after;
            held = after;
            ids[k] = ClientOrderIds.of(intent.strategy() + ":ac-" + k, intent.venue(), intent.symbol(),
                    book.sequence(), intent.side());
        }
        ParentOrder parent = new ParentOrder(intent.clientOrderId(), intent.strategy(), intent.venue(),
                intent.symbol(), intent.side(), intent.quantity(), mid, book.exchangeTimeMs(),
                horizon.toMillis() / slices, children, ids, 0);
        return new Planned(parent, plan, p);
    }

    /** Child {@code n} of a parent, as a market order decided on this book. */
    public static OrderIntent child(ParentOrder parent, int n, BookTop book) {
        return new OrderIntent(parent.childIds()[n], parent.strategy(), parent.venue(), parent.symbol(),
                parent.side(), OrderType.MARKET, TimeInForce.IOC, 0, parent.children()[n], book.exchangeTimeMs(),
                book.receivedAtNanos(), (book.bestBid() + book.bestAsk()) / 2, String.format(Locale.ROOT,
                        "ac slice %d/%d of parent %s", n + 1, parent.slices(), parent.parentId()), false);
    }
}
