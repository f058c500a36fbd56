package io.orderflow.job.signals;

import io.orderflow.estimators.VolatilityEstimators;
import io.orderflow.estimators.Slippage;
import io.orderflow.estimators.OrderFlowImbalance;
import io.orderflow.estimators.BookFeatures;
import io.orderflow.estimators.RecursiveLeastSquares;
import io.orderflow.estimators.StoikovMicroPrice;
import io.orderflow.model.BookDepth;
import io.orderflow.model.BookTop;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one instrument's signals remember between book updates, and the logic over it, in plain Java (the
 * Flink operator is a thin shell that keeps one of these per key and fires {@link #closeSecond} on event time):
 * <ul>
 *   <li>per update: the book features and the Cont–Kukanov–Stoikov OFI event against the previous touch; and
 *       Stoikov's micro-price, its model learned from this instrument's own touch changes so far ({@link
 *       StoikovMicroPrice}, re-estimated at most once a second of event time);</li>
 *   <li>once per {@code samplingMs} (the first update of each slot): a sample for the pattern detector, with
 *       baselines of spread and depth so patterns can say "wider than usual": averages over event time, not over
 *       messages, so a venue that sends sixty messages a step does not drag them along within a blowout;</li>
 *   <li>once per second (its first update): the whole book walked for every configured order size (the levels
 *       the book operator carried for it), with an online
 *       regression of slippage on size/depth, recent volatility and spread, estimated before it learns;</li>
 *   <li>at the end of every second: a next-second mid-return forecast from imbalance, OFI, spread and trade flow,
 *       and for an instrument with a reference (the venue's BTC, {@link ReferenceReturns}) the reference's returns
 *       over the last two half seconds, by recursive least squares, scored against what happened and against the
 *       naive forecast (the sign of the imbalance); and short-horizon volatility against its rolling median, to
 *       label spikes.</li>
 * </ul>
 */
public final class InstrumentSignals {
    /**
     * Features x of the next-second model: 1, imbalance, OFI / touch size, spread (bps), trade flow / touch size;
     * then, once the instrument has a reference, the reference's return (bps) over the last half second and over
     * the half second before.
     */
    public static final int PREDICTOR_FEATURES = 5;
    public static final int REFERENCE_FEATURES = 2;
    /** The prior variance of a coefficient the next-second model has not learned yet (RLS's P₀ = δ·I). */
    private static final double PREDICTOR_PRIOR = 100;
    /** Features of the slippage model: 1, order notional / depth on its side, recent volatility (bps), spread. */
    public static final int SLIPPAGE_FEATURES = 4;
    /** The slippage model reports estimates once it has learned from this many walks. */
    public static final int SLIPPAGE_WARMUP = 20;
    private static final double CLIP = 10;
    private static final int CODEC_VERSION = 5;
    /** Touch changes counted before the first micro-price estimate, and between two. */
    static final long MICROPRICE_WARMUP = 300;
    static final long MICROPRICE_REFRESH = 200;
    /** Fields of an open second's accumulator (version 2 wrote seven: no gap flag, no fine variance). */
    private static final int SECOND_FIELDS = 9;
    /**
     * The grid of the spikes' short-horizon volatility: a second's realized variance is the sum of its squared
     * returns over slots this long (five a second), so a few seconds measure volatility from tens of returns
     * rather than a handful of 1 s ones, and a 3 s burst stands out of the noise.
     */
    static final long FINE_MS = 200;

    // previous touch, for OFI
    private boolean hasTouch;
    private long bid;
    private long ask;
    private double bidSize;
    private double askSize;
    // slow baselines for the patterns: time-weighted averages of the values as they held, as of baselineTimeMs
    private double spreadBaseline = Double.NaN;
    private double depthBaseline = Double.NaN;
    private long baselineTimeMs = Long.MIN_VALUE;
    private double heldSpread = Double.NaN;
    private double heldDepth = Double.NaN;
    private long lastSlot = Long.MIN_VALUE;
    private long lastSlippageSecond = Long.MIN_VALUE;
    /**
     * Per open second: ofi, signed traded base volume, imbalance, spread bps, mid, touch size, book updates, 1 if
     * the book restarted after a gap in it (then no return reaches into the second), and the sum of the squared
     * returns of its {@value #FINE_MS} ms slots (its realized variance on the fine grid).
     */
    private final TreeMap<Long, double[]> seconds = new TreeMap<>();
    // next-second model
    private RecursiveLeastSquares predictor;
    private long pendingSecond = Long.MIN_VALUE;
    private double[] pendingFeatures = new double[PREDICTOR_FEATURES];
    private double pendingForecast;
    private long hits;
    private long calls;
    // the reference's mids, once it has one: its features join the model then (an instrument without a reference
    // has no always-zero features, whose RLS variance would grow by 1/λ every second without bound)
    private boolean referenced;
    private ReferenceReturns reference = new ReferenceReturns();
    // volatility spikes
    private double lastMid = Double.NaN;
    private long lastSecond = Long.MIN_VALUE;
    private double[] recentSecondVolatility = new double[0];
    private int returnCount;
    private double[] volatilityHistory = new double[0];
    private int historyCount;
    private boolean inSpike;
    // the slippage walks' volatility: 1 s returns of the book's mid, kept by the books themselves (each second
    // complete once a later book arrives), so it never depends on how far the watermark had closed seconds
    private long gridSecond = Long.MIN_VALUE;
    private double gridMid = Double.NaN;
    private double gridClose = Double.NaN;
    private double[] bookReturns = new double[0];
    private int bookReturnCount;
    // the fine grid: the slot of the last book, its last mid, and the mid that closed the slot before it
    private long fineSlot = Long.MIN_VALUE;
    private double fineMid = Double.NaN;
    private double fineClose = Double.NaN;
    // slippage models per side
    private RecursiveLeastSquares buyCost;
    private RecursiveLeastSquares sellCost;
    // Stoikov's micro-price: its transition counts, and when (second, transitions counted) it was last estimated
    private StoikovMicroPrice microPrice = new StoikovMicroPrice();
    private long microPriceSecond = Long.MIN_VALUE;
    private long microPriceCounted;

    /** A sampled feature state, for the pattern detector. */
    public record Features(long timeMs, long updateId, double mid, double imbalance, double ofi, double weightedMid,
            double microprice, double spreadBps, double bidDepth, double askDepth, double spreadBaseline,
            double depthBaseline) {}

    /**
     * One order size walked through one side of the book after update {@code updateId}. {@code estimateBps} is null
     * while the model is warming up.
     */
    public record SlippageSample(long timeMs, long updateId, Side side, Slippage.Walk walk, double depth,
            double volatilityBps, double spreadBps, Double estimateBps, long modelUpdates) {}

    /**
     * The forecast made at the end of second {@code second − 1} for second {@code second}, and the outcome; {@code
     * naiveHit} scores the naive forecast, the sign of the imbalance (null where it or the outcome is zero).
     */
    public record Prediction(long second, double[] features, double forecastBps, double realizedBps, Boolean hit,
            long hits, long calls, Boolean naiveHit) {}

    /** A volatility spike at the end of {@code second}: annualized short-horizon volatility and its median. */
    public record Spike(long second, double volatility, double rollingMedian) {}

    /** What the end of a second produced; either may be null. */
    public record SecondResult(Prediction prediction, Spike spike) {}

    /**
     * What one book update produced: always the features; the sample and slippage walks when due; Stoikov's
     * micro-price (NaN until its model has learned from {@value #MICROPRICE_WARMUP} touch changes).
     */
    public record UpdateResult(Features features, boolean sampled, List<SlippageSample> slippage,
            double stoikovMicroprice) {}

    public UpdateResult onBook(BookTop top, SignalSettings s) {
        long t = top.exchangeTimeMs();
        if (top.afterGap()) {
            hasTouch = false; // how the touch changed across the gap is unknown: no OFI event for it
        }
        long b = top.bids().price(0);
        long a = top.asks().price(0);
        double qb = Decimals.toDouble(top.bids().size(0));
        double qa = Decimals.toDouble(top.asks().size(0));
        double ofi = hasTouch ? OrderFlowImbalance.event(b, qb, a, qa, bid, bidSize, ask, askSize) : 0;
        double stoikovAdjustment = microPriceAdjustment(t, b, qb, a, qa, top.afterGap() || !hasTouch
                || b != bid || a != ask || qb != bidSize || qa != askSize, top.afterGap());
        hasTouch = true;
        bid = b;
        ask = a;
        bidSize = qb;
        askSize = qa;

        double mid = BookFeatures.mid(top.bids(), top.asks());
        double imbalance = BookFeatures.imbalance(top.bids(), top.asks(), s.imbalanceLevels());
        double spread = BookFeatures.spreadBps(top.bids(), top.asks());
        BookDepth whole = wholeBook(top, s);
        double bidDepth = whole != null ? whole.bidNotional() : BookFeatures.depthWithinBps(top.bids(), mid, s.depthBps());
        double askDepth = whole != null ? whole.askNotional() : BookFeatures.depthWithinBps(top.asks(), mid, s.depthBps());
        double depth = bidDepth + askDepth;
        updateBaselines(t, spread, depth, s);
        Features f = new Features(t, top.sequence(), mid, imbalance, ofi, BookFeatures.weightedMid(top.bids(), top.asks()),
                BookFeatures.microprice(top.bids(), top.asks(), s.imbalanceLevels()), spread, bidDepth, askDepth,
                Double.isNaN(spreadBaseline) ? spread : spreadBaseline,
                Double.isNaN(depthBaseline) ? depth : depthBaseline);

        long second = secondOf(t);
        onGrid(Math.floorDiv(t, 1000), mid, top.afterGap(), s);
        onFineGrid(t, mid, top.afterGap());
        double[] acc = seconds.computeIfAbsent(second, k -> new double[SECOND_FIELDS]);
        if (top.afterGap()) {
            acc[7] = 1;
        }
        acc[0] += ofi;
        acc[2] = imbalance;
        acc[3] = spread;
        acc[4] = mid;
        acc[5] = qb + qa;
        acc[6]++;

        long slot = Math.floorDiv(t, s.samplingMs());
        boolean sampled = slot != lastSlot;
        lastSlot = slot;

        List<SlippageSample> walks = List.of();
        // the book operator says when a walk is due and carries the levels it needs; a top built elsewhere (no
        // whole-book measurements) is walked on the first update of each second
        boolean walkDue = whole != null ? whole.walkDue() : second != lastSlippageSecond;
        if (walkDue) {
            lastSlippageSecond = second;
            walks = walkTheBook(top, whole, mid, spread, bidDepth, askDepth, s);
        }
        return new UpdateResult(f, sampled, walks, mid + stoikovAdjustment);
    }

    /**
     * Counts a changed touch as a transition, re-estimates the model on the first update of a second when enough new
     * transitions came, then prices this book with the model as it stands (learned from earlier books only): the
     * adjustment to the mid, in price.
     */
    private double microPriceAdjustment(long t, long b, double qb, long a, double qa, boolean touchChanged, boolean afterGap) {
        if (touchChanged) {
            microPrice.observe(b, qb, a, qa, afterGap);
        }
        long second = Math.floorDiv(t, 1000);
        long counted = microPrice.observations();
        if (second != microPriceSecond && counted >= MICROPRICE_WARMUP
                && (!microPrice.estimated() || counted < microPriceCounted || counted - microPriceCounted >= MICROPRICE_REFRESH)) {
            microPriceSecond = second;
            microPriceCounted = counted;
            microPrice.estimate();
        }
        return microPrice.adjustment(b, qb, a, qa) / Decimals.UNIT;
    }

    /**
     * Advances the baselines to {@code t}: each decays towards the value that held since the last update by
     * 1 − e^(−Δt/τ) (the exact average of a step function under an exponential kernel), then the new values hold.
     * Messages of one millisecond move nothing but the value that holds next. Until some time has passed there is
     * no average: the baselines are the values that hold (NaN in the fields, read through the accessors).
     */
    private void updateBaselines(long t, double spread, double depth, SignalSettings s) {
        if (!Double.isNaN(heldSpread) && t > baselineTimeMs) {
            if (Double.isNaN(spreadBaseline)) {
                spreadBaseline = heldSpread; // one value held since the start: its average is itself
                depthBaseline = heldDepth;
            } else {
                double keep = Math.exp(-(t - baselineTimeMs) / (1000 * s.baselineSeconds()));
                spreadBaseline = keep * spreadBaseline + (1 - keep) * heldSpread;
                depthBaseline = keep * depthBaseline + (1 - keep) * heldDepth;
            }
        }
        baselineTimeMs = Math.max(baselineTimeMs, t);
        heldSpread = spread;
        heldDepth = depth;
    }

    /** Trade flow: the aggressor's signed base quantity, counted in the trade's own second. */
    public void onFlow(long timeMs, double signedBaseQuantity) {
        seconds.computeIfAbsent(secondOf(timeMs), k -> new double[SECOND_FIELDS])[1] += signedBaseQuantity;
    }

    /** A trade's signed base quantity: positive when the buyer took liquidity. */
    public static double signedQuantity(Trade trade) {
        return Decimals.toDouble(trade.size()) * (trade.aggressor() == Side.BUY ? 1 : -1);
    }

    /** A mid of this instrument's reference (at its own time; one that comes late still places the path). */
    public void onReferenceMid(long timeMs, double mid, boolean afterGap) {
        referenced = true;
        reference.onMid(timeMs, mid, afterGap);
    }

    /**
     * The open second an event at {@code timeMs} counts in: its own, or, if that second is already closed (the
     * event came later than the watermark allowed), the first open one, so nothing is lost or counted backwards.
     */
    public long secondOf(long timeMs) {
        long second = Math.floorDiv(timeMs, 1000);
        return lastSecond == Long.MIN_VALUE ? second : Math.max(second, lastSecond + 1);
    }

    /** The last second closed, or {@code Long.MIN_VALUE} before the first. */
    public long lastClosedSecond() {
        return lastSecond;
    }

    /** The earliest second still open, or null. The operator closes seconds in order as event time passes them. */
    public Long firstOpenSecond() {
        return seconds.isEmpty() ? null : seconds.firstKey();
    }

    /** Closes {@code second} (all its updates and trades have arrived): scores and makes forecasts, labels spikes. */
    public SecondResult closeSecond(long second, SignalSettings s) {
        double[] acc = seconds.remove(second);
        boolean hasBook = acc != null && acc[6] > 0;
        double mid = hasBook ? acc[4] : lastMid;
        if (Double.isNaN(mid)) {
            return new SecondResult(null, null); // trades before the first book: nothing to measure against
        }
        ensureModels(s);
        // the book restarted after a gap in this second: the move from the last close is not a return, and the
        // seconds between were not quiet but unseen
        boolean afterGap = acc != null && acc[7] > 0;
        // seconds without a book update kept the previous mid: no variance
        if (lastSecond != Long.MIN_VALUE && !afterGap) {
            for (long k = lastSecond + 1; k < second && k < lastSecond + recentSecondVolatility.length + 1; k++) {
                pushSecond(0);
            }
        }
        double r = Double.isNaN(lastMid) || afterGap ? Double.NaN : Math.log(mid / lastMid);

        Prediction prediction = null;
        if (pendingSecond != Long.MIN_VALUE && afterGap) {
            pendingSecond = Long.MIN_VALUE; // its outcome is unknown: neither scored nor learned from
        } else if (pendingSecond != Long.MIN_VALUE) {
            // the forecast was for pendingSecond + 1; if that second saw no update, the mid did not move in it
            double realized = pendingSecond + 1 == second ? r * 1e4 : 0;
            Boolean hit = null;
            if (realized != 0 && pendingForecast != 0) {
                hit = Math.signum(realized) == Math.signum(pendingForecast);
                calls++;
                if (hit) {
                    hits++;
                }
            }
            double imbalance = pendingFeatures[1];
            Boolean naiveHit = realized != 0 && imbalance != 0 ? Math.signum(realized) == Math.signum(imbalance) : null;
            predictor.update(pendingFeatures, realized);
            prediction = new Prediction(pendingSecond + 1, pendingFeatures, pendingForecast, realized, hit, hits, calls,
                    naiveHit);
            pendingSecond = Long.MIN_VALUE;
        }
        double[] referenceReturns = reference.features(second);
        if (hasBook) {
            double touch = acc[5] > 0 ? acc[5] : 1;
            double[] x = {1, acc[2], clip(acc[0] / touch), acc[3], clip(acc[1] / touch)};
            if (referenced) {
                predictor = withReferenceFeatures(predictor);
                x = Arrays.copyOf(x, PREDICTOR_FEATURES + REFERENCE_FEATURES);
                System.arraycopy(referenceReturns, 0, x, PREDICTOR_FEATURES, REFERENCE_FEATURES);
            }
            pendingFeatures = x;
            pendingForecast = predictor.predict(pendingFeatures);
            pendingSecond = second;
        }

        Spike spike = null;
        double fineVariance = acc == null ? 0 : acc[8];
        if (fineSlot != Long.MIN_VALUE && Math.floorDiv(fineSlot * FINE_MS, 1000) <= second
                && !Double.isNaN(fineClose)) {
            // the second is over, so is its last slot: its return counts now, not when the next book comes
            double last = Math.log(fineMid / fineClose);
            fineVariance += last * last;
            fineClose = fineMid;
        }
        if (!afterGap && !Double.isNaN(lastMid)) {
            pushSecond(Math.sqrt(fineVariance)); // the second's realized volatility on the fine grid
        }
        if (returnCount >= recentSecondVolatility.length && !afterGap) {
            double sumSquares = 0;
            for (double x : recentSecondVolatility) {
                sumSquares += x * x;
            }
            double vol = VolatilityEstimators.annualize(sumSquares / recentSecondVolatility.length, 1);
            int minimumHistory = volatilityHistory.length / 3;
            if (historyCount >= minimumHistory) {
                double median = median(volatilityHistory, Math.min(historyCount, volatilityHistory.length));
                boolean above = median > 0 && vol > s.spikeFactor() * median;
                if (above && !inSpike) {
                    spike = new Spike(second, vol, median); // labelled at onset, once per episode
                }
                inSpike = above;
            }
            volatilityHistory[historyCount++ % volatilityHistory.length] = vol;
        }
        lastMid = mid;
        lastSecond = second;
        return new SecondResult(prediction, spike);
    }

    /** The next-second model's coefficients as learned so far (in the order of its features), or none yet. */
    double[] forecastCoefficients() {
        return predictor == null ? new double[0] : predictor.coefficients();
    }

    /**
     * Recent volatility in bps per √s: the root of the mean realized variance (on the {@value #FINE_MS} ms grid) of
     * the last closed seconds.
     */
    public double recentVolatilityBps() {
        return rmsBps(recentSecondVolatility, returnCount);
    }

    /** The same over the seconds before the latest book's own: what the slippage walks use. */
    double bookVolatilityBps() {
        return rmsBps(bookReturns, bookReturnCount);
    }

    private static double rmsBps(double[] ring, int count) {
        int n = Math.min(count, ring.length);
        if (n == 0) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += ring[i] * ring[i];
        }
        return Math.sqrt(s / n) * 1e4;
    }

    /**
     * The first book of a later second completes the seconds before it: their 1 s return on the previous-tick grid
     * (zero for seconds without a book) goes into the ring. A book after a gap starts the grid afresh: no return
     * spans the gap, and the seconds it hid are not counted as quiet.
     */
    private void onGrid(long second, double mid, boolean afterGap, SignalSettings s) {
        ensureModels(s);
        if (gridSecond != Long.MIN_VALUE && second > gridSecond) {
            if (!Double.isNaN(gridClose)) {
                bookReturns[bookReturnCount++ % bookReturns.length] = Math.log(gridMid / gridClose);
            }
            for (long k = gridSecond + 1; k < second && k <= gridSecond + bookReturns.length && !afterGap; k++) {
                bookReturns[bookReturnCount++ % bookReturns.length] = 0;
            }
            gridClose = afterGap ? Double.NaN : gridMid;
        } else if (afterGap) {
            gridClose = Double.NaN; // within the second: its close is after the gap, the last one before it
        }
        if (second >= gridSecond) {
            gridSecond = second;
            gridMid = mid;
        }
    }

    /**
     * The top's whole-book measurements, or null if it has none. Measured in another band than the signals' they
     * would be silently wrong, so that is refused (the job configures both from the same settings).
     */
    private static BookDepth wholeBook(BookTop top, SignalSettings s) {
        BookDepth d = top.depth();
        if (d != null && d.bandBps() != s.depthBps()) {
            throw new IllegalArgumentException("book depth was measured within " + d.bandBps() + " bps of the mid "
                    + "but the signals' depth band is " + s.depthBps() + " bps: configure both from one setting");
        }
        return d;
    }

    /**
     * The first book of a later slot completes the slots before it: the squared return of the last one with a book
     * (slots without one kept its mid: zero returns) goes to its second's realized variance. No return spans a gap.
     */
    private void onFineGrid(long t, double mid, boolean afterGap) {
        long slot = Math.floorDiv(t, FINE_MS);
        if (fineSlot != Long.MIN_VALUE && slot > fineSlot) {
            double r = Double.isNaN(fineClose) ? 0 : Math.log(fineMid / fineClose);
            if (r != 0) {
                seconds.computeIfAbsent(secondOf(fineSlot * FINE_MS), k -> new double[SECOND_FIELDS])[8] += r * r;
            }
            fineClose = afterGap ? Double.NaN : fineMid;
        } else if (afterGap) {
            fineClose = Double.NaN;
        }
        if (slot >= fineSlot) {
            fineSlot = slot;
            fineMid = mid;
        }
    }

    private List<SlippageSample> walkTheBook(BookTop top, BookDepth whole, double mid, double spread, double bidDepth,
            double askDepth, SignalSettings s) {
        ensureModels(s);
        List<SlippageSample> out = new ArrayList<>(2 * s.slippageNotionals().length);
        double vol = bookVolatilityBps();
        for (Side side : new Side[] {Side.BUY, Side.SELL}) {
            boolean buy = side == Side.BUY;
            double depth = buy ? askDepth : bidDepth; // a buy walks the asks
            RecursiveLeastSquares model = buy ? buyCost : sellCost;
            for (double notional : s.slippageNotionals()) {
                PriceLevels levels = whole != null ? (buy ? whole.walkAsks() : whole.walkBids())
                        : (buy ? top.asks() : top.bids());
                Slippage.Walk w = Slippage.walk(levels, mid, notional, buy);
                Double estimate = null;
                if (depth > 0) {
                    double[] x = {1, notional / depth, vol, spread};
                    if (model.updates() >= SLIPPAGE_WARMUP) {
                        estimate = model.predict(x);
                    }
                    if (!w.partial() && !Double.isNaN(w.slippageBps())) {
                        model.update(x, w.slippageBps());
                    }
                }
                out.add(new SlippageSample(top.exchangeTimeMs(), top.sequence(), side, w, depth, vol, spread, estimate,
                        model.updates()));
            }
        }
        return out;
    }

    /**
     * The next-second model with the reference's features added, when it has not got them yet: what it learned
     * stays, the new coefficients start at 0 with the prior's variance.
     */
    private static RecursiveLeastSquares withReferenceFeatures(RecursiveLeastSquares m) {
        double[] theta = m.coefficients();
        int n = theta.length;
        if (n == PREDICTOR_FEATURES + REFERENCE_FEATURES) {
            return m;
        }
        int k = PREDICTOR_FEATURES + REFERENCE_FEATURES;
        double[] p = new double[k * k];
        double[] old = m.covariance();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                p[i * k + j] = i < n && j < n ? old[i * n + j] : i == j ? PREDICTOR_PRIOR : 0;
            }
        }
        return RecursiveLeastSquares.restore(m.forgetting(), Arrays.copyOf(theta, k), p, m.updates());
    }

    private void ensureModels(SignalSettings s) {
        if (predictor == null) {
            predictor = new RecursiveLeastSquares(PREDICTOR_FEATURES, s.forgetting(), PREDICTOR_PRIOR);
            buyCost = new RecursiveLeastSquares(SLIPPAGE_FEATURES, s.forgetting(), 100);
            sellCost = new RecursiveLeastSquares(SLIPPAGE_FEATURES, s.forgetting(), 100);
            recentSecondVolatility = new double[s.spikeWindowSeconds()];
            bookReturns = new double[s.spikeWindowSeconds()];
            volatilityHistory = new double[s.spikeHistorySeconds()];
        }
    }

    private void pushSecond(double volatility) {
        recentSecondVolatility[returnCount++ % recentSecondVolatility.length] = volatility;
    }

    private static double clip(double v) {
        return Math.max(-CLIP, Math.min(CLIP, v));
    }

    static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ---- state codec (plain java.io; the Flink serializer wraps it) ----

    public void write(DataOutput out) throws IOException {
        out.writeByte(CODEC_VERSION);
        out.writeBoolean(hasTouch);
        out.writeLong(bid);
        out.writeLong(ask);
        out.writeDouble(bidSize);
        out.writeDouble(askSize);
        out.writeDouble(spreadBaseline);
        out.writeDouble(depthBaseline);
        out.writeLong(lastSlot);
        out.writeLong(lastSlippageSecond);
        out.writeInt(seconds.size());
        for (Map.Entry<Long, double[]> e : seconds.entrySet()) {
            out.writeLong(e.getKey());
            writeDoubles(out, e.getValue());
        }
        out.writeBoolean(predictor != null);
        if (predictor != null) {
            writeModel(out, predictor);
            writeModel(out, buyCost);
            writeModel(out, sellCost);
        }
        out.writeLong(pendingSecond);
        writeDoubles(out, pendingFeatures);
        out.writeDouble(pendingForecast);
        out.writeLong(hits);
        out.writeLong(calls);
        out.writeDouble(lastMid);
        out.writeLong(lastSecond);
        writeDoubles(out, recentSecondVolatility);
        out.writeInt(returnCount);
        writeDoubles(out, volatilityHistory);
        out.writeInt(historyCount);
        out.writeBoolean(inSpike);
        out.writeLong(gridSecond);
        out.writeDouble(gridMid);
        out.writeDouble(gridClose);
        writeDoubles(out, bookReturns);
        out.writeInt(bookReturnCount);
        out.writeLong(baselineTimeMs);
        out.writeDouble(heldSpread);
        out.writeDouble(heldDepth);
        out.writeLong(fineSlot);
        out.writeDouble(fineMid);
        out.writeDouble(fineClose);
        microPrice.write(out);
        out.writeLong(microPriceSecond);
        out.writeLong(microPriceCounted);
        out.writeBoolean(referenced);
        reference.write(out);
    }

    public static InstrumentSignals read(DataInput in) throws IOException {
        int version = in.readByte();
        if (version < 1 || version > CODEC_VERSION) {
            throw new IOException("unknown instrument-signals state version " + version);
        }
        InstrumentSignals s = new InstrumentSignals();
        s.hasTouch = in.readBoolean();
        s.bid = in.readLong();
        s.ask = in.readLong();
        s.bidSize = in.readDouble();
        s.askSize = in.readDouble();
        s.spreadBaseline = in.readDouble();
        s.depthBaseline = in.readDouble();
        s.lastSlot = in.readLong();
        s.lastSlippageSecond = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            s.seconds.put(in.readLong(), Arrays.copyOf(readDoubles(in), SECOND_FIELDS));
        }
        if (in.readBoolean()) {
            s.predictor = readModel(in);
            s.buyCost = readModel(in);
            s.sellCost = readModel(in);
        }
        s.pendingSecond = in.readLong();
        s.pendingFeatures = readDoubles(in);
        s.pendingForecast = in.readDouble();
        s.hits = in.readLong();
        s.calls = in.readLong();
        s.lastMid = in.readDouble();
        s.lastSecond = in.readLong();
        s.recentSecondVolatility = readDoubles(in);
        s.returnCount = in.readInt();
        s.volatilityHistory = readDoubles(in);
        s.historyCount = in.readInt();
        s.inSpike = in.readBoolean();
        if (version >= 2) {
            s.gridSecond = in.readLong();
            s.gridMid = in.readDouble();
            s.gridClose = in.readDouble();
            s.bookReturns = readDoubles(in);
            s.bookReturnCount = in.readInt();
        } else {
            s.bookReturns = new double[s.recentSecondVolatility.length]; // version 1 had no book grid: it starts empty
        }
        if (version >= 3) {
            s.baselineTimeMs = in.readLong();
            s.heldSpread = in.readDouble();
            s.heldDepth = in.readDouble();
            s.fineSlot = in.readLong();
            s.fineMid = in.readDouble();
            s.fineClose = in.readDouble();
        } // else: baselines kept by messages; from the next update on they average over time
        if (version >= 4) {
            s.microPrice = StoikovMicroPrice.read(in);
            s.microPriceSecond = in.readLong();
            s.microPriceCounted = in.readLong();
        } // else: the micro-price starts learning from the next update
        if (version >= 5) {
            s.referenced = in.readBoolean();
            s.reference = ReferenceReturns.read(in);
        } // else: the reference's features join the model with its next mid
        return s;
    }

    private static void writeModel(DataOutput out, RecursiveLeastSquares m) throws IOException {
        out.writeDouble(m.forgetting());
        writeDoubles(out, m.coefficients());
        writeDoubles(out, m.covariance());
        out.writeLong(m.updates());
    }

    private static RecursiveLeastSquares readModel(DataInput in) throws IOException {
        double forgetting = in.readDouble();
        return RecursiveLeastSquares.restore(forgetting, readDoubles(in), readDoubles(in), in.readLong());
    }

    private static void writeDoubles(DataOutput out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double d : v) {
            out.writeDouble(d);
        }
    }

    private static double[] readDoubles(DataInput in) throws IOException {
        double[] v = new double[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }
}
