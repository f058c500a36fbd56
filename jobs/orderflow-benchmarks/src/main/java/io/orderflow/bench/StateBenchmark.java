package io.orderflow.bench;

import io.orderflow.job.book.BookState;
import io.orderflow.job.book.BookStateSerializer;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * State: one round trip (serialize, then deserialize) of a 1,000-level book, the real SUSHIUSDT USD-M REST
 * snapshot (1,000 bids, 1,000 asks), through the book operator's explicit state serializer, against what Flink
 * does with a type it does not know: Kryo over the textbook {@code TreeMap<BigDecimal, BigDecimal>} book. A
 * keyed-state backend on RocksDB pays this on every access; the heap backend on every checkpoint.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateBenchmark {
    /** The textbook book, as a user without an explicit serializer would keep it. */
    public static final class TreeMapBook {
        public TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Collections.reverseOrder());
        public TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        public long lastSequence;
    }

    private BookState book;
    private TreeMapBook treeBook;
    private final TypeSerializer<BookState> serializer = BookStateSerializer.INSTANCE;
    private final KryoSerializer<TreeMapBook> kryo = new KryoSerializer<>(TreeMapBook.class, new SerializerConfigImpl());
    private final DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private int orderflowBytes;
    private int kryoBytes;

    @Setup(Level.Trial)
    public void load() throws IOException {
        RealDepthUpdates d = RealDepthUpdates.of("binance-usdm");
        int s = d.symbols.indexOf("SUSHIUSDT");
        PriceLevels bids = d.seedBids.get(s);
        PriceLevels asks = d.seedAsks.get(s);
        if (bids.count() != 1_000 || asks.count() != 1_000) {
            throw new IllegalStateException("expected 1,000 levels a side, got " + bids.count() + "/" + asks.count());
        }
        book = new BookState();
        treeBook = new TreeMapBook();
        for (int i = 0; i < 1_000; i++) {
            book.book().set(Side.BUY, bids.price(i), bids.size(i));
            book.book().set(Side.SELL, asks.price(i), asks.size(i));
            treeBook.bids.put(BigDecimal.valueOf(bids.price(i), 8), BigDecimal.valueOf(bids.size(i), 8));
            treeBook.asks.put(BigDecimal.valueOf(asks.price(i), 8), BigDecimal.valueOf(asks.size(i), 8));
        }
        BookState copy = orderflow();
        if (copy.book().depth(Side.BUY) != 1_000 || copy.book().price(Side.SELL, 999) != asks.price(999)) {
            throw new IllegalStateException("the round trip lost levels");
        }
        orderflowBytes = out.length();
        TreeMapBook kryoCopy = kryo();
        if (!kryoCopy.asks.equals(treeBook.asks)) {
            throw new IllegalStateException("Kryo's round trip lost levels");
        }
        kryoBytes = out.length();
        System.out.printf("%nserialized 1,000-level book: orderflow %,d bytes, Kryo TreeMap %,d bytes%n",
                orderflowBytes, kryoBytes);
    }

    @Benchmark
    public BookState orderflow() throws IOException {
        out.clear();
        serializer.serialize(book, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return serializer.deserialize(in);
    }

    @Benchmark
    public TreeMapBook kryo() throws IOException {
        out.clear();
        kryo.serialize(treeBook, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return kryo.deserialize(in);
    }
}
