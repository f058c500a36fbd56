package io.orderflow.job.metrics;

import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Tick-to-order latencies in nanoseconds as a job accumulator: an HdrHistogram (3 significant digits, any range)
 * per subtask, merged by Flink when the job ends, so the benchmark reads exact percentiles over every order rather
 * than a metric's sample.
 */
public final class LatencyHistogram implements Accumulator<Long, Histogram> {
    private static final long serialVersionUID = 1L;
    /** Accumulator names: this prefix and the strategy. */
    public static final String PREFIX = "tick-to-order-nanos/";
    /**
     * Global job parameter: orders decided on books received before this epoch-nanosecond instant are not
     * recorded (a benchmark's warm-up). Absent: every order is.
     */
    public static final String RECORD_FROM = "orderflow.tick-to-order.record-from-epoch-nanos";

    private Histogram histogram = new Histogram(3);

    /** This subtask's histogram named {@link #PREFIX}{@code suffix}, registered on first use. */
    public static LatencyHistogram registered(RuntimeContext context, String suffix) {
        String name = PREFIX + suffix;
        if (context.getAccumulator(name) == null) {
            context.addAccumulator(name, new LatencyHistogram());
        }
        return (LatencyHistogram) context.<Long, Histogram>getAccumulator(name);
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
    public Histogram getLocalValue() {
        return histogram;
    }

    @Override
    public void resetLocal() {
        histogram.reset();
    }

    @Override
    public void merge(Accumulator<Long, Histogram> other) {
        histogram.add(other.getLocalValue());
    }

    @Override
    public LatencyHistogram clone() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.histogram = histogram.copy();
        return copy;
    }
}
