package io.orderflow.job.book;

import io.orderflow.model.Side;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/** The order books in a savepoint, read with Flink's State Processor API (uid {@code order-book}, state "book"). */
public final class SavedBooks {
    /** One instrument's book as the savepoint holds it. */
    public record Book(String instrument, boolean inSync, long lastSequence, long lastEventTimeMs, int bidLevels,
            int askLevels, long bestBid, long bestAsk) {
        static Book parse(String line) {
            String[] f = line.split("\\|");
            return new Book(f[0], Boolean.parseBoolean(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]));
        }
    }

    private SavedBooks() {}

    public static List<Book> read(String savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        SavepointReader reader = SavepointReader.read(env, savepoint, new HashMapStateBackend());
        List<Book> books = new ArrayList<>();
        try (CloseableIterator<String> it = reader.readKeyedState(OperatorIdentifier.forUid("order-book"),
                new Reader(), Types.STRING, Types.STRING).executeAndCollect()) {
            it.forEachRemaining(line -> books.add(Book.parse(line)));
        }
        return books;
    }

    /** Flattens each book to text (the reader job's own types stay simple). */
    static final class Reader extends KeyedStateReaderFunction<String, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<BookState> state;

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("book", BookStateSerializer.TYPE_INFO));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            BookState s = state.value();
            if (s == null) {
                return;
            }
            int bids = s.book.depth(Side.BUY);
            int asks = s.book.depth(Side.SELL);
            out.collect(String.join("|", key, Boolean.toString(s.sync == BookState.Sync.IN_SYNC),
                    Long.toString(s.lastSequence), Long.toString(s.lastEventTimeMs), Integer.toString(bids),
                    Integer.toString(asks), Long.toString(bids > 0 ? s.book.price(Side.BUY, 0) : 0),
                    Long.toString(asks > 0 ? s.book.price(Side.SELL, 0) : 0)));
        }
    }
}
