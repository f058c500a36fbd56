package io.orderflow.execution.schedule;

import io.orderflow.execution.state.ParentOrder;
import io.orderflow.execution.strategy.ClientOrderIds;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.io.Serializable;
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

    private final double minNotional;
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
        this.minNotional = minNotional;
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
        double quantity = Decimals.toDouble(intent.quantity());
        if (quantity * Decimals.toDouble(mid) < minNotional) {
            return null;
        }
        AcPlan plan = AcPlan.of(p, quantity, horizon.toMillis() / 1000.0, slices, riskAversion);
        // children in exact units: each the difference of the trajectory's holdings rounded to a unit, so they
        // add up to the parent's quantity whatever the rounding
        long[] children = new long[slices];
        String[] ids = new String[slices];
        double traded = 0;
        long held = intent.quantity();
        for (int k = 0; k < slices; k++) {
            traded += plan.trades()[k];
            long after = k == slices - 1 ? 0
                    : Math.max(0, Math.min(held, intent.quantity() - Math.round(traded * Decimals.UNIT)));
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
