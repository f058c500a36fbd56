package io.orderflow.bench;

import io.orderflow.book.ArrayOrderBook;
import io.orderflow.book.LadderOrderBook;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.marketdata.OrderBook;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Book apply, per venue: the real L2 deltas of each venue's capture (decoded once by its own decoder; each book
 * seeded with the instrument's first full book) applied level by level, the best bid and ask read after each
 * event. The score is the time per event; each invocation applies the next {@value #BATCH} events, going round
 * the capture. Books, same data, same process:
 *
 * <ul>
 *   <li>{@code orderflow}: the production {@link LadderOrderBook} on scaled longs;
 *   <li>{@code sortedArray}: orderflow's first book, {@link ArrayOrderBook} (sorted arrays, best at the end);
 *   <li>{@code treeMapBigDecimal}: a {@code TreeMap<BigDecimal, BigDecimal>} per side, the textbook book;
 *   <li>{@code xchange}: XChange's {@link OrderBook}, fed pre-built {@link LimitOrder}s (building them is not
 *       counted, which favours it);
 *   <li>{@code readDataOnly}: the same loop over the data with no book, to show what the harness itself costs.
 * </ul>
 *
 * Going round the capture again is a steady state: an update sets a level to a size, so after the first round
 * every book is back where the round left it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BookApplyBenchmark {
    static final int BATCH = 128;

    @Param({"binance-usdm", "okx", "kraken-futures", "gemini"})
    public String venue;

    private RealDepthUpdates data;
    private int next;
    private LadderOrderBook[] books;
    private ArrayOrderBook[] arrayBooks;
    private TreeMap<BigDecimal, BigDecimal>[] treeBids;
    private TreeMap<BigDecimal, BigDecimal>[] treeAsks;
    private OrderBook[] xchange;
    private LimitOrder[] orders;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void load() throws Exception {
        data = RealDepthUpdates.of(venue);
        if (data.events() < BATCH) {
            throw new IllegalStateException(venue + "'s capture has " + data.events() + " deltas, fewer than " + BATCH);
        }
        int n = data.symbols.size();
        books = new LadderOrderBook[n];
        arrayBooks = new ArrayOrderBook[n];
        treeBids = new TreeMap[n];
        treeAsks = new TreeMap[n];
        xchange = new OrderBook[n];
        CurrencyPair[] pairs = new CurrencyPair[n];
        for (int s = 0; s < n; s++) {
            pairs[s] = new CurrencyPair("I" + s, "USD");
            books[s] = new LadderOrderBook();
            arrayBooks[s] = new ArrayOrderBook();
            treeBids[s] = new TreeMap<>(Collections.reverseOrder());
            treeAsks[s] = new TreeMap<>();
            List<LimitOrder> bids = new ArrayList<>();
            List<LimitOrder> asks = new ArrayList<>();
            seed(s, Side.BUY, data.seedBids.get(s), treeBids[s], bids, Order.OrderType.BID, pairs[s]);
            seed(s, Side.SELL, data.seedAsks.get(s), treeAsks[s], asks, Order.OrderType.ASK, pairs[s]);
            xchange[s] = new OrderBook(new Date(0), asks, bids, true);
        }
        orders = new LimitOrder[data.levels()];
        for (int e = 0; e < data.events(); e++) {
            for (int i = data.levelStart[e]; i < data.levelStart[e + 1]; i++) {
                orders[i] = order(data.bid[i] ? Order.OrderType.BID : Order.OrderType.ASK, pairs[data.symbolOf[e]],
                        data.priceDecimal[i], data.sizeDecimal[i]);
            }
        }
    }

    private void seed(int s, Side side, PriceLevels levels, TreeMap<BigDecimal, BigDecimal> tree,
            List<LimitOrder> xchangeSide, Order.OrderType type, CurrencyPair pair) {
        for (int i = 0; i < levels.count(); i++) {
            BigDecimal price = BigDecimal.valueOf(levels.price(i), io.orderflow.model.Decimals.SCALE);
            BigDecimal size = BigDecimal.valueOf(levels.size(i), io.orderflow.model.Decimals.SCALE);
            books[s].set(side, levels.price(i), levels.size(i));
            arrayBooks[s].set(side, levels.price(i), levels.size(i));
            tree.put(price, size);
            xchangeSide.add(order(type, pair, price, size));
        }
    }

    private static LimitOrder order(Order.OrderType type, CurrencyPair pair, BigDecimal price, BigDecimal size) {
        return new LimitOrder(type, size, pair, "", new Date(0), price);
    }

    /** The first event of this invocation's batch; the next invocation starts after it. */
    private int batchStart() {
        int start = next;
        next = start + 2 * BATCH > data.events() ? 0 : start + BATCH; // a batch never runs past the end
        return start;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void orderflow(Blackhole bbo) {
        RealDepthUpdates d = data;
        for (int e = batchStart(), end = e + BATCH; e < end; e++) {
            LadderOrderBook book = books[d.symbolOf[e]];
            for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
                book.set(d.bid[i] ? Side.BUY : Side.SELL, d.price[i], d.size[i]);
            }
            bbo.consume(book.price(Side.BUY, 0));
            bbo.consume(book.price(Side.SELL, 0));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void readDataOnly(Blackhole bbo) {
        RealDepthUpdates d = data;
        long x = 0;
        for (int e = batchStart(), end = e + BATCH; e < end; e++) {
            LadderOrderBook book = books[d.symbolOf[e]];
            for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
                x += (d.bid[i] ? d.price[i] : -d.price[i]) ^ d.size[i];
            }
            bbo.consume(x);
            bbo.consume(book);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sortedArray(Blackhole bbo) {
        RealDepthUpdates d = data;
        for (int e = batchStart(), end = e + BATCH; e < end; e++) {
            ArrayOrderBook book = arrayBooks[d.symbolOf[e]];
            for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
                book.set(d.bid[i] ? Side.BUY : Side.SELL, d.price[i], d.size[i]);
            }
            bbo.consume(book.price(Side.BUY, 0));
            bbo.consume(book.price(Side.SELL, 0));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void treeMapBigDecimal(Blackhole bbo) {
        RealDepthUpdates d = data;
        for (int e = batchStart(), end = e + BATCH; e < end; e++) {
            int s = d.symbolOf[e];
            for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
                TreeMap<BigDecimal, BigDecimal> side = d.bid[i] ? treeBids[s] : treeAsks[s];
                if (d.sizeDecimal[i].signum() == 0) {
                    side.remove(d.priceDecimal[i]);
                } else {
                    side.put(d.priceDecimal[i], d.sizeDecimal[i]);
                }
            }
            bbo.consume(treeBids[s].isEmpty() ? null : treeBids[s].firstKey());
            bbo.consume(treeAsks[s].isEmpty() ? null : treeAsks[s].firstKey());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void xchange(Blackhole bbo) {
        RealDepthUpdates d = data;
        for (int e = batchStart(), end = e + BATCH; e < end; e++) {
            OrderBook book = xchange[d.symbolOf[e]];
            for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
                book.update(orders[i]);
            }
            bbo.consume(book.getBids().isEmpty() ? null : book.getBids().get(0).getLimitPrice());
            bbo.consume(book.getAsks().isEmpty() ? null : book.getAsks().get(0).getLimitPrice());
        }
    }
}
