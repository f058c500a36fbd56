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
 * job accumulator {@link LatencyHistogram} for every order, which is what the benchmark reports. In a benchmark's
 * run, every book's age as it reaches the trading operator goes to the stage accumulator {@code book-at-trading}:
 * the hand-over's share of tick-to-order.
 */
public final class TradingMetrics {
    private final Counter orders;
    private final Counter rejections;
    private final Histogram tickToOrder;
    private final LatencyHistogram tickToOrderNanos;
    private final long recordFromNanos;
    private final LatencyHistogram bookAtTrading;

    public TradingMetrics(org.apache.flink.api.common.functions.RuntimeContext context, String strategy) {
        MetricGroup group = context.getMetricGroup().addGroup("strategy", strategy);
        tickToOrderNanos = LatencyHistogram.registered(context, strategy);
        recordFromNanos = LatencyHistogram.recordFrom(context);
        bookAtTrading = LatencyHistogram.measured(context)
                ? LatencyHistogram.registeredStage(context, "book-at-trading") : null;
        orders = group.counter("orders");
        group.meter("ordersPerSecond", new MeterView(orders, 60));
        rejections = group.counter("riskRejections");
        tickToOrder = group.histogram("tickToOrderMicros", new DescriptiveStatisticsHistogram(10_000));
    }

    /** A book reached the trading operator (timed only in a benchmark's run, after its warm-up). */
    public void bookArrived(BookTop book) {
        if (bookAtTrading != null && book.receivedAtNanos() >= recordFromNanos) {
            bookAtTrading.add(epochNanos() - book.receivedAtNanos());
        }
    }

    /** An order leaves, decided on {@code book}. */
    public void orderSent(BookTop book) {
        orders.inc();
        long nanos = epochNanos() - book.receivedAtNanos();
        tickToOrder.update(Math.max(0, nanos / 1_000));
        if (book.receivedAtNanos() >= recordFromNanos) {
            tickToOrderNanos.add(nanos);
        }
    }

    public void rejected() {
        rejections.inc();
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
