package io.orderflow.job.metrics;

import io.orderflow.model.BookTop;
import java.time.Instant;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A trading operator's metrics under {@code strategy.<name>}: {@code orders} (counter of orders that passed risk
 * and left for the exchange), {@code ordersPerSecond} (meter, 60 s), {@code riskRejections} (counter), and
 * {@code tickToOrderMicros}: from the local receive time of the book message that triggered the decision to the
 * order leaving the operator (histogram over the last 10,000 orders). The same latency in nanoseconds goes to the
 * job accumulator {@link LatencyHistogram} for every order, which is what the benchmark reports.
 */
public final class TradingMetrics {
    private final Counter orders;
    private final Counter rejections;
    private final Histogram tickToOrder;
    private final LatencyHistogram tickToOrderNanos;
    private final long recordFromNanos;

    public TradingMetrics(org.apache.flink.api.common.functions.RuntimeContext context, String strategy) {
        MetricGroup group = context.getMetricGroup().addGroup("strategy", strategy);
        tickToOrderNanos = LatencyHistogram.registered(context, strategy);
        recordFromNanos = LatencyHistogram.recordFrom(context);
        orders = group.counter("orders");
        group.meter("ordersPerSecond", new MeterView(orders, 60));
        rejections = group.counter("riskRejections");
        tickToOrder = group.histogram("tickToOrderMicros", new DescriptiveStatisticsHistogram(10_000));
    }

    /** An order leaves, decided on {@code book}. */
    public void orderSent(BookTop book) {
        orders.inc();
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long nanos = nowNanos - book.receivedAtNanos();
        tickToOrder.update(Math.max(0, nanos / 1_000));
        if (book.receivedAtNanos() >= recordFromNanos) {
            tickToOrderNanos.add(nanos);
        }
    }

    public void rejected() {
        rejections.inc();
    }
}
