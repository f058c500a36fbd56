package io.orderflow.venue;

import io.orderflow.book.LadderOrderBook;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.Side;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps, beside each {@link BookSynchronizer}, the book its passed events build, to catch a book that crosses (best
 * bid at or above best ask) where a fresh snapshot can still be asked for: at the source. The keyed book downstream
 * sees the same cross but cannot reach the connection; without this a crossed Gemini book stayed out of sync until
 * the next reconnect. Costs one more book update per message (tens of nanoseconds; the book benchmark's figures).
 * Plain Java, one instance per connection, single-threaded.
 */
public final class CrossedBookGuard {
    private final Map<String, LadderOrderBook> books = new HashMap<>();

    /**
     * Applies a snapshot or delta the synchronizer passed on. Returns why the book is now crossed, or null; a
     * crossed book is forgotten (the next snapshot starts it again).
     */
    public String crossedAfter(BookSnapshot snapshot) {
        LadderOrderBook book = books.computeIfAbsent(snapshot.symbol(), s -> new LadderOrderBook());
        book.replace(snapshot.bids(), snapshot.asks());
        return check(snapshot.symbol(), book, "snapshot " + snapshot.sequence());
    }

    /** As {@link #crossedAfter(BookSnapshot)}; a delta for a book with no snapshot here is ignored. */
    public String crossedAfter(BookDelta delta) {
        LadderOrderBook book = books.get(delta.symbol());
        if (book == null) {
            return null;
        }
        book.apply(Side.BUY, delta.bids());
        book.apply(Side.SELL, delta.asks());
        return check(delta.symbol(), book, "update " + delta.lastSequence());
    }

    private String check(String symbol, LadderOrderBook book, String after) {
        if (!book.isCrossed()) {
            return null;
        }
        String why = "crossed book after " + after + ": bid " + book.bestBidPrice() + " >= ask "
                + book.bestAskPrice();
        books.remove(symbol);
        return why;
    }
}
