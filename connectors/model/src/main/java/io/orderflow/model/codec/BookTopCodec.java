package io.orderflow.model.codec;

import io.orderflow.model.BookTop;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary form of {@link BookTop}. */
public final class BookTopCodec implements BinaryCodec<BookTop> {
    public static final BookTopCodec INSTANCE = new BookTopCodec();

    private BookTopCodec() {}

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(BookTop t, DataOutput out) throws IOException {
        out.writeUTF(t.venue());
        out.writeUTF(t.symbol());
        out.writeLong(t.exchangeTimeMs());
        out.writeLong(t.receivedAtNanos());
        out.writeLong(t.sequence());
        MarketEventCodec.writeLevels(t.bids(), out);
        MarketEventCodec.writeLevels(t.asks(), out);
        out.writeBoolean(t.bboChanged());
    }

    @Override
    public BookTop read(DataInput in) throws IOException {
        return new BookTop(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readLong(),
                MarketEventCodec.readLevels(in), MarketEventCodec.readLevels(in), in.readBoolean());
    }
}
