package io.orderflow.model.codec;

import io.orderflow.model.BookDepth;
import io.orderflow.model.BookTop;
import io.orderflow.model.PriceLevels;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary form of {@link BookTop}. The byte after the levels is a set of flags: bit 0 the BBO changed, bit 1 whole-book
 * depth follows, bit 2 walk levels follow it, bit 3 the top follows a gap. A top without depth is byte for byte what version 1 wrote (its
 * {@code writeBoolean}), so tops kept in state by an older version still read.
 */
public final class BookTopCodec implements BinaryCodec<BookTop> {
    public static final BookTopCodec INSTANCE = new BookTopCodec();

    private static final int BBO_CHANGED = 1;
    private static final int DEPTH = 2;
    private static final int WALK = 4;
    private static final int AFTER_GAP = 8;

    private BookTopCodec() {}

    @Override
    public int version() {
        return 2;
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
        BookDepth d = t.depth();
        int flags = (t.bboChanged() ? BBO_CHANGED : 0) | (t.afterGap() ? AFTER_GAP : 0)
                | (d == null ? 0 : DEPTH | (d.walkDue() ? WALK : 0));
        out.writeByte(flags);
        if (d != null) {
            out.writeDouble(d.bandBps());
            out.writeDouble(d.bidNotional());
            out.writeDouble(d.askNotional());
            if (d.walkDue()) {
                MarketEventCodec.writeLevels(d.walkBids(), out);
                MarketEventCodec.writeLevels(d.walkAsks(), out);
            }
        }
    }

    @Override
    public BookTop read(DataInput in) throws IOException {
        String venue = in.readUTF();
        String symbol = in.readUTF();
        long exchangeTime = in.readLong();
        long received = in.readLong();
        long sequence = in.readLong();
        PriceLevels bids = MarketEventCodec.readLevels(in);
        PriceLevels asks = MarketEventCodec.readLevels(in);
        int flags = in.readUnsignedByte();
        if ((flags & ~(BBO_CHANGED | DEPTH | WALK | AFTER_GAP)) != 0) {
            throw new IOException("corrupt book top: unknown flags " + flags);
        }
        BookDepth depth = null;
        if ((flags & DEPTH) != 0) {
            double band = in.readDouble();
            double bid = in.readDouble();
            double ask = in.readDouble();
            boolean walk = (flags & WALK) != 0;
            depth = new BookDepth(band, bid, ask, walk ? MarketEventCodec.readLevels(in) : null,
                    walk ? MarketEventCodec.readLevels(in) : null);
        }
        return new BookTop(venue, symbol, exchangeTime, received, sequence, bids, asks, (flags & BBO_CHANGED) != 0,
                (flags & AFTER_GAP) != 0, depth);
    }
}
