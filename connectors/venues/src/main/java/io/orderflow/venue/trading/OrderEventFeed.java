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
 * {@code pollInterval}: the status of every tracked order until it is final, then the fills since the last one
 * seen (trade history), in that order so that a fill naming only the venue's order id meets its order first. When
 * the stream comes back, one more poll covers what happened while it was away. Fills are passed on once, by
 * (symbol, fill id): venues number fills per symbol. An order update passes only when its status or filled
 * quantity changed; a report that leaves the filled quantity out (Kraken's cancel deltas) is looked up first.
 * Fills that name only the venue's order id get the client id of the tracked order when it is known; the caller
 * routes the others by the venue's order id.
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
    private final Map<String, VenueOrder> lastSeen = new ConcurrentHashMap<>(); // client id -> last state passed on
    private final Map<String, String> lastSymbol = new ConcurrentHashMap<>(); // final orders' client id -> symbol
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
        for (Map.Entry<String, String> e : trackedSymbols.entrySet()) {
            VenueOrder o = rest.lookup(e.getValue(), e.getKey(), Long.MAX_VALUE / 2);
            // "no such order" is not news: the placement may not have reached the venue yet (its own answer
            // settles it); only an order the venue holds is reported
            if (o.status() != OrderStatus.UNKNOWN && o.venueOrderId() != null) {
                deliver(new OrderEvent(e.getValue(), o, null, System.currentTimeMillis(), "poll"));
            }
        }
        long latest = fillsSinceMs;
        for (String symbol : symbols) {
            for (VenueFill f : rest.fills(symbol, fillsSinceMs)) {
                deliver(new OrderEvent(symbol, null, f, f.timeMs(), "poll"));
                latest = Math.max(latest, f.timeMs());
            }
        }
        // only a poll moves this on: a newer fill the stream brought must not hide older ones a poll has not read
        fillsSinceMs = latest;
    }

    /** The order a report without its filled quantity speaks of, looked up (on the poller thread). */
    private void resolve(OrderEvent e) {
        VenueOrder reported = e.order();
        String client = reported.clientOrderId() != null ? reported.clientOrderId()
                : clientIdsByVenueId.get(reported.venueOrderId());
        String symbol = client == null ? null : trackedSymbols.getOrDefault(client, lastSymbol.get(client));
        if (client == null || symbol == null) {
            return; // not an order of ours (another account user's, or one we no longer follow)
        }
        poller.execute(() -> {
            VenueOrder now = rest.lookup(symbol, client, Long.MAX_VALUE / 2);
            if (now.status() != OrderStatus.UNKNOWN && now.venueOrderId() != null) {
                deliver(new OrderEvent(symbol, now, null, e.timeMs(), e.source()));
            } else {
                LOG.warn("{}: order {} left the book ({}) but could not be looked up ({}); polls will settle it",
                        symbol, client, reported.reason(), now.reason());
            }
        });
    }

    private synchronized void deliver(OrderEvent e) {
        VenueFill fill = e.fill();
        VenueOrder order = e.order();
        if (order != null && order.filledUnknown()) {
            resolve(e);
            order = null;
        }
        if (order != null && order.venueOrderId() != null && order.clientOrderId() != null) {
            clientIdsByVenueId.put(order.venueOrderId(), order.clientOrderId());
        }
        if (fill != null) {
            if (fillsSeen.put(fill.symbol() + "/" + fill.fillId(), Boolean.TRUE) != null) {
                fill = null; // already passed on (the stream and a catch-up poll both saw it)
            } else {
                if (fill.clientOrderId() == null && fill.venueOrderId() != null) {
                    String client = clientIdsByVenueId.get(fill.venueOrderId());
                    fill = new VenueFill(fill.fillId(), client, fill.venueOrderId(), fill.symbol(), fill.side(),
                            fill.price(), fill.quantity(), fill.fee(), fill.maker(), fill.timeMs());
                }
            }
        }
        if (order != null) {
            VenueOrder previous = lastSeen.get(order.clientOrderId());
            if (previous != null && (olderThan(order, previous) || sameState(order, previous))) {
                order = null; // nothing new, or a REST answer read before news the stream already brought
            } else {
                lastSeen.put(order.clientOrderId(), order);
                if (isFinal(order.status())) {
                    String symbol = trackedSymbols.remove(order.clientOrderId());
                    if (symbol != null) {
                        lastSymbol.put(order.clientOrderId(), symbol);
                    }
                }
            }
        }
        if (order != null || fill != null) {
            sink.accept(new OrderEvent(e.symbol(), order, fill, e.timeMs(), e.source()));
        }
    }

    private static boolean sameState(VenueOrder a, VenueOrder b) {
        return a.status() == b.status() && a.filledQuantity() == b.filledQuantity();
    }

    /**
     * Whether {@code order} says less than {@code previous} already did: an order's filled quantity never falls and
     * a final order never changes, so such a report was read before the other (a poll answered while the stream
     * delivered the fill) and passing it on would move the order backwards.
     */
    private static boolean olderThan(VenueOrder order, VenueOrder previous) {
        return order.filledQuantity() < previous.filledQuantity()
                || (isFinal(previous.status()) && !sameState(order, previous));
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
