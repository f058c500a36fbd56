package io.orderflow.execution.strategy;

import io.orderflow.execution.state.StrategyMemory;
import io.orderflow.execution.state.TradingState;

import io.orderflow.model.BookTop;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.util.List;
import java.util.Locale;

/**
 * Imbalance momentum, triggered by the pattern {@code sustained_imbalance}: when the book has leaned one way
 * for several samples in a row, take liquidity in that direction (an IOC limit at the opposite touch) and hold
 * for a fixed time; leave early when the pattern {@code imbalance_flip} or a sustained imbalance the other way
 * says the pressure turned. Exits are IOC limits at the opposite touch too, retried once a second until flat.
 *
 * <p>The job matches the patterns on the instrument's own books ({@link ImbalanceTriggers}) and hands a match over
 * just before the book that completed it, so the strategy acts on that book; it acts only if the book it acts on
 * still leans the matched way (its top-{@value #LEVELS} imbalance beyond half the pattern's threshold,
 * {@value #CONFIRM}), and a match older than {@code maxSignalAgeMs} by then (one that reached it late, e.g. while
 * a position was open) is dropped whatever the book says.
 */
public final class ImbalanceMomentumStrategy implements Strategy {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "imbalance-momentum";
    public static final String SUSTAINED_IMBALANCE = "sustained_imbalance";
    public static final String IMBALANCE_FLIP = "imbalance_flip";
    private static final long EXIT_RETRY_MS = 1_000;
    private static final int LEVELS = 5;
    private static final double CONFIRM = 0.3;

    private final long quantity;
    private final long holdMs;
    private final long maxSignalAgeMs;

    public ImbalanceMomentumStrategy(long quantity, long holdMs, long maxSignalAgeMs) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("momentum order quantity must be positive");
        }
        if (holdMs <= 0 || maxSignalAgeMs <= 0) {
            throw new IllegalArgumentException("momentum hold time and signal age must be positive, got "
                    + holdMs + " and " + maxSignalAgeMs + " ms");
        }
        this.quantity = quantity;
        this.holdMs = holdMs;
        this.maxSignalAgeMs = maxSignalAgeMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onSignal(Signal signal, TradingState state) {
        StrategyMemory m = state.memory();
        int sign = (int) Math.signum(signal.value());
        if (sign == 0) {
            return;
        }
        long position = Long.signum(state.position());
        if (position != 0 && (signal.name().equals(IMBALANCE_FLIP) || signal.name().equals(SUSTAINED_IMBALANCE))
                && sign == -position) {
            m.put("exit-requested", 1); // the pressure turned against the position
        }
        if (signal.name().equals(SUSTAINED_IMBALANCE)) {
            m.put("signal-time", signal.timeMs());
            m.put("signal-side", sign);
            m.put("signal-imbalance-e6", Math.round(signal.value() * 1e6));
        }
    }

    @Override
    public List<OrderIntent> onBook(BookTop book, TradingState state) {
        if (!book.twoSided()) {
            return List.of();
        }
        StrategyMemory m = state.memory();
        long now = book.exchangeTimeMs();
        long position = state.position();
        if (position != 0) {
            boolean held = now - m.get("entry-time", now) >= holdMs;
            boolean turned = m.get("exit-requested", 0) == 1;
            if ((held || turned) && now - m.get("last-exit", Long.MIN_VALUE / 2) >= EXIT_RETRY_MS
                    && state.openOrders().isEmpty()) {
                m.put("last-exit", now);
                Side side = position > 0 ? Side.SELL : Side.BUY;
                return List.of(order(book, side, Math.abs(position), turned
                        ? "exit: the imbalance turned against the position"
                        : "exit after holding " + holdMs + " ms").asReduceOnly());
            }
            return List.of();
        }
        m.put("exit-requested", 0);
        long signalTime = m.get("signal-time", Long.MIN_VALUE);
        if (signalTime == Long.MIN_VALUE || !state.openOrders().isEmpty()) {
            return List.of();
        }
        m.put("signal-time", Long.MIN_VALUE); // a signal is used once, or dropped
        Side side = m.get("signal-side", 0) > 0 ? Side.BUY : Side.SELL;
        double lean = io.orderflow.estimators.BookFeatures.imbalance(book.bids(), book.asks(), LEVELS) * side.sign();
        if (now - signalTime > maxSignalAgeMs || lean < CONFIRM) {
            return List.of();
        }
        m.put("entry-time", now);
        state.recordDecision(now);
        return List.of(order(book, side, quantity, String.format(Locale.ROOT,
                "sustained imbalance %.3f matched %d ms before, book still leans %.3f: momentum entry",
                m.get("signal-imbalance-e6", 0) / 1e6, now - signalTime, lean * side.sign())));
    }

    /** An IOC limit at the opposite touch: takes what is there at that price, never walks further. */
    private OrderIntent order(BookTop book, Side side, long qty, String reason) {
        long price = side == Side.BUY ? book.bestAsk() : book.bestBid();
        long mid = (book.bestBid() + book.bestAsk()) / 2;
        return new OrderIntent(ClientOrderIds.of(NAME, book.venue(), book.symbol(), book.sequence(), side), NAME,
                book.venue(), book.symbol(), side, OrderType.LIMIT, TimeInForce.IOC, price, qty, book.exchangeTimeMs(),
                book.receivedAtNanos(), mid, reason);
    }
}
