package io.orderflow.exchange;

import io.orderflow.book.ArrayOrderBook;
import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A simulated Binance market that speaks the venue's own frames: each symbol's book follows a hidden fair price
 * (a Gaussian random walk), every level change gets its own update id, {@code bookTicker} is published on every
 * best-price/size change with that id, and one {@code depthUpdate} per 100 ms step carries the net changes with
 * {@code U}/{@code u} (and {@code pu} on futures, whose ids are shared across symbols as on the real venue).
 * Deterministic for a seed, so tests and demos are reproducible.
 */
public final class SimulatedBinanceMarket implements MarketScript {

    /** One simulated instrument. Prices and tick sizes as decimal strings, e.g. ("BTCUSDT", "60000", "0.1"). */
    public record Instrument(String symbol, String initialPrice, String tickSize, String lotSize) {}

    private static final int DEPTH = 60;

    private final boolean futures;
    private final long stepMs;
    private final long maxSteps;
    private final double volatilityPerStep;
    private final SplittableRandom random;
    private final Map<String, SymbolState> symbols = new LinkedHashMap<>();
    private long clockMs;
    private long steps;
    private long globalId = 1_000_000L;

    /**
     * @param futures USD-M/COIN-M dialect (pu, aggTrade, "e" on bookTicker) instead of spot's
     * @param startTimeMs exchange time of the first step
     * @param stepMs exchange time between steps (Binance's depth stream: 100 ms)
     * @param maxSteps steps before the script ends; 0 for no end
     * @param volatilityPerStep standard deviation of the fair price's log change per step
     */
    public SimulatedBinanceMarket(List<Instrument> instruments, boolean futures, long startTimeMs, long stepMs,
            long maxSteps, double volatilityPerStep, long seed) {
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("a simulated market needs at least one instrument");
        }
        if (stepMs <= 0) {
            throw new IllegalArgumentException("stepMs must be positive, got " + stepMs);
        }
        this.futures = futures;
        this.stepMs = stepMs;
        this.maxSteps = maxSteps;
        this.volatilityPerStep = volatilityPerStep;
        this.random = new SplittableRandom(seed);
        this.clockMs = startTimeMs;
        for (Instrument i : instruments) {
            SymbolState s = new SymbolState(i);
            symbols.put(s.lower, s);
        }
    }

    /** BTCUSDT and ETHUSDT, the default demo market. */
    public static List<Instrument> btcAndEth() {
        return List.of(new Instrument("BTCUSDT", "60000", "0.1", "0.001"),
                new Instrument("ETHUSDT", "3000", "0.01", "0.001"));
    }

    @Override
    public synchronized Step next() {
        if (maxSteps > 0 && steps >= maxSteps) {
            return null;
        }
        steps++;
        clockMs += stepMs;
        List<Frame> frames = new ArrayList<>();
        for (SymbolState s : symbols.values()) {
            s.step(frames);
        }
        return new Step(stepMs * 1_000_000L, frames);
    }

    @Override
    public synchronized String depthSnapshot(String symbol, int limit) {
        SymbolState s = symbols.get(symbol.toLowerCase(Locale.ROOT));
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(4096).append("{\"lastUpdateId\":").append(s.lastId);
        if (futures) {
            b.append(",\"E\":").append(clockMs).append(",\"T\":").append(clockMs);
        }
        b.append(",\"bids\":");
        levels(b, s.book, Side.BUY, limit);
        b.append(",\"asks\":");
        levels(b, s.book, Side.SELL, limit);
        return b.append('}').toString();
    }

    private static void levels(StringBuilder b, ArrayOrderBook book, Side side, int limit) {
        b.append('[');
        int n = Math.min(limit, book.depth(side));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("[\"").append(text(book.price(side, i))).append("\",\"")
                    .append(text(book.size(side, i))).append("\"]");
        }
        b.append(']');
    }

    private static String text(long units) {
        return BigDecimal.valueOf(units, Decimals.SCALE).toPlainString();
    }

    private final class SymbolState {
        final String symbol;
        final String lower;
        final long tick;
        final long lot;
        final ArrayOrderBook book = new ArrayOrderBook();
        double fair;
        long lastId;
        long lastEventU;
        long tradeId;
        long bboBid;
        long bboBidSize;
        long bboAsk;
        long bboAskSize;
        final TreeMap<Long, Long> netBids = new TreeMap<>();
        final TreeMap<Long, Long> netAsks = new TreeMap<>();

        SymbolState(Instrument i) {
            symbol = i.symbol().toUpperCase(Locale.ROOT);
            lower = i.symbol().toLowerCase(Locale.ROOT);
            tick = Decimals.parse(i.tickSize());
            lot = Decimals.parse(i.lotSize());
            fair = Decimals.toDouble(Decimals.parse(i.initialPrice()));
            lastId = futures ? globalId : 1_000L;
            realign(null);
            netBids.clear();
            netAsks.clear();
            snapBbo();
        }

        long nextId() {
            if (futures) {
                globalId += 1 + random.nextInt(3); // futures ids are shared across symbols: they jump
                return globalId;
            }
            return lastId + 1;
        }

        void change(Side side, long price, long size, List<Frame> out) {
            if (size == book.sizeAt(side, price)) {
                return;
            }
            lastId = nextId();
            book.set(side, price, size);
            (side == Side.BUY ? netBids : netAsks).put(price, size);
            boolean twoSided = book.depth(Side.BUY) > 0 && book.depth(Side.SELL) > 0;
            if (out != null && twoSided && (book.bestBidPrice() != bboBid || book.bestBidSize() != bboBidSize
                    || book.bestAskPrice() != bboAsk || book.bestAskSize() != bboAskSize)) {
                snapBbo();
                out.add(new Frame(lower, bookTicker()));
            }
        }

        void snapBbo() {
            bboBid = book.bestBidPrice();
            bboBidSize = book.bestBidSize();
            bboAsk = book.bestAskPrice();
            bboAskSize = book.bestAskSize();
        }

        long randomSize() {
            return lot * (1 + random.nextInt(2_000));
        }

        /** Moves the book towards the fair price: pulls crossed quotes, fills the touch, keeps the depth. */
        void realign(List<Frame> out) {
            long fairUnits = Math.round(fair * Decimals.UNIT / tick) * tick;
            long bestBid = fairUnits - tick;
            long bestAsk = fairUnits + tick;
            while (book.depth(Side.BUY) > 0 && book.bestBidPrice() > bestBid) {
                change(Side.BUY, book.bestBidPrice(), 0, out);
            }
            while (book.depth(Side.SELL) > 0 && book.bestAskPrice() < bestAsk) {
                change(Side.SELL, book.bestAskPrice(), 0, out);
            }
            for (int k = 0; k < DEPTH; k++) {
                if (book.sizeAt(Side.BUY, bestBid - k * tick) == 0 && (k < 3 || random.nextInt(4) != 0)) {
                    change(Side.BUY, bestBid - k * tick, randomSize(), out);
                }
                if (book.sizeAt(Side.SELL, bestAsk + k * tick) == 0 && (k < 3 || random.nextInt(4) != 0)) {
                    change(Side.SELL, bestAsk + k * tick, randomSize(), out);
                }
            }
            while (book.depth(Side.BUY) > DEPTH * 2) {
                change(Side.BUY, book.price(Side.BUY, book.depth(Side.BUY) - 1), 0, out);
            }
            while (book.depth(Side.SELL) > DEPTH * 2) {
                change(Side.SELL, book.price(Side.SELL, book.depth(Side.SELL) - 1), 0, out);
            }
        }

        void step(List<Frame> out) {
            long first = -1;
            long before = lastId;
            fair *= Math.exp(volatilityPerStep * random.nextGaussian());
            realign(out);
            int touches = 2 + random.nextInt(6);
            for (int i = 0; i < touches; i++) {
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                int level = Math.min(book.depth(side) - 1, random.nextInt(10));
                if (level >= 0) {
                    change(side, book.price(side, level), randomSize(), out);
                }
            }
            if (random.nextInt(3) == 0) {
                trade(out);
            }
            if (lastId != before) {
                // U: the first id after this symbol's previous event (on futures other symbols' ids lie between)
                first = before + 1;
                out.add(new Frame(lower, depthUpdate(first)));
                lastEventU = lastId;
            }
            netBids.clear();
            netAsks.clear();
        }

        void trade(List<Frame> out) {
            Side aggressor = random.nextBoolean() ? Side.BUY : Side.SELL;
            Side resting = aggressor.opposite();
            if (book.depth(resting) == 0) {
                return;
            }
            long price = book.price(resting, 0);
            long available = book.size(resting, 0);
            long size = Math.min(available, lot * (1 + random.nextInt(200)));
            tradeId++;
            StringBuilder b = new StringBuilder(256).append("{\"stream\":\"").append(lower)
                    .append(futures ? "@aggTrade" : "@trade").append("\",\"data\":{\"e\":\"")
                    .append(futures ? "aggTrade" : "trade").append("\",\"E\":").append(clockMs)
                    .append(",\"s\":\"").append(symbol).append(futures ? "\",\"a\":" : "\",\"t\":").append(tradeId)
                    .append(",\"p\":\"").append(text(price)).append("\",\"q\":\"").append(text(size))
                    .append("\",\"T\":").append(clockMs).append(",\"m\":").append(aggressor == Side.SELL)
                    .append("}}");
            out.add(new Frame(lower, b.toString()));
            change(resting, price, available - size, out);
        }

        String bookTicker() {
            StringBuilder b = new StringBuilder(256).append("{\"stream\":\"").append(lower)
                    .append("@bookTicker\",\"data\":{\"u\":").append(lastId);
            if (futures) {
                b.append(",\"e\":\"bookTicker\",\"E\":").append(clockMs).append(",\"T\":").append(clockMs);
            }
            return b.append(",\"s\":\"").append(symbol).append("\",\"b\":\"").append(text(bboBid))
                    .append("\",\"B\":\"").append(text(bboBidSize)).append("\",\"a\":\"").append(text(bboAsk))
                    .append("\",\"A\":\"").append(text(bboAskSize)).append("\"}}").toString();
        }

        String depthUpdate(long first) {
            StringBuilder b = new StringBuilder(1024).append("{\"stream\":\"").append(lower)
                    .append("@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":").append(clockMs);
            if (futures) {
                b.append(",\"T\":").append(clockMs);
            }
            b.append(",\"s\":\"").append(symbol).append("\",\"U\":").append(first).append(",\"u\":").append(lastId);
            if (futures) {
                b.append(",\"pu\":").append(lastEventU);
            }
            b.append(",\"b\":");
            net(b, netBids);
            b.append(",\"a\":");
            net(b, netAsks);
            return b.append("}}").toString();
        }

        void net(StringBuilder b, TreeMap<Long, Long> levels) {
            b.append('[');
            boolean firstLevel = true;
            for (Map.Entry<Long, Long> e : levels.entrySet()) {
                if (!firstLevel) {
                    b.append(',');
                }
                firstLevel = false;
                b.append("[\"").append(text(e.getKey())).append("\",\"").append(text(e.getValue())).append("\"]");
            }
            b.append(']');
        }
    }
}
