package io.orderflow.job.book;

import io.orderflow.model.Side;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.codec.MarketEventCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary form of {@link BookState}: the bookkeeping fields, then each side's levels best first. */
public final class BookStateCodec implements BinaryCodec<BookState> {
    public static final BookStateCodec INSTANCE = new BookStateCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(BookState s, DataOutput out) throws IOException {
        out.writeByte(s.sync.ordinal());
        out.writeBoolean(s.awaitingBridge);
        out.writeLong(s.lastSequence);
        out.writeLong(s.lastEventTimeMs);
        out.writeLong(s.lastTopSecond);
        out.writeLong(s.secondTimer);
        out.writeLong(s.evictionTimer);
        out.writeBoolean(s.dropReported);
        MarketEventCodec.writeLevels(s.book.top(Side.BUY, Integer.MAX_VALUE), out);
        MarketEventCodec.writeLevels(s.book.top(Side.SELL, Integer.MAX_VALUE), out);
    }

    @Override
    public BookState read(DataInput in) throws IOException {
        BookState s = new BookState();
        s.sync = BookState.Sync.values()[in.readByte()];
        s.awaitingBridge = in.readBoolean();
        s.lastSequence = in.readLong();
        s.lastEventTimeMs = in.readLong();
        s.lastTopSecond = in.readLong();
        s.secondTimer = in.readLong();
        s.evictionTimer = in.readLong();
        s.dropReported = in.readBoolean();
        s.replaceLevels(MarketEventCodec.readLevels(in), MarketEventCodec.readLevels(in));
        return s;
    }
}
