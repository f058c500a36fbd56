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

    /**
     * One simulated instrument. Prices and sizes as decimal strings, e.g. ("BTCUSDT", "60000", "0.1", "0.001").
     * Planted truth, for testing the estimators: with a {@code leader}, the fair price's log return each step is
     * {@code beta} × the leader's return {@code lagSteps} steps earlier plus its own noise; with
     * {@code imbalanceSignal}, the sizes at the touch lean towards the next step's move (more bid before a rise),
     * so top-of-book imbalance predicts the next mid change.
     */
    public record Instrument(String symbol, String initialPrice, String tickSize, String lotSize, String leader,
            double beta, int lagSteps, boolean imbalanceSignal) {
        public Instrument(String symbol, String initialPrice, String tickSize, String lotSize) {
            this(symbol, initialPrice, tickSize, lotSize, null, 0, 0, false);
        }
    }

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
    private Stress stress;

    /**
     * Planted stress episodes, market-wide: every {@code periodSteps} steps, liquidity is withdrawn for
     * {@code withdrawalSteps} steps (touch sizes cut to a few lots, quotes pulled {@code widenTicks} ticks back, so
     * depth falls and the spread blows out), then the fair price moves {@code volatilityMultiplier} times faster for
     * {@code burstSteps} steps. So book patterns precede volatility spikes by construction.
     *
     * <p>A third of the way into each period comes an order-flow run of {@code runSteps} steps: the leaders'
     * books lean hard one way (the top three levels of that side heavy, the other side's light) and their fair
     * price drifts that way by {@code runDriftSigmas} standard deviations a step. So a sustained imbalance is
     * followed by more of the same move: the planted truth behind the momentum strategy.
     */
    public record Stress(int periodSteps, int withdrawalSteps, int burstSteps, double volatilityMultiplier,
            int widenTicks, int runSteps, double runDriftSigmas) {
        public Stress {
            if (periodSteps <= withdrawalSteps + burstSteps || withdrawalSteps < 1 || burstSteps < 1
                    || !(volatilityMultiplier >= 1) || widenTicks < 0) {
                throw new IllegalArgumentException("stress episode needs period > withdrawal + burst, each >= 1 step, "
                        + "multiplier >= 1, widen >= 0 ticks");
            }
            if (runSteps < 0 || periodSteps / 3 + runSteps > periodSteps - withdrawalSteps - burstSteps
                    || !(runDriftSigmas >= 0)) {
                throw new IllegalArgumentException("an order-flow run must fit between a third of the period and the "
                        + "withdrawal, with a drift >= 0");
            }
        }

        /**
         * Every 30 s of 100 ms steps: a 2 s order-flow run at 10 s (1σ drift a step), 1 s of withdrawal (spread
         * ×5) at 26 s, then 3 s at 5× volatility.
         */
        public static Stress every30Seconds() {
            return new Stress(300, 10, 30, 5, 4, 20, 1.0);
        }

        /** The phase of step {@code n} (1-based): 1 withdrawing, 2 burst, 3 order-flow run, 0 calm. */
        int phase(long n) {
            long inPeriod = n % periodSteps;
            if (inPeriod >= periodSteps / 3 && inPeriod < periodSteps / 3 + runSteps) {
                return 3;
            }
            long withdrawalStart = periodSteps - withdrawalSteps - burstSteps;
            if (inPeriod >= withdrawalStart && inPeriod < withdrawalStart + withdrawalSteps) {
                return 1;
            }
            return inPeriod >= withdrawalStart + withdrawalSteps ? 2 : 0;
        }
    }

    /** Turns on planted stress episodes (off by default). */
    public SimulatedMarket withStress(Stress episodes) {
        this.stress = episodes;
        return this;
    }

    private int phase() {
        return stress == null ? 0 : stress.phase(steps);
    }

    /**
     * The planted stress phase of the last step (the truth a detector is scored against): 0 calm, 1 liquidity
     * withdrawn, 2 a volatility burst, 3 an order-flow run; always 0 without stress episodes.
     */
    public synchronized int stressPhase() {
        return phase();
    }

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

    /**
     * BTC and ETH with planted truth: ETH follows BTC with {@code beta} after {@code lagSteps} steps, and both books'
     * touch sizes announce the next move.
     */
    public static List<Instrument> btcLeadsEth(String btcSymbol, String ethSymbol, double beta, int lagSteps) {
        return btcLeadsEth(btcSymbol, ethSymbol, beta, lagSteps, "0.1", "0.01");
    }

    /** The same, with the venue's own tick sizes (a coarser tick changes fewer levels per move). */
    public static List<Instrument> btcLeadsEth(String btcSymbol, String ethSymbol, double beta, int lagSteps,
            String btcTick, String ethTick) {
        return List.of(new Instrument(btcSymbol, "60000", btcTick, "0.001", null, 0, 0, true),
                new Instrument(ethSymbol, "3000", ethTick, "0.001", btcSymbol, beta, lagSteps, true));
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
        final Instrument spec;
        final long tick;
        final long lot;
        final ArrayOrderBook book = new ArrayOrderBook();
        /** This instrument's recent fair log returns (a ring), for followers to read with their lag. */
        final double[] returns = new double[1_024];
        long stepsTaken;
        double nextShock = Double.NaN;
        long runOf = -1;
        int runSign = 1;
        double fair;
        long tradeId;
        java.math.BigDecimal notional = java.math.BigDecimal.ZERO;
        long lastPrice;
        List<Change> changes;

        State(Instrument i) {
            symbol = i.symbol();
            spec = i;
            tick = Decimals.parse(i.tickSize());
            lot = Decimals.parse(i.lotSize());
            fair = Decimals.toDouble(Decimals.parse(i.initialPrice()));
            changes = new ArrayList<>();
            realign();
        }

        SymbolStep step() {
            changes = new ArrayList<>();
            List<Print> trades = new ArrayList<>(1);
            double r = logReturn();
            fair *= Math.exp(r);
            returns[(int) (stepsTaken++ % returns.length)] = r;
            realign();
            if (phase() == 1) {
                withdraw();
            } else if (phase() == 3 && spec.leader() == null) {
                leanWithTheRun();
            } else if (spec.imbalanceSignal()) {
                announceNextMove();
            }
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

        /** This step's log return: own noise, or the leader's return lagSteps ago times beta plus noise. */
        double logReturn() {
            double own;
            if (spec.imbalanceSignal()) { // drawn a step ahead, so the book can announce it
                own = Double.isNaN(nextShock) ? volatilityPerStep * random.nextGaussian() : nextShock;
                nextShock = volatilityPerStep * random.nextGaussian();
            } else {
                own = volatilityPerStep * random.nextGaussian();
            }
            if (phase() == 2) {
                own *= stress.volatilityMultiplier(); // a follower gets the leader's burst through beta already
            }
            if (phase() == 3 && spec.leader() == null) { // followers get the run through beta
                long period = steps / stress.periodSteps();
                if (period != runOf) {
                    runOf = period;
                    runSign = random.nextBoolean() ? 1 : -1;
                }
                own += runSign * stress.runDriftSigmas() * volatilityPerStep;
            }
            if (spec.leader() == null) {
                return own;
            }
            State leader = symbols.get(spec.leader());
            if (leader == null) {
                throw new IllegalArgumentException(symbol + " follows unknown symbol " + spec.leader());
            }
            // the leader has already stepped (instruments step in order): its newest return is this step's
            return spec.beta() * leader.returnStepsAgo(spec.lagSteps()) + 0.5 * own;
        }

        double returnStepsAgo(int k) {
            if (k >= stepsTaken || k >= returns.length) {
                return 0;
            }
            return returns[(int) ((stepsTaken - 1 - k) % returns.length)];
        }

        /** Leans the touch sizes towards the next step's move: more bid before a rise, more offer before a fall. */
        void announceNextMove() {
            if (book.depth(Side.BUY) == 0 || book.depth(Side.SELL) == 0) {
                return;
            }
            double lean = Math.max(-1, Math.min(1, nextShock / volatilityPerStep));
            long heavy = lot * 3_000;
            long light = lot * (1 + random.nextInt(200));
            long bidSize = lean > 0 ? Math.round(light + lean * heavy) : light;
            long askSize = lean < 0 ? Math.round(light - lean * heavy) : light;
            set(Side.BUY, book.bestBidPrice(), Math.max(lot, bidSize / lot * lot));
            set(Side.SELL, book.bestAskPrice(), Math.max(lot, askSize / lot * lot));
        }

        /** An order-flow run: the run's side of the book is heavy at the top three levels, the other side light. */
        void leanWithTheRun() {
            Side heavy = runSign > 0 ? Side.BUY : Side.SELL;
            for (int level = 0; level < 3; level++) {
                if (book.depth(heavy) > level) {
                    set(heavy, book.price(heavy, level), lot * 6_000);
                }
                if (book.depth(heavy.opposite()) > level) {
                    set(heavy.opposite(), book.price(heavy.opposite(), level), lot * (1 + random.nextInt(200)));
                }
            }
        }

        /** Liquidity leaves: the first 20 levels a side shrink to a few lots each. */
        void withdraw() {
            for (Side side : new Side[] {Side.BUY, Side.SELL}) {
                for (int level = 0; level < Math.min(20, book.depth(side)); level++) {
                    long size = book.size(side, level);
                    set(side, book.price(side, level), Math.min(size, lot * (1 + random.nextInt(50))));
                }
            }
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
            long pulled = phase() == 1 ? stress.widenTicks() : 0; // quotes stand back while liquidity is withdrawn
            long bestBid = fairUnits - tick * (1 + pulled);
            long bestAsk = fairUnits + tick * (1 + pulled);
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
