package io.orderflow.job.trading;

import io.orderflow.job.iceberg.Rows;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.venue.trading.Backoff;
import io.orderflow.venue.trading.TokenBucket;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenueTrading;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.table.data.RowData;

/**
 * Sends risk-checked intents to a venue from Flink's async I/O operator, one {@code orders} row per outcome
 * (ACKED, FILLED, PARTIALLY_FILLED, REJECTED with the venue's reason, or UNKNOWN). Orders leave at most at the
 * venue's documented order rate ({@link TokenBucket#forVenue}), one at a time, in arrival order.
 *
 * <p>Exactly one order per decision, across failures: the async operator checkpoints the intents in flight and
 * sends them again after a restore. The client order id is derived from the decision, so a second send meets
 * the venue's duplicate-id refusal and the adapter reports the order as it stands; a lost answer is reconciled by
 * querying the id. Nothing is ever placed twice.
 */
public final class VenueExecutionFunction extends RichAsyncFunction<OrderIntent, RowData> {
    private static final long serialVersionUID = 1L;

    private final VenueConnection connection;
    private transient VenueTrading trading;
    private transient ExecutorService calls;
    private transient TokenBucket rate;

    public VenueExecutionFunction(VenueConnection connection) {
        this.connection = connection;
    }

    @Override
    public void open(OpenContext context) {
        trading = connection.open();
        rate = TokenBucket.forVenue(connection.venue(), System.currentTimeMillis());
        // blocking REST calls run here, off the task thread; one thread keeps a venue's orders in sequence
        calls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "execution-" + connection.venue());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void asyncInvoke(OrderIntent intent, ResultFuture<RowData> result) {
        CompletableFuture.supplyAsync(() -> {
            // stay inside the venue's documented order rate; its 429s remain the exception, handled by the adapter
            for (long wait = rate.waitMs(System.currentTimeMillis()); wait > 0;
                    wait = rate.waitMs(System.currentTimeMillis())) {
                Backoff.pause(wait);
            }
            rate.tryTake(System.currentTimeMillis());
            return trading.place(intent);
        }, calls).whenComplete((order, error) -> {
            VenueOrder o = error == null ? order : VenueOrder.unknown(intent.clientOrderId(),
                    "execution failed: " + error.getClass().getSimpleName());
            result.complete(List.of(row(intent, o)));
        });
    }

    @Override
    public void timeout(OrderIntent intent, ResultFuture<RowData> result) {
        result.complete(List.of(row(intent, VenueOrder.unknown(intent.clientOrderId(),
                "no answer within the operator's timeout; reconcile by client id"))));
    }

    static RowData row(OrderIntent i, VenueOrder o) {
        return Rows.order(new OrderUpdate(i.clientOrderId(), i.strategy(), i.venue(), i.symbol(), i.side(), i.type(),
                i.price(), i.quantity(), o.filledQuantity(), o.status(),
                o.status() == OrderStatus.ACKED ? "venue order " + o.venueOrderId() : o.reason(), i.decisionTimeMs()));
    }

    @Override
    public void close() {
        if (calls != null) {
            calls.shutdownNow();
        }
        if (trading != null) {
            trading.close();
        }
    }
}
