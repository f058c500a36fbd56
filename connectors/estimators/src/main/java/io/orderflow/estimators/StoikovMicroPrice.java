package io.orderflow.estimators;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Stoikov's micro-price (2018, "The micro-price: a high-frequency estimator of future prices"), estimated online from
 * the book's own history: P = mid + g(I, S), where g is the expected mid change at the limit of the mid's future
 * changes given the touch imbalance I = Q_bid / (Q_bid + Q_ask) and the spread S.
 *
 * <p>Estimation, as in the paper:
 * <ul>
 *   <li>the state x = (I in {@value #IMBALANCE_BUCKETS} equal buckets of [0, 1], S in 1, 2, ≥ 3 units), where a
 *       unit is the smallest spread seen (the tick, or the venue's usual spread on a book that never quotes it).
 *       The paper uses ten imbalance buckets on a day of quotes; five keep the estimate steady after the few
 *       hundred touch changes a live model has to start from (measured on the simulated venues: with ten, one
 *       venue's estimate after ~700 changes forecast worse than the mid);
 *   <li>each update that changed the touch is a transition from the previous one's state, with the mid change dM
 *       (in units); each is also counted mirrored, (1 − I, S, −dM), so the estimate has no drift and is
 *       antisymmetric in the imbalance;
 *   <li>Q (transitions without a mid change), T (with one) and R (the mean dM leaving each state, 0 for no change)
 *       give G¹ = (1 − Q)⁻¹R, B = (1 − Q)⁻¹T and g = Σ_{i≥1} Bⁱ⁻¹G¹, summed until a term is negligible (the
 *       paper finds six enough).
 * </ul>
 *
 * A state never seen has g = 0 (the mid). The estimate is refreshed by {@link #estimate}; plain Java, no Flink.
 */
public final class StoikovMicroPrice {
    public static final int IMBALANCE_BUCKETS = 5;
    public static final int SPREAD_BUCKETS = 3;
    static final int STATES = IMBALANCE_BUCKETS * SPREAD_BUCKETS;
    private static final int MAX_TERMS = 500;
    /**
     * Q is scaled by 1 − LEAK: states that only ever lead to one another without a mid change (seen rarely, or a
     * book that stood still) would make 1 − Q singular; with the leak their g is 0, and every other state's moves by
     * a relative 10⁻⁹ at most.
     */
    private static final double LEAK = 1e-9;

    private long unit; // the smallest spread seen, in price units (Decimals); 0 before any
    private int previousState = -1;
    private long previousMid2; // twice the previous mid, in price units, exact
    private long observations;
    private final long[] leaving = new long[STATES];
    private final long[] unchanged = new long[STATES * STATES];
    private final long[] changed = new long[STATES * STATES];
    private final double[] moves = new double[STATES]; // Σ dM over the transitions leaving each state
    private double[] adjustment; // g per state, in units; null before an estimate

    /**
     * One update of the touch.
     *
     * @param bid and {@code ask}: prices in the book's fixed-point units
     * @param afterGap the book was rebuilt: no transition reaches this update from the one before
     */
    public void observe(long bid, double bidSize, long ask, double askSize, boolean afterGap) {
        long spread = ask - bid;
        if (spread <= 0 || !(bidSize + askSize > 0)) {
            previousState = -1;
            return; // crossed, locked or empty: no state
        }
        if (unit == 0 || spread < unit) {
            // a smaller unit changes what every bucket means: start again on it
            reset();
            unit = spread;
        }
        int state = state(bidSize / (bidSize + askSize), spread);
        long mid2 = bid + ask;
        if (previousState >= 0 && !afterGap) {
            double dM = (mid2 - previousMid2) / 2.0 / unit;
            count(previousState, state, dM);
            count(mirror(previousState), mirror(state), -dM);
            observations++;
        }
        previousState = state;
        previousMid2 = mid2;
    }

    private void count(int from, int to, double dM) {
        leaving[from]++;
        if (dM == 0) {
            unchanged[from * STATES + to]++;
        } else {
            changed[from * STATES + to]++;
            moves[from] += dM;
        }
    }

    private void reset() {
        Arrays.fill(leaving, 0);
        Arrays.fill(unchanged, 0);
        Arrays.fill(changed, 0);
        Arrays.fill(moves, 0);
        observations = 0;
        adjustment = null;
        previousState = -1;
    }

    int state(double imbalance, long spread) {
        int i = Math.min(IMBALANCE_BUCKETS - 1, (int) (imbalance * IMBALANCE_BUCKETS));
        int s = (int) Math.min(SPREAD_BUCKETS, Math.max(1, Math.round((double) spread / unit))) - 1;
        return s * IMBALANCE_BUCKETS + i;
    }

    static int mirror(int state) {
        int s = state / IMBALANCE_BUCKETS, i = state % IMBALANCE_BUCKETS;
        return s * IMBALANCE_BUCKETS + (IMBALANCE_BUCKETS - 1 - i);
    }

    /**
     * Re-estimates g from every transition counted so far. Returns false (keeping the previous estimate) if the
     * system could not be solved.
     */
    public boolean estimate() {
        int k = STATES;
        double[][] a = new double[k][2 * k + 1]; // [1 − Q | T | R]
        for (int x = 0; x < k; x++) {
            a[x][x] = 1;
            if (leaving[x] == 0) {
                continue; // never seen: its row stays the identity, with g = 0
            }
            double n = leaving[x];
            for (int y = 0; y < k; y++) {
                a[x][y] -= (1 - LEAK) * unchanged[x * k + y] / n;
                a[x][k + y] = changed[x * k + y] / n;
            }
            a[x][2 * k] = moves[x] / n;
        }
        if (!GaussJordan.reduce(a, k, 1e-12)) {
            return false;
        }
        double[] g1 = new double[k];
        double[][] b = new double[k][k];
        for (int x = 0; x < k; x++) {
            g1[x] = a[x][2 * k];
            System.arraycopy(a[x], k, b[x], 0, k);
        }
        double[] g = g1.clone();
        double[] term = g1;
        for (int i = 1; i < MAX_TERMS; i++) {
            double[] next = new double[k];
            double largest = 0;
            for (int x = 0; x < k; x++) {
                double v = 0;
                for (int y = 0; y < k; y++) {
                    v += b[x][y] * term[y];
                }
                next[x] = v;
                g[x] += v;
                largest = Math.max(largest, Math.abs(v));
            }
            term = next;
            if (largest < 1e-12) {
                break;
            }
        }
        adjustment = g;
        return true;
    }

    /** True once an estimate exists. */
    public boolean estimated() {
        return adjustment != null;
    }

    /** Transitions counted (each once, without its mirror) since the unit was last set. */
    public long observations() {
        return observations;
    }

    /**
     * The micro-price's adjustment to the mid, in the book's price units (a double: a forecast, not a price to
     * trade at); NaN before an estimate or for a book with no state.
     */
    public double adjustment(long bid, double bidSize, long ask, double askSize) {
        long spread = ask - bid;
        if (adjustment == null || spread <= 0 || !(bidSize + askSize > 0)) {
            return Double.NaN;
        }
        return adjustment[state(bidSize / (bidSize + askSize), spread)] * unit;
    }

    /** g per state, in units of the smallest spread: imbalance bucket fastest, then spread bucket. */
    public double[] adjustments() {
        return adjustment == null ? null : adjustment.clone();
    }

    /** The unit: the smallest spread seen, in price units. */
    public long unit() {
        return unit;
    }

    /** Writes the state; the transition counts sparsely (most pairs of states never follow one another). */
    public void write(DataOutput out) throws IOException {
        out.writeLong(unit);
        out.writeInt(previousState);
        out.writeLong(previousMid2);
        out.writeLong(observations);
        for (int x = 0; x < STATES; x++) {
            out.writeLong(leaving[x]);
            out.writeDouble(moves[x]);
        }
        writeSparse(out, unchanged);
        writeSparse(out, changed);
        out.writeBoolean(adjustment != null);
        if (adjustment != null) {
            for (double v : adjustment) {
                out.writeDouble(v);
            }
        }
    }

    public static StoikovMicroPrice read(DataInput in) throws IOException {
        StoikovMicroPrice m = new StoikovMicroPrice();
        m.unit = in.readLong();
        m.previousState = in.readInt();
        m.previousMid2 = in.readLong();
        m.observations = in.readLong();
        for (int x = 0; x < STATES; x++) {
            m.leaving[x] = in.readLong();
            m.moves[x] = in.readDouble();
        }
        readSparse(in, m.unchanged);
        readSparse(in, m.changed);
        if (in.readBoolean()) {
            m.adjustment = new double[STATES];
            for (int x = 0; x < STATES; x++) {
                m.adjustment[x] = in.readDouble();
            }
        }
        return m;
    }

    private static void writeSparse(DataOutput out, long[] counts) throws IOException {
        int nonZero = 0;
        for (long c : counts) {
            nonZero += c != 0 ? 1 : 0;
        }
        out.writeInt(nonZero);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.writeShort(i);
                out.writeLong(counts[i]);
            }
        }
    }

    private static void readSparse(DataInput in, long[] counts) throws IOException {
        int nonZero = in.readInt();
        for (int j = 0; j < nonZero; j++) {
            counts[in.readShort()] = in.readLong();
        }
    }
}
