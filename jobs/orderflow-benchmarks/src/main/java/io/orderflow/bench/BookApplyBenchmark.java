package io.orderflow.bench;

import io.orderflow.book.ArrayOrderBook;
import io.orderflow.model.Decimals;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Book apply: every real L2 depth update of the Binance USD-M capture (764 events over four instruments, each book
 * seeded with its 1000-level REST snapshot) applied level by level, the best bid and ask read after each event.
 * The score is the time per event. Three books, same data, same process:
 *
 * <ul>
 *   <li>{@code orderflow}: the production {@link ArrayOrderBook} on scaled longs;
 *   <li>{@code treeMapBigDecimal}: a {@code TreeMap<BigDecimal, BigDecimal>} per side, the textbook book;
 *   <li>{@code xchange}: XChange's {@link OrderBook}, fed pre-built {@link LimitOrder}s (building them is not
 *       counted, which favours it).
 * </ul>
 *
 * Replaying the same updates again on the same books is a steady state: an update sets a level to a size, so the
 * books stay the size the capture makes them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BookApplyBenchmark {
    static final int EVENTS = 764;

    private RealDepthUpdates data;
    private ArrayOrderBook[] books;
    private TreeMap<BigDecimal, BigDecimal>[] treeBids;
    private TreeMap<BigDecimal, BigDecimal>[] treeAsks;
    private OrderBook[] xchange;
    private LimitOrder[] orders;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void load() throws Exception {
        data = RealDepthUpdates.binanceUsdm();
        if (data.events() != EVENTS) {
            throw new IllegalStateException("the capture has " + data.events() + " events, not " + EVENTS);
        }
        int n = data.symbols.size();
        books = new ArrayOrderBook[n];
        treeBids = new TreeMap[n];
        treeAsks = new TreeMap[n];
        xchange = new OrderBook[n];
        for (int s = 0; s < n; s++) {
            String symbol = data.symbols.get(s);
            CurrencyPair pair = new CurrencyPair(symbol.substring(0, symbol.length() - 4), "USDT");
            books[s] = new ArrayOrderBook();
            treeBids[s] = new TreeMap<>(Collections.reverseOrder());
            treeAsks[s] = new TreeMap<>();
            List<LimitOrder> bids = new ArrayList<>();
            List<LimitOrder> asks = new ArrayList<>();
            for (String[] l : data.snapshotBids.get(symbol)) {
                books[s].set(Side.BUY, Decimals.parse(l[0]), Decimals.parse(l[1]));
                treeBids[s].put(new BigDecimal(l[0]), new BigDecimal(l[1]));
                bids.add(order(Order.OrderType.BID, pair, new BigDecimal(l[0]), new BigDecimal(l[1])));
            }
            for (String[] l : data.snapshotAsks.get(symbol)) {
                books[s].set(Side.SELL, Decimals.parse(l[0]), Decimals.parse(l[1]));
                treeAsks[s].put(new BigDecimal(l[0]), new BigDecimal(l[1]));
                asks.add(order(Order.OrderType.ASK, pair, new BigDecimal(l[0]), new BigDecimal(l[1])));
            }
            xchange[s] = new OrderBook(new Date(0), asks, bids, true);
        }
        orders = new LimitOrder[data.bid.length];
        for (int e = 0; e < data.events(); e++) {
            String symbol = data.symbols.get(data.symbolOf[e]);
            CurrencyPair pair = new CurrencyPair(symbol.substring(0, symbol.length() - 4), "USDT");
            for (int i = data.levelStart[e]; i < data.levelStart[e + 1]; i++) {
                orders[i] = order(data.bid[i] ? Order.OrderType.BID : Order.OrderType.ASK, pair,
                        data.priceDecimal[i], data.sizeDecimal[i]);
            }
        }
    }

    private static LimitOrder order(Order.OrderType type, CurrencyPair pair, BigDecimal price, BigDecimal size) {
        return new LimitOrder(type, size, pair, "", new Date(0), price);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void orderflow(Blackhole bbo) {
        RealDepthUpdates d = data;
        for (int e = 0; e < EVENTS; e++) {
            ArrayOrderBook book = books[d.symbolOf[e]];
            for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
                book.set(d.bid[i] ? Side.BUY : Side.SELL, d.price[i], d.size[i]);
            }
            bbo.consume(book.price(Side.BUY, 0));
            bbo.consume(book.price(Side.SELL, 0));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void treeMapBigDecimal(Blackhole bbo) {
        RealDepthUpdates d = data;
        for (int e = 0; e < EVENTS; e++) {
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
    @OperationsPerInvocation(EVENTS)
    public void xchange(Blackhole bbo) {
        RealDepthUpdates d = data;
        for (int e = 0; e < EVENTS; e++) {
            OrderBook book = xchange[d.symbolOf[e]];
            for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
                book.update(orders[i]);
            }
            bbo.consume(book.getBids().isEmpty() ? null : book.getBids().get(0).getLimitPrice());
            bbo.consume(book.getAsks().isEmpty() ? null : book.getAsks().get(0).getLimitPrice());
        }
    }
}
