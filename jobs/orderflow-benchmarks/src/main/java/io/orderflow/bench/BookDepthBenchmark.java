package io.orderflow.bench;

import io.orderflow.book.LadderOrderBook;
import io.orderflow.estimators.BookFeatures;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import java.util.concurrent.TimeUnit;
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
 * What measuring depth on the whole book costs the book operator per message, on each venue's real L2 deltas
 * (as {@link BookApplyBenchmark}): every event applied to the production book and its top 20 levels a side copied,
 * as the operator hands them on ({@link #applyAndTop}, the baseline), and the same plus the quote notional within
 * 10 bps of the mid on each side of the whole book ({@link #applyTopAndDepthBand}, what the operator does now).
 * The walk levels, copied once a second, are not per message and not here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BookDepthBenchmark {
    private static final int DEPTH = 20;
    private static final double BAND_BPS = 10;

    @Param({"binance-usdm", "okx", "kraken-futures", "gemini"})
    public String venue;

    private RealDepthUpdates data;
    private LadderOrderBook[] books;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        data = RealDepthUpdates.of(venue);
        books = new LadderOrderBook[data.symbols.size()];
        for (int s = 0; s < books.length; s++) {
            books[s] = new LadderOrderBook();
            books[s].apply(Side.BUY, data.seedBids.get(s));
            books[s].apply(Side.SELL, data.seedAsks.get(s));
        }
    }

    private int batchStart() {
        int start = next;
        next = start + 2 * BookApplyBenchmark.BATCH > data.events() ? 0 : start + BookApplyBenchmark.BATCH;
        return start;
    }

    private LadderOrderBook apply(int e) {
        RealDepthUpdates d = data;
        LadderOrderBook book = books[d.symbolOf[e]];
        for (int i = d.levelStart[e]; i < d.levelStart[e + 1]; i++) {
            book.set(d.bid[i] ? Side.BUY : Side.SELL, d.price[i], d.size[i]);
        }
        return book;
    }

    @Benchmark
    @OperationsPerInvocation(BookApplyBenchmark.BATCH)
    public void applyAndTop(Blackhole out) {
        for (int e = batchStart(), end = e + BookApplyBenchmark.BATCH; e < end; e++) {
            LadderOrderBook book = apply(e);
            PriceLevels bids = book.top(Side.BUY, DEPTH);
            PriceLevels asks = book.top(Side.SELL, DEPTH);
            out.consume(bids);
            out.consume(asks);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BookApplyBenchmark.BATCH)
    public void applyTopAndDepthBand(Blackhole out) {
        for (int e = batchStart(), end = e + BookApplyBenchmark.BATCH; e < end; e++) {
            LadderOrderBook book = apply(e);
            out.consume(book.top(Side.BUY, DEPTH));
            out.consume(book.top(Side.SELL, DEPTH));
            out.consume(BookFeatures.depthWithinBps(book, Side.BUY, BAND_BPS));
            out.consume(BookFeatures.depthWithinBps(book, Side.SELL, BAND_BPS));
        }
    }
}
