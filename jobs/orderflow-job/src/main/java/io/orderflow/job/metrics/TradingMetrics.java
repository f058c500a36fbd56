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
 * order leaving the operator (histogram over the last 10,000 orders).
 */
public final class TradingMetrics {
    private final Counter orders;
    private final Counter rejections;
    private final Histogram tickToOrder;

    public TradingMetrics(MetricGroup operator, String strategy) {
        MetricGroup group = operator.addGroup("strategy", strategy);
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
        tickToOrder.update(Math.max(0, (nowNanos - book.receivedAtNanos()) / 1_000));
    }

    public void rejected() {
        rejections.inc();
    }
}
