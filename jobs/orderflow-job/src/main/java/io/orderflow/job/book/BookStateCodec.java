package io.orderflow.job.book;

import io.orderflow.model.Side;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.codec.MarketEventCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary form of {@link BookState}: the bookkeeping fields, then each side's levels best first. Version 1 began
 * with the sync state's ordinal (0 or 1); version 2 begins with the byte {@link #V2} and adds the apply order, so a
 * savepoint written by either is read.
 */
public final class BookStateCodec implements BinaryCodec<BookState> {
    public static final BookStateCodec INSTANCE = new BookStateCodec();

    @Override
    public int version() {
        return 2;
    }

    /** First byte of version 2; version 1's first byte is a {@link BookState.Sync} ordinal, never this. */
    static final int V2 = 0x42;

    @Override
    public void write(BookState s, DataOutput out) throws IOException {
        out.writeByte(V2);
        out.writeLong(s.lastApplyOrder);
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
        int first = in.readUnsignedByte();
        if (first == V2) {
            s.lastApplyOrder = in.readLong();
            first = in.readUnsignedByte();
        }
        if (first >= BookState.Sync.values().length) {
            throw new IOException("corrupt book state: unknown sync state " + first);
        }
        s.sync = BookState.Sync.values()[first];
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
