package io.orderflow.job.book;

import io.orderflow.model.BookTop;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.Trade;

/**
 * What the book signals read, on one stream out of the book operator: the book's top after an applied update, or a
 * trade, exactly one of them, in the order the book operator took them. One stream from the book, keyed as the book
 * is, lets the signals run chained in the book's task: no hand-over, no serialization (two inputs could not chain).
 */
public record SignalInput(BookTop book, Trade trade) {
    public SignalInput {
        if ((book == null) == (trade == null)) {
            throw new IllegalArgumentException("a signal input is a book or a trade, exactly one");
        }
    }

    public static SignalInput of(BookTop book) {
        return new SignalInput(book, null);
    }

    public static SignalInput of(Trade trade) {
        return new SignalInput(null, trade);
    }

    public String instrumentKey() {
        return book != null ? book.instrumentKey() : InstrumentKey.of(trade.venue(), trade.symbol());
    }
}
