package io.orderflow.job.bench;

import io.orderflow.job.metrics.LatencyHistogram;
import java.time.Instant;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * The latency floor of a benchmark pipeline that decides nothing: each record's age (now minus its local receive
 * stamp) where it arrives, into the same kind of histogram accumulator as tick-to-order, under {@link
 * LatencyHistogram#PREFIX}{@code arrival}. Records received before the warm-up's end are not counted.
 */
final class ArrivalProbe<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;
    /** The histogram's name after {@link LatencyHistogram#PREFIX}. */
    static final String NAME = "arrival";

    private final SerializableReceivedAt<T> receivedAtNanos;
    private transient LatencyHistogram histogram;
    private transient long recordFrom;

    /** Where a record keeps its local receive time, in epoch nanoseconds. */
    interface SerializableReceivedAt<T> extends ToLongFunction<T>, java.io.Serializable {}

    ArrivalProbe(SerializableReceivedAt<T> receivedAtNanos) {
        this.receivedAtNanos = receivedAtNanos;
    }

    @Override
    public void open(OpenContext openContext) {
        histogram = LatencyHistogram.registered(getRuntimeContext(), NAME);
        recordFrom = LatencyHistogram.recordFrom(getRuntimeContext());
    }

    @Override
    public T map(T record) {
        long received = receivedAtNanos.applyAsLong(record);
        if (received >= recordFrom) {
            Instant now = Instant.now();
            histogram.add(now.getEpochSecond() * 1_000_000_000L + now.getNano() - received);
        }
        return record;
    }
}
