package io.orderflow.job.trading;

import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.model.BookTop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * The books of a trading operator that reads several instruments under one key (the pair strategy, keyed by
 * venue) held in keyed state until event time passes them ({@link io.orderflow.job.DecisionOrder#EVENT_TIME}),
 * then released in an order that depends on the input alone, never on how two instruments' books happened to
 * interleave in transit.
 *
 * <p>Each held book sets an event-time timer at its own time; the operator's {@code onTimer(t)} calls {@link
 * #release}. Books leave each instrument's queue in arrival order (a venue's timestamps may step back a little;
 * its own order is the truth) as long as the queue's head is at or before {@code t}; the queues are merged by
 * (exchange time, symbol). A book that arrives with the watermark already past it (a late book, which the book
 * operator has reported) is not held: the caller handles it at once.
 */
final class OrderedInputs {
    /** What the operator does with a released book. */
    interface Handler<T> {
        void accept(T item) throws Exception;
    }

    private ListState<BookTop> books;

    void open(RuntimeContext context) {
        books = context.getListState(new ListStateDescriptor<>("held-books", BookTopSerializer.INSTANCE));
    }

    /** @return false when the book is already behind the watermark: handle it now */
    boolean hold(BookTop book, TimerService timers) throws Exception {
        if (book.exchangeTimeMs() <= timers.currentWatermark()) {
            return false;
        }
        books.add(book.withoutDepth()); // trading reads the top levels only
        timers.registerEventTimeTimer(book.exchangeTimeMs());
        return true;
    }

    void release(long upTo, Handler<BookTop> onBook) throws Exception {
        Map<String, List<BookTop>> queues = new LinkedHashMap<>();
        for (BookTop b : books.get()) {
            queues.computeIfAbsent(b.symbol(), k -> new ArrayList<>()).add(b);
        }
        List<BookTop> kept = new ArrayList<>();
        List<BookTop> released = new ArrayList<>();
        for (List<BookTop> q : queues.values()) {
            int n = 0;
            while (n < q.size() && q.get(n).exchangeTimeMs() <= upTo) {
                n++;
            }
            released.addAll(q.subList(0, n));
            kept.addAll(q.subList(n, q.size()));
        }
        if (!released.isEmpty()) {
            books.update(kept);
            for (BookTop b : merge(released)) {
                onBook.accept(b);
            }
        }
    }

    /**
     * The released books of every instrument as one sequence: a merge of the per-instrument queues (each kept in
     * arrival order) by (exchange time, symbol) of their heads.
     */
    static List<BookTop> merge(List<BookTop> released) {
        Map<String, java.util.ArrayDeque<BookTop>> queues = new java.util.TreeMap<>();
        for (BookTop b : released) {
            queues.computeIfAbsent(b.symbol(), k -> new java.util.ArrayDeque<>()).add(b);
        }
        List<BookTop> out = new ArrayList<>(released.size());
        while (!queues.isEmpty()) {
            String next = null;
            long best = Long.MAX_VALUE;
            for (Map.Entry<String, java.util.ArrayDeque<BookTop>> e : queues.entrySet()) {
                long t = e.getValue().peekFirst().exchangeTimeMs();
                if (t < best) { // ties go to the first symbol in order: the TreeMap iterates sorted
                    best = t;
                    next = e.getKey();
                }
            }
            java.util.ArrayDeque<BookTop> q = queues.get(next);
            out.add(q.pollFirst());
            if (q.isEmpty()) {
                queues.remove(next);
            }
        }
        return out;
    }
}
