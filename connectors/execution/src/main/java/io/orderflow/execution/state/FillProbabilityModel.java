package io.orderflow.execution.state;

import io.orderflow.estimators.OnlineLogisticRegression;
import io.orderflow.model.BookTop;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * The probability that a passive limit order fills, at least in part, within {@link #HORIZON_MS} of being placed,
 * learned from this instrument's own orders: every resting order is one observation, labelled 1 when its first
 * fill (paper or venue) comes within the horizon and 0 when the horizon passes unfilled; an order cancelled or
 * rejected unfilled before the horizon is censored (it says nothing about the horizon) and dropped. An online
 * logistic regression ({@link OnlineLogisticRegression}: Newton steps, the weights drifting slowly) on what the
 * queue-position literature finds drives it (Lo, MacKinlay and Zhang 2002; Cont and de Larrard 2013):
 * <ol>
 *   <li>an intercept;</li>
 *   <li>the distance from the order's own touch, in spreads (0 joins the touch, 1 is one spread behind it,
 *       negative improves on it), clipped to [-1, 10];</li>
 *   <li>ln(1 + the quantity resting at the order's price / the order's quantity): the queue it waits behind;</li>
 *   <li>ln(1 + σ√T / spread): how many spreads the mid typically moves within the horizon (σ the EWMA volatility
 *       of 1-second mid returns);</li>
 *   <li>the touch's queue imbalance seen from the order, (own touch size − opposite touch size) / their sum: a
 *       heavy own side foretells the mid moving away from the order (Gould and Bonart 2016), so an order placed
 *       with the book's lean, as a predictor's entry is, fills less often than one against it.</li>
 * </ol>
 * The prior weights give 0.4 at the touch of a typical book and fall with distance; the data moves them. Plain
 * Java, deterministic, part of the checkpointed trading state.
 */
public final class FillProbabilityModel {
    /** The horizon of "fills within": the mid predictor's entries live this long. */
    public static final long HORIZON_MS = 10_000;
    /** At most this many orders wait for their outcome (older ones are dropped unlabelled). */
    static final int MAX_PENDING = 256;
    private static final double[] PRIOR = {-0.5, -1.0, -0.2, 0.3, -0.5};
    /** Prior variance of each weight, and its drift per order (a memory of several hundred orders). */
    private static final double PRIOR_VARIANCE = 1.0;
    private static final double DRIFT = 1e-5;

    /** An order placed passively, waiting for its fill or its horizon. */
    record Pending(String clientOrderId, long placedAtMs, double[] features) {}

    private final OnlineLogisticRegression regression;
    private final List<Pending> pending = new ArrayList<>();
    private long filledWithin;

    public FillProbabilityModel() {
        this(DRIFT);
    }

    /** @param drift how far each weight may move per order (0: a model of a market that never changes) */
    FillProbabilityModel(double drift) {
        regression = new OnlineLogisticRegression(PRIOR, PRIOR_VARIANCE, drift);
    }

    /**
     * The features of a limit order at {@code price} for {@code quantity} against {@code book}, or null when it
     * would not rest (it crosses, or the book is one-sided).
     *
     * @param volatilityBps standard deviation of 1-second mid returns, in basis points
     */
    public static double[] features(Side side, long price, long quantity, BookTop book, double volatilityBps) {
        if (!book.twoSided() || quantity <= 0) {
            return null;
        }
        long bid = book.bestBid();
        long ask = book.bestAsk();
        if (side == Side.BUY ? price >= ask : price <= bid) {
            return null; // marketable: it takes, it does not wait
        }
        double spread = Math.max(ask - bid, 1);
        double behind = (side == Side.BUY ? bid - price : price - ask) / spread;
        PriceLevels own = side == Side.BUY ? book.bids() : book.asks();
        long queue = 0;
        for (int i = 0; i < own.count(); i++) {
            if (own.price(i) == price) {
                queue = own.size(i);
                break;
            }
        }
        double mid = (bid + ask) / 2.0;
        double moveInSpreads = volatilityBps / 1e4 * mid * Math.sqrt(HORIZON_MS / 1000.0) / spread;
        double ownTouch = own.size(0);
        double oppositeTouch = (side == Side.BUY ? book.asks() : book.bids()).size(0);
        double lean = (ownTouch - oppositeTouch) / (ownTouch + oppositeTouch);
        return new double[] {1.0, Math.max(-1, Math.min(10, behind)), Math.log1p((double) queue / quantity),
                Math.log1p(moveInSpreads), lean};
    }

    /** P(a fill within the horizon) for an order with these features. */
    public double predict(double[] x) {
        return regression.predict(x);
    }

    /** A passive order now rests: it waits for its outcome. */
    public void placed(String clientOrderId, long atMs, double[] x) {
        if (x == null) {
            return;
        }
        if (pending.size() == MAX_PENDING) {
            pending.remove(0);
        }
        pending.add(new Pending(clientOrderId, atMs, x));
    }

    /** An order filled (some or all of it) at {@code atMs}: a 1 if within the horizon, else a 0. */
    public void filled(String clientOrderId, long atMs) {
        Pending p = take(clientOrderId);
        if (p != null) {
            boolean within = atMs - p.placedAtMs() <= HORIZON_MS;
            regression.learn(p.features(), within ? 1 : 0);
            if (within) {
                filledWithin++;
            }
        }
    }

    /** An order ended unfilled at {@code atMs}: a 0 if it waited the whole horizon, otherwise censored. */
    public void ended(String clientOrderId, long atMs) {
        Pending p = take(clientOrderId);
        if (p != null && atMs - p.placedAtMs() >= HORIZON_MS) {
            regression.learn(p.features(), 0);
        }
    }

    /**
     * An order left the book unfilled where its end has no time on the books' clock (a venue's cancel report):
     * censored. One past its horizon was labelled already, by {@link #expire} on the first book after it.
     */
    public void withdrawn(String clientOrderId) {
        take(clientOrderId);
    }

    /** Orders still unfilled past the horizon at {@code nowMs} are 0s. */
    public void expire(long nowMs) {
        for (int i = 0; i < pending.size(); ) {
            Pending p = pending.get(i);
            if (nowMs - p.placedAtMs() > HORIZON_MS) {
                pending.remove(i);
                regression.learn(p.features(), 0);
            } else {
                i++;
            }
        }
    }

    private Pending take(String clientOrderId) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).clientOrderId().equals(clientOrderId)) {
                return pending.remove(i);
            }
        }
        return null;
    }

    /** Orders labelled so far. */
    public long samples() {
        return regression.samples();
    }

    /** Of those, the ones that filled within the horizon. */
    public long filledWithin() {
        return filledWithin;
    }

    List<Pending> pending() {
        return pending;
    }

    double[] weights() {
        return regression.weights();
    }

    double[] covariance() {
        return regression.covariance();
    }

    void restore(double[] w, double[] covariance, long samples, long filledWithin, List<Pending> waiting) {
        regression.restore(w, covariance, samples);
        this.filledWithin = filledWithin;
        pending.clear();
        pending.addAll(waiting);
    }
}
