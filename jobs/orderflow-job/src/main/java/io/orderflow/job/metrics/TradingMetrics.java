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
 * run, tick-to-order is broken down into stage accumulators: every book's age as it reaches the trading operator
 * ({@value #EVERY_BOOK}); for the books that led to an order, the same age ({@value #ORDERING_BOOK}, the share of
 * the hops before the strategy) and the time from their arrival to the order leaving ({@value #DECISION}).
 */
public final class TradingMetrics {
    private final Counter orders;
    private final Counter rejections;
    private final Histogram tickToOrder;
    private final LatencyHistogram tickToOrderNanos;
    private final long recordFromNanos;
    private final LatencyHistogram bookAtTrading;
    private final LatencyHistogram orderingBookAtTrading;
    private final LatencyHistogram decision;
    /** Stage names, numbered in the order the benchmark prints them. */
    public static final String EVERY_BOOK = "1 every book in";
    public static final String ORDERING_BOOK = "2 ordering book in";
    public static final String DECISION = "3 decision";

    public TradingMetrics(org.apache.flink.api.common.functions.RuntimeContext context, String strategy) {
        MetricGroup group = context.getMetricGroup().addGroup("strategy", strategy);
        tickToOrderNanos = LatencyHistogram.registered(context, strategy);
        recordFromNanos = LatencyHistogram.recordFrom(context);
        boolean measured = LatencyHistogram.measured(context);
        bookAtTrading = measured ? LatencyHistogram.registeredStage(context, EVERY_BOOK) : null;
        orderingBookAtTrading = measured ? LatencyHistogram.registeredStage(context, ORDERING_BOOK) : null;
        decision = measured ? LatencyHistogram.registeredStage(context, DECISION) : null;
        orders = group.counter("orders");
        group.meter("ordersPerSecond", new MeterView(orders, 60));
        rejections = group.counter("riskRejections");
        tickToOrder = group.histogram("tickToOrderMicros", new DescriptiveStatisticsHistogram(10_000));
    }

    /**
     * A book reached the trading operator (timed only in a benchmark's run, after its warm-up).
     *
     * @return when (epoch nanoseconds), for {@link #orderSent}; 0 when not timed
     */
    public long bookArrived(BookTop book) {
        if (bookAtTrading == null || book.receivedAtNanos() < recordFromNanos) {
            return 0;
        }
        long now = epochNanos();
        bookAtTrading.add(now - book.receivedAtNanos());
        return now;
    }

    /** An order leaves, decided on {@code book}, which arrived at {@code arrivedAtNanos} ({@link #bookArrived}). */
    public void orderSent(BookTop book, long arrivedAtNanos) {
        orders.inc();
        long now = epochNanos();
        long nanos = now - book.receivedAtNanos();
        tickToOrder.update(Math.max(0, nanos / 1_000));
        if (book.receivedAtNanos() >= recordFromNanos) {
            tickToOrderNanos.add(nanos);
            if (decision != null && arrivedAtNanos != 0) {
                orderingBookAtTrading.add(arrivedAtNanos - book.receivedAtNanos());
                decision.add(now - arrivedAtNanos);
            }
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
