package io.orderflow.venue.trading;

import io.orderflow.model.execution.OrderStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's order updates and fills, whatever the private stream is doing. While the stream is live its
 * events pass through; while it is down (not yet authenticated, dropped, reconnecting) the feed polls REST every
 * {@code pollInterval}: the fills since the last one seen (trade history) and the status of every tracked order
 * until it is final. When the stream comes back, one more poll covers what happened while it was away. Fills are
 * passed on once, by fill id, whichever way they came; an order update only when its status or filled quantity
 * changed. Fills that name only the venue's order id get the client id of the tracked order.
 */
public final class OrderEventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderEventFeed.class);
    private static final int REMEMBERED_FILLS = 100_000;

    private final VenueTrading rest;
    private final OrderEventStream stream;
    private final Duration pollInterval;
    private final Consumer<OrderEvent> sink;
    private final ScheduledExecutorService poller;
    private final Map<String, String> trackedSymbols = new ConcurrentHashMap<>(); // client id -> symbol
    private final Map<String, String> clientIdsByVenueId = new ConcurrentHashMap<>();
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>(); // client id -> status/filled
    private final Set<String> symbols = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> fillsSeen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_FILLS;
        }
    };
    private volatile long fillsSinceMs;
    private volatile boolean wasLive;
    private volatile long polls;

    /** @param sinceMs fills at or after this time are news (for a restart: the last fill time already recorded) */
    public OrderEventFeed(VenueTrading rest, OrderEventStream stream, Duration pollInterval, long sinceMs,
            Consumer<OrderEvent> sink) {
        this.rest = rest;
        this.stream = stream;
        this.pollInterval = pollInterval;
        this.fillsSinceMs = sinceMs;
        this.sink = sink;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "order-event-poller");
            t.setDaemon(true);
            return t;
        });
    }

    /** Follow this order (and its symbol's fills) until it is final. */
    public void track(String symbol, String clientOrderId) {
        symbols.add(symbol);
        trackedSymbols.put(clientOrderId, symbol);
    }

    public void start() {
        stream.start(this::deliver);
        long every = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::pollIfNeeded, 0, every, TimeUnit.MILLISECONDS);
    }

    /**
     * One poll soon, whatever the stream is doing: after a restart, to learn what happened to the tracked orders
     * (and which fills came) while nobody was listening.
     */
    public void catchUp() {
        poller.execute(() -> {
            try {
                poll();
            } catch (RuntimeException e) {
                LOG.warn("catch-up poll failed ({}); the stream and later polls continue", e.getClass().getSimpleName());
            }
        });
    }

    /** Whether events come from the private stream right now (false: REST polling). */
    public boolean streaming() {
        return stream.live();
    }

    /** REST polls done so far (while the stream was down, and one after each return). */
    public long polls() {
        return polls;
    }

    private void pollIfNeeded() {
        boolean live = stream.live();
        try {
            if (!live || !wasLive) { // down, or just back: poll (once more) to cover the gap
                poll();
            }
        } catch (RuntimeException e) {
            LOG.warn("order poll failed ({}); next try in {} ms", e.getClass().getSimpleName(),
                    pollInterval.toMillis());
            return;
        }
        wasLive = live;
    }

    private void poll() {
        polls++;
        for (String symbol : symbols) {
            for (VenueFill f : rest.fills(symbol, fillsSinceMs)) {
                deliver(new OrderEvent(symbol, null, f, f.timeMs(), "poll"));
            }
        }
        for (Map.Entry<String, String> e : trackedSymbols.entrySet()) {
            VenueOrder o = rest.query(e.getValue(), e.getKey());
            // "no such order" is not news: the placement may not have reached the venue yet (its own answer
            // reports a refusal); only an order the venue holds is reported
            if (o.status() != OrderStatus.UNKNOWN && o.venueOrderId() != null) {
                deliver(new OrderEvent(e.getValue(), o, null, System.currentTimeMillis(), "poll"));
            }
        }
    }

    private synchronized void deliver(OrderEvent e) {
        VenueFill fill = e.fill();
        VenueOrder order = e.order();
        if (order != null && order.venueOrderId() != null && order.clientOrderId() != null) {
            clientIdsByVenueId.put(order.venueOrderId(), order.clientOrderId());
        }
        if (fill != null) {
            if (fillsSeen.put(fill.fillId(), Boolean.TRUE) != null) {
                fill = null; // already passed on (the stream and a catch-up poll both saw it)
            } else {
                fillsSinceMs = Math.max(fillsSinceMs, fill.timeMs());
                if (fill.clientOrderId() == null && fill.venueOrderId() != null) {
                    String client = clientIdsByVenueId.get(fill.venueOrderId());
                    fill = new VenueFill(fill.fillId(), client, fill.venueOrderId(), fill.symbol(), fill.side(),
                            fill.price(), fill.quantity(), fill.fee(), fill.maker(), fill.timeMs());
                }
            }
        }
        if (order != null) {
            String state = order.status() + "/" + order.filledQuantity();
            if (state.equals(lastSeen.put(order.clientOrderId(), state))) {
                order = null; // nothing new
            } else if (isFinal(order.status())) {
                trackedSymbols.remove(order.clientOrderId());
            }
        }
        if (order != null || fill != null) {
            sink.accept(new OrderEvent(e.symbol(), order, fill, e.timeMs(), e.source()));
        }
    }

    private static boolean isFinal(OrderStatus s) {
        return s == OrderStatus.FILLED || s == OrderStatus.CANCELLED || s == OrderStatus.REJECTED
                || s == OrderStatus.EXPIRED;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        stream.close();
    }
}
