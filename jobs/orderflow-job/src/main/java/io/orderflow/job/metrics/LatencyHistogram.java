package io.orderflow.job.metrics;

import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Tick-to-order latencies in nanoseconds as a job accumulator: an HdrHistogram (3 significant digits, any range)
 * per subtask, merged by Flink when the job ends, so the benchmark reads exact percentiles over every order rather
 * than a metric's sample.
 */
public final class LatencyHistogram implements Accumulator<Long, LatencyHistogram.Recorded> {
    private static final long serialVersionUID = 1L;
    /** Accumulator names: this prefix and the strategy. */
    public static final String PREFIX = "tick-to-order-nanos/";
    /**
     * Global job parameter: orders decided on books received before this epoch-nanosecond instant are not
     * recorded (a benchmark's warm-up). Absent: every order is.
     */
    public static final String RECORD_FROM = "orderflow.tick-to-order.record-from-epoch-nanos";
    /**
     * Accumulator names of the decision path's stages: this prefix and the stage. Recorded only in runs that set
     * {@link #RECORD_FROM} (a benchmark): they time every book, not just the few that lead to an order.
     */
    public static final String STAGE_PREFIX = "stage-nanos/";

    private Histogram histogram = new Histogram(3);

    /**
     * The accumulator's value: the histogram, with a short {@code toString}. Flink's JobMaster turns every
     * accumulator into a string for the web UI whenever a TaskManager reports; HdrHistogram's own {@code toString}
     * lists every recorded bucket, and building that string kept a JobMaster thread busy (a fifth of the CPU samples
     * of a paced benchmark run). A wrapper, not a subclass: Java serialization cannot rebuild a subclass of
     * HdrHistogram outside its package.
     */
    public record Recorded(Histogram histogram) implements java.io.Serializable {
        @Override
        public String toString() {
            long n = histogram.getTotalCount();
            return n == 0 ? "no values" : String.format("%,d values, p50 %,d, p99 %,d, max %,d (ns)", n,
                    histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue());
        }
    }

    /** This subtask's histogram named {@link #PREFIX}{@code suffix}, registered on first use. */
    public static LatencyHistogram registered(RuntimeContext context, String suffix) {
        return registeredAs(context, PREFIX + suffix);
    }

    /** This subtask's histogram of one decision-path stage, {@link #STAGE_PREFIX}{@code stage}. */
    public static LatencyHistogram registeredStage(RuntimeContext context, String stage) {
        return registeredAs(context, STAGE_PREFIX + stage);
    }

    /** Whether this run measures latency (a benchmark set {@link #RECORD_FROM}). */
    public static boolean measured(RuntimeContext context) {
        return context.getGlobalJobParameters().get(RECORD_FROM) != null;
    }

    private static LatencyHistogram registeredAs(RuntimeContext context, String name) {
        if (context.getAccumulator(name) == null) {
            context.addAccumulator(name, new LatencyHistogram());
        }
        return (LatencyHistogram) context.<Long, Recorded>getAccumulator(name);
    }

    /** The {@link #RECORD_FROM} instant of the job (epoch nanoseconds), or the earliest possible without one. */
    public static long recordFrom(RuntimeContext context) {
        String from = context.getGlobalJobParameters().get(RECORD_FROM);
        return from == null ? Long.MIN_VALUE : Long.parseLong(from);
    }

    @Override
    public void add(Long nanos) {
        histogram.recordValue(Math.max(0, nanos));
    }

    @Override
    public Recorded getLocalValue() {
        return new Recorded(histogram);
    }

    @Override
    public void resetLocal() {
        histogram.reset();
    }

    @Override
    public void merge(Accumulator<Long, Recorded> other) {
        histogram.add(other.getLocalValue().histogram());
    }

    @Override
    public LatencyHistogram clone() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.histogram = histogram.copy();
        return copy;
    }
}
