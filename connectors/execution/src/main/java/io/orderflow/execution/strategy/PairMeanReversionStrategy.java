package io.orderflow.execution.strategy;

import io.orderflow.execution.state.PairLegs;
import io.orderflow.execution.state.PairState;
import io.orderflow.execution.state.StrategyMemory;
import io.orderflow.execution.state.TradingState;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Pair mean reversion between two instruments of one venue (ETH against BTC), sized delta-neutral with a rolling
 * beta.
 *
 * <p>Once a second (previous-tick mids, the first book of a new second closes the last), with 1-second log returns
 * r_y and r_x:
 * <ul>
 *   <li>β = EW cov(r_y, r_x) / EW var(r_x), half-life {@code betaHalfLife} seconds;</li>
 *   <li>the spread is the running sum of the residuals r_y − β·r_x (β as it stood before the second), so a change
 *       of β does not jump the spread the way ln y − β ln x would;</li>
 *   <li>z = (spread − EW mean) / EW standard deviation, half-life {@code spreadHalfLife} seconds, the variance
 *       divided by the weight gathered so far (it starts from zero).</li>
 * </ul>
 * After {@code warmupSeconds}, and while β is at least {@value #MIN_BETA}, z above {@code entryZ} sells the spread (y rich: sell {@code notional} of y, buy
 * β × {@code notional} of x), z below −{@code entryZ} buys it, and |z| below {@code exitZ} flattens both legs. Each
 * leg trades towards its target with IOC limits at its opposite touch, priced by its own book, at most every
 * 500 ms per leg. Quantities are exact multiples of {@code lot}, rounded down.
 */
public final class PairMeanReversionStrategy implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "pair-mean-reversion";
    private static final long LEG_RETRY_MS = 500;
    /** Below this beta the two move too little together for one to hedge the other: no entries. */
    static final double MIN_BETA = 0.2;

    // layout of the pair's numbers in its memory
    private static final int SECOND = 0, LN_Y = 1, LN_X = 2, COV = 3, VAR_X = 4, SPREAD = 5, MEAN = 6, VAR_S = 7,
            SAMPLES = 8, MID_Y = 9, MID_X = 10, BETA = 11, Z = 12, SIZE = 13;

    private final long notional;
    private final double entryZ;
    private final double exitZ;
    private final int warmupSeconds;
    private final double betaAlpha;
    private final double spreadAlpha;
    private final long lot;

    public PairMeanReversionStrategy(long notional, double entryZ, double exitZ, int warmupSeconds,
            double betaHalfLifeSeconds, double spreadHalfLifeSeconds, long lot) {
        if (notional <= 0 || lot <= 0) {
            throw new IllegalArgumentException("pair notional and lot must be positive");
        }
        if (!(entryZ > exitZ && exitZ >= 0)) {
            throw new IllegalArgumentException("pair entry z must exceed exit z >= 0, got " + entryZ + " and " + exitZ);
        }
        if (warmupSeconds < 2 || betaHalfLifeSeconds <= 0 || spreadHalfLifeSeconds <= 0) {
            throw new IllegalArgumentException("pair warm-up must be at least 2 s and half-lives positive");
        }
        this.notional = notional;
        this.entryZ = entryZ;
        this.exitZ = exitZ;
        this.warmupSeconds = warmupSeconds;
        this.betaAlpha = 1 - Math.pow(0.5, 1 / betaHalfLifeSeconds);
        this.spreadAlpha = 1 - Math.pow(0.5, 1 / spreadHalfLifeSeconds);
        this.lot = lot;
    }

    /** 2,000 quote a leg, in at |z| 2, out at 0.5, 5 min half-lives, 2 min warm-up, lots of 0.0001. */
    public static PairMeanReversionStrategy defaults() {
        return new PairMeanReversionStrategy(2_000 * Decimals.UNIT, 2.0, 0.5, 120, 300, 300, 10_000);
    }

    public PairMeanReversionStrategy withWarmup(int seconds) {
        return new PairMeanReversionStrategy(notional, entryZ, exitZ, seconds, halfLife(betaAlpha),
                halfLife(spreadAlpha), lot);
    }

    private static double halfLife(double alpha) {
        return Math.log(0.5) / Math.log(1 - alpha);
    }

    public String name() {
        return NAME;
    }

    /** The current z-score and beta (NaN before the first samples), for tests and reports. */
    public static double[] zAndBeta(PairState state) {
        double[] n = state.memory().numbers();
        return n.length == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {n[Z], n[BETA]};
    }

    /** A book of one leg: update the statistics, move the targets, and trade this leg towards its target. */
    public List<OrderIntent> onBook(BookTop book, PairLegs legs, PairState state) {
        if (!book.twoSided()) {
            return List.of();
        }
        double[] n = state.memory().numbers();
        if (n.length == 0) {
            n = new double[SIZE];
            n[SECOND] = Double.NaN;
        }
        long second = Math.floorDiv(book.exchangeTimeMs(), 1_000L);
        boolean isY = book.symbol().equals(legs.ySymbol());
        if (!Double.isNaN(n[SECOND]) && second > n[SECOND] && n[MID_Y] > 0 && n[MID_X] > 0) {
            sample(n, book, state);
        }
        if (Double.isNaN(n[SECOND]) || second > n[SECOND]) {
            n[SECOND] = second;
        }
        n[isY ? MID_Y : MID_X] = Decimals.toDouble(book.bestBid() + book.bestAsk()) / 2; // for the statistics
        state.memory().put(isY ? "mid-y" : "mid-x", (book.bestBid() + book.bestAsk()) / 2); // exact, for sizing
        state.memory().numbers(n);
        return trade(book, isY, state, n);
    }

    private void sample(double[] n, BookTop book, PairState state) {
        double lnY = Math.log(n[MID_Y]);
        double lnX = Math.log(n[MID_X]);
        if (n[SAMPLES] > 0) {
            double ry = lnY - n[LN_Y];
            double rx = lnX - n[LN_X];
            n[SPREAD] += ry - n[BETA] * rx; // residual under the beta known before this second
            n[COV] = (1 - betaAlpha) * n[COV] + betaAlpha * ry * rx;
            n[VAR_X] = (1 - betaAlpha) * n[VAR_X] + betaAlpha * rx * rx;
            n[BETA] = n[VAR_X] > 0 ? n[COV] / n[VAR_X] : 0;
            double deviation = n[SPREAD] - n[MEAN];
            n[MEAN] += spreadAlpha * deviation;
            n[VAR_S] = (1 - spreadAlpha) * (n[VAR_S] + spreadAlpha * deviation * deviation);
            // the EW variance starts from zero: divide by the weight it has gathered so far (bias correction)
            double weight = 1 - Math.pow(1 - spreadAlpha, n[SAMPLES]);
            n[Z] = n[VAR_S] > 0 ? (n[SPREAD] - n[MEAN]) / Math.sqrt(n[VAR_S] / weight) : 0;
        }
        n[LN_Y] = lnY;
        n[LN_X] = lnX;
        n[SAMPLES]++;
        if (n[SAMPLES] > warmupSeconds) {
            retarget(n, book, state);
        }
    }

    /** Moves the legs' targets by the z-score; sizes are fixed at entry. */
    private void retarget(double[] n, BookTop book, PairState state) {
        StrategyMemory m = state.memory();
        long targetY = m.get("target-y", 0);
        double z = n[Z];
        int want = z > entryZ ? -1 : z < -entryZ ? 1 : Math.abs(z) < exitZ ? 0 : Long.signum(targetY);
        if (want == Long.signum(targetY)) {
            return;
        }
        if (want == 0) {
            m.put("target-y", 0);
            m.put("target-x", 0);
            m.put("why-e3", Math.round(z * 1e3));
            return;
        }
        if (!(n[BETA] >= MIN_BETA)) {
            return; // no relation strong enough to hedge with
        }
        long quantityY = lots(BigDecimal.valueOf(notional, 8), m.get("mid-y", 0));
        long quantityX = lots(BigDecimal.valueOf(notional, 8).multiply(BigDecimal.valueOf(n[BETA])),
                m.get("mid-x", 0));
        if (quantityY == 0 || quantityX == 0) {
            return;
        }
        m.put("target-y", want * quantityY);
        m.put("target-x", -want * quantityX);
        m.put("why-e3", Math.round(z * 1e3));
        m.put("beta-e6", Math.round(n[BETA] * 1e6));
    }

    /** Quote notional / the exact mid, rounded down to whole lots, as an exact scaled quantity; 0 without a mid. */
    private long lots(BigDecimal quoteNotional, long mid) {
        if (mid <= 0) {
            return 0;
        }
        BigDecimal units = quoteNotional.divide(BigDecimal.valueOf(mid, 8), 8, RoundingMode.DOWN);
        long scaled = units.movePointRight(8).longValueExact();
        return scaled / lot * lot;
    }

    private List<OrderIntent> trade(BookTop book, boolean isY, PairState state, double[] n) {
        StrategyMemory m = state.memory();
        TradingState leg = isY ? state.y() : state.x();
        String which = isY ? "y" : "x";
        long target = m.get("target-" + which, 0);
        long diff = target - leg.position();
        long now = book.exchangeTimeMs();
        if (diff == 0 || !leg.openOrders().isEmpty() || now - m.get("last-order-" + which, Long.MIN_VALUE / 2)
                < LEG_RETRY_MS) {
            return List.of();
        }
        m.put("last-order-" + which, now);
        Side side = diff > 0 ? Side.BUY : Side.SELL;
        long price = side == Side.BUY ? book.bestAsk() : book.bestBid();
        double z = m.get("why-e3", 0) / 1e3;
        String reason = target == 0
                ? String.format(Locale.ROOT, "pair exit: z %.2f inside ±%.2f", z, exitZ)
                : String.format(Locale.ROOT, "pair %s leg: z %.2f beyond ±%.2f, beta %.3f", which, z, entryZ,
                        m.get("beta-e6", 0) / 1e6);
        String id = ClientOrderIds.of(NAME, book.venue(), book.symbol(), book.sequence(), side);
        boolean closing = target == 0 || Math.abs(target) < Math.abs(leg.position()) && Long.signum(target)
                == Long.signum(leg.position());
        return List.of(new OrderIntent(id, NAME, book.venue(), book.symbol(), side, OrderType.LIMIT,
                TimeInForce.IOC, price, Math.abs(diff), now, book.receivedAtNanos(),
                (book.bestBid() + book.bestAsk()) / 2, reason, closing));
    }
}
