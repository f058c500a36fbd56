package io.orderflow.exchange;

import io.orderflow.book.ArrayOrderBook;
import io.orderflow.book.OrderBook;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A simulated market, independent of any venue's wire format: each symbol's book follows a hidden fair price (a
 * Gaussian random walk); every step (100 ms of exchange time by default) moves the book towards it, touches a few
 * levels near the top, and sometimes prints a trade that takes liquidity. Each step reports the level changes in
 * order, with the best bid/offer after each one, so a venue protocol can render them in its own dialect
 * (per-change ids and BBO messages for Binance, one aggregated update for OKX, one message per level for Kraken).
 * Deterministic for a seed.
 */
public final class SimulatedMarket {

    /** One simulated instrument. Prices and sizes as decimal strings, e.g. ("BTCUSDT", "60000", "0.1", "0.001"). */
    public record Instrument(String symbol, String initialPrice, String tickSize, String lotSize) {}

    /** A level set to an absolute size (0 removes it), and the best bid/offer right after. */
    public record Change(Side side, long price, long size, long bidPrice, long bidSize, long askPrice, long askSize) {}

    /** A trade: the aggressor took {@code size} at the resting {@code price}. */
    public record Print(long id, Side aggressor, long price, long size) {}

    /** What happened to one symbol in one step. */
    public record SymbolStep(String symbol, long timeMs, List<Change> changes, List<Print> trades) {}

    private static final int DEPTH = 60;

    private final long stepMs;
    private final long maxSteps;
    private final double volatilityPerStep;
    private final SplittableRandom random;
    private final Map<String, State> symbols = new LinkedHashMap<>();
    private long clockMs;
    private long steps;

    /**
     * @param startTimeMs exchange time of the first step
     * @param stepMs exchange time between steps
     * @param maxSteps steps before the market closes; 0 for never
     * @param volatilityPerStep standard deviation of the fair price's log change per step
     */
    public SimulatedMarket(List<Instrument> instruments, long startTimeMs, long stepMs, long maxSteps,
            double volatilityPerStep, long seed) {
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("a simulated market needs at least one instrument");
        }
        if (stepMs <= 0) {
            throw new IllegalArgumentException("stepMs must be positive, got " + stepMs);
        }
        this.stepMs = stepMs;
        this.maxSteps = maxSteps;
        this.volatilityPerStep = volatilityPerStep;
        this.random = new SplittableRandom(seed);
        this.clockMs = startTimeMs;
        for (Instrument i : instruments) {
            symbols.put(i.symbol(), new State(i));
        }
    }

    /** BTC and ETH under the given symbols (venues spell them differently: BTCUSDT, BTC-USDT, PI_XBTUSD, ...). */
    public static List<Instrument> btcAndEth(String btcSymbol, String ethSymbol) {
        return List.of(new Instrument(btcSymbol, "60000", "0.1", "0.001"),
                new Instrument(ethSymbol, "3000", "0.01", "0.001"));
    }

    public long stepMs() {
        return stepMs;
    }

    public synchronized long clockMs() {
        return clockMs;
    }

    public List<String> symbols() {
        return List.copyOf(symbols.keySet());
    }

    /** The next step for every symbol, or null when the market has closed. */
    public synchronized List<SymbolStep> step() {
        if (maxSteps > 0 && steps >= maxSteps) {
            return null;
        }
        steps++;
        clockMs += stepMs;
        List<SymbolStep> out = new ArrayList<>(symbols.size());
        for (State s : symbols.values()) {
            out.add(s.step());
        }
        return out;
    }

    /** Traded notional (price x size, quote currency) per symbol since the start, and the last trade price. */
    public synchronized Map<String, long[]> tradeStats() {
        Map<String, long[]> out = new LinkedHashMap<>();
        symbols.forEach((k, s) -> out.put(k, new long[] {s.notional.movePointRight(8).longValue(), s.lastPrice}));
        return out;
    }

    /** A copy of a symbol's true book now, or null for an unknown symbol. */
    public synchronized OrderBook book(String symbol) {
        State s = symbols.get(symbol);
        if (s == null) {
            return null;
        }
        ArrayOrderBook copy = new ArrayOrderBook();
        copy.replace(s.book.top(Side.BUY, Integer.MAX_VALUE), s.book.top(Side.SELL, Integer.MAX_VALUE));
        return copy;
    }

    private final class State {
        final String symbol;
        final long tick;
        final long lot;
        final ArrayOrderBook book = new ArrayOrderBook();
        double fair;
        long tradeId;
        java.math.BigDecimal notional = java.math.BigDecimal.ZERO;
        long lastPrice;
        List<Change> changes;

        State(Instrument i) {
            symbol = i.symbol();
            tick = Decimals.parse(i.tickSize());
            lot = Decimals.parse(i.lotSize());
            fair = Decimals.toDouble(Decimals.parse(i.initialPrice()));
            changes = new ArrayList<>();
            realign();
        }

        SymbolStep step() {
            changes = new ArrayList<>();
            List<Print> trades = new ArrayList<>(1);
            fair *= Math.exp(volatilityPerStep * random.nextGaussian());
            realign();
            int touches = 2 + random.nextInt(6);
            for (int i = 0; i < touches; i++) {
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                int level = Math.min(book.depth(side) - 1, random.nextInt(10));
                if (level >= 0) {
                    set(side, book.price(side, level), randomSize());
                }
            }
            if (random.nextInt(3) == 0) {
                Side aggressor = random.nextBoolean() ? Side.BUY : Side.SELL;
                Side resting = aggressor.opposite();
                if (book.depth(resting) > 0) {
                    long price = book.price(resting, 0);
                    long available = book.size(resting, 0);
                    long size = Math.min(available, lot * (1 + random.nextInt(200)));
                    trades.add(new Print(++tradeId, aggressor, price, size));
                    notional = notional.add(Decimals.toBigDecimal(price).multiply(Decimals.toBigDecimal(size)));
                    lastPrice = price;
                    set(resting, price, available - size);
                }
            }
            return new SymbolStep(symbol, clockMs, changes, trades);
        }

        long randomSize() {
            return lot * (1 + random.nextInt(2_000));
        }

        void set(Side side, long price, long size) {
            if (size == book.sizeAt(side, price)) {
                return;
            }
            book.set(side, price, size);
            changes.add(new Change(side, price, size, book.bestBidPrice(), book.bestBidSize(), book.bestAskPrice(),
                    book.bestAskSize()));
        }

        /** Moves the book towards the fair price: pulls crossed quotes, fills the touch, keeps the depth. */
        void realign() {
            long fairUnits = Math.round(fair * Decimals.UNIT / tick) * tick;
            long bestBid = fairUnits - tick;
            long bestAsk = fairUnits + tick;
            while (book.depth(Side.BUY) > 0 && book.bestBidPrice() > bestBid) {
                set(Side.BUY, book.bestBidPrice(), 0);
            }
            while (book.depth(Side.SELL) > 0 && book.bestAskPrice() < bestAsk) {
                set(Side.SELL, book.bestAskPrice(), 0);
            }
            for (int k = 0; k < DEPTH; k++) {
                if (book.sizeAt(Side.BUY, bestBid - k * tick) == 0 && (k < 3 || random.nextInt(4) != 0)) {
                    set(Side.BUY, bestBid - k * tick, randomSize());
                }
                if (book.sizeAt(Side.SELL, bestAsk + k * tick) == 0 && (k < 3 || random.nextInt(4) != 0)) {
                    set(Side.SELL, bestAsk + k * tick, randomSize());
                }
            }
            while (book.depth(Side.BUY) > DEPTH * 2) {
                set(Side.BUY, book.price(Side.BUY, book.depth(Side.BUY) - 1), 0);
            }
            while (book.depth(Side.SELL) > DEPTH * 2) {
                set(Side.SELL, book.price(Side.SELL, book.depth(Side.SELL) - 1), 0);
            }
        }
    }
}
