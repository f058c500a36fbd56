package io.orderflow.job.trading;

import io.orderflow.bench.RealDepthUpdates;
import io.orderflow.book.LadderOrderBook;
import io.orderflow.book.OrderBook;
import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.risk.KillSwitch;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.state.TradingState;
import io.orderflow.execution.strategy.ImbalanceStrategy;
import io.orderflow.execution.strategy.Strategy;
import io.orderflow.job.JobSettings;
import io.orderflow.job.StrategyRoster;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.BookTop;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.Venue;
import io.orderflow.venue.Venues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The decision path's own CPU, outside Flink: the paper trading operator's per-book work ({@link DecisionStep}:
 * PnL mark, paper matching, cancels, strategy, fitting, risk gate, paper execution) on the books of real Binance
 * USD-M SUSHIUSDT messages (captures/NOTICE: the venue's decoder, the REST snapshot, then each delta applied to the
 * job's own book; the top 20 levels each side, as the book operator hands them on, 100 ms apart).
 *
 * <ul>
 *   <li>{@link #everyBook}: one book through the job's default roster (imbalance, mid-predictor,
 *       imbalance-momentum; its triggers are not fed here), as the trading operator does for every book;</li>
 *   <li>{@link #orderDecision}: one book that leads to an order: an imbalance strategy from a flat account with
 *       its threshold and cooldown at their minimum, so that every book orders; the order is fitted, checked by the
 *       job's risk gate with its file kill switch, and filled on paper. This is the path the benchmark's stage
 *       "3 decision" times inside the job.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionPathBenchmark {
    /** The capture's busiest instrument (255 deltas after its REST snapshot). */
    private static final String SYMBOL = "SUSHIUSDT";
    private static final int DEPTH = 20;

    private BookTop[] books;
    private int next;
    private DecisionStep[] steps;
    private Strategy[] strategies;
    private PaperRouter[] routers;
    private TradingState[] states;
    private DecisionStep orderStep;
    private Strategy everyBookOrders;
    private PaperRouter orderRouter;
    private final CountingOutput out = new CountingOutput();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        books = books();
        JobSettings settings = JobSettings.defaults();
        KillSwitch killSwitch = KillSwitch.file(java.nio.file.Path.of(settings.trading().killSwitchFile()));
        List<StrategyRoster.Entry> roster = StrategyRoster.of(settings);
        int n = roster.size();
        steps = new DecisionStep[n];
        strategies = new Strategy[n];
        routers = new PaperRouter[n];
        states = new TradingState[n];
        for (int i = 0; i < n; i++) {
            StrategyRoster.Entry e = roster.get(i);
            strategies[i] = e.strategy();
            steps[i] = new DecisionStep(e.name(), new RiskGate(e.limits(), killSwitch), 60_000, null);
            routers[i] = new PaperRouter(new PaperExchange(e.makerFeeBps(), e.takerFeeBps(), e.restingTtlMs()));
            states[i] = new TradingState();
        }
        StrategyRoster.Entry imbalance = roster.get(0);
        everyBookOrders = new ImbalanceStrategy(5, 1e-9, settings.trading().orderQuantity(), 0);
        orderStep = new DecisionStep("every-book", new RiskGate(imbalance.limits(), killSwitch), 60_000, null);
        orderRouter = new PaperRouter(new PaperExchange(imbalance.makerFeeBps(), imbalance.takerFeeBps(),
                imbalance.restingTtlMs()));
    }

    @TearDown(Level.Trial)
    public void check() {
        if (out.orders == 0) {
            throw new IllegalStateException("no order was decided: the benchmark measured no decision");
        }
    }

    @Benchmark
    public void everyBook(Blackhole bh) {
        BookTop book = nextBook();
        for (int i = 0; i < steps.length; i++) {
            Strategy strategy = strategies[i];
            TradingState s = states[i];
            steps[i].onBook(book, 0, s, () -> strategy.cancels(book, s), () -> strategy.onBook(book, s), routers[i],
                    out, out::side);
        }
        bh.consume(out.orders);
    }

    @Benchmark
    public void orderDecision(Blackhole bh) {
        BookTop book = nextBook();
        TradingState flat = new TradingState();
        long before = out.orders;
        orderStep.onBook(book, 0, flat, () -> everyBookOrders.cancels(book, flat),
                () -> everyBookOrders.onBook(book, flat), orderRouter, out, out::side);
        bh.consume(out.orders - before);
    }

    private BookTop nextBook() {
        BookTop b = books[next];
        next = next + 1 == books.length ? 0 : next + 1;
        return b;
    }

    /** Order updates and side outputs, counted; nothing kept. */
    private static final class CountingOutput implements Collector<OrderUpdate> {
        long orders;
        long sideOutputs;

        @Override
        public void collect(OrderUpdate update) {
            orders++;
        }

        @Override
        public void close() {}

        <X> void side(OutputTag<X> tag, X value) {
            sideOutputs++;
        }
    }

    /** The instrument's books, one per delta after the REST snapshot, as the job's book operator emits them. */
    private static BookTop[] books() throws IOException {
        Venue venue = Venues.byId("binance-usdm");
        BookSnapshot seed = null;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : RealDepthUpdates.lines(RealDepthUpdates.CAPTURES.get("binance-usdm")[1])) {
            var rest = json.readTree(line);
            if (rest.path("url").asText().contains("symbol=" + SYMBOL)) {
                seed = venue.decodeSnapshot(SYMBOL, rest.path("body").toString(), 0);
            }
        }
        if (seed == null) {
            throw new IllegalStateException("no REST snapshot of " + SYMBOL + " in the capture");
        }
        OrderBook book = new LadderOrderBook();
        apply(book, seed.bids(), seed.asks());
        List<BookTop> tops = new ArrayList<>();
        FrameDecoder decoder = venue.newDecoder(new Venue.Subscription("capture", List.of(), List.of()));
        List<BookDelta> deltas = new ArrayList<>();
        long snapshotId = seed.sequence();
        for (String frame : RealDepthUpdates.lines(RealDepthUpdates.CAPTURES.get("binance-usdm")[0])) {
            decoder.decode(frame, 0, (MarketEvent e) -> {
                if (e instanceof BookDelta d && d.symbol().equals(SYMBOL) && d.lastSequence() > snapshotId) {
                    deltas.add(d);
                }
            });
        }
        long time = 1_626_912_000_000L;
        for (BookDelta d : deltas) {
            apply(book, d.bids(), d.asks());
            if (book.bestBidPrice() > 0 && book.bestAskPrice() > book.bestBidPrice()) {
                time += 100;
                tops.add(new BookTop("binance-usdm", SYMBOL, time, time * 1_000_000, d.lastSequence(),
                        book.top(Side.BUY, DEPTH), book.top(Side.SELL, DEPTH), true));
            }
        }
        if (tops.size() < 100) {
            throw new IllegalStateException("only " + tops.size() + " books of " + SYMBOL + " in the capture");
        }
        return tops.toArray(new BookTop[0]);
    }

    private static void apply(OrderBook book, PriceLevels bids, PriceLevels asks) {
        for (int i = 0; i < bids.count(); i++) {
            book.set(Side.BUY, bids.price(i), bids.size(i));
        }
        for (int i = 0; i < asks.count(); i++) {
            book.set(Side.SELL, asks.price(i), asks.size(i));
        }
    }
}
