package io.orderflow.model.codec;

import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import io.orderflow.model.VenueBbo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary form of every {@link MarketEvent}: a tag byte, the common header, then the type's own fields. */
public final class MarketEventCodec implements BinaryCodec<MarketEvent> {
    public static final MarketEventCodec INSTANCE = new MarketEventCodec();

    private static final byte SNAPSHOT = 1;
    private static final byte DELTA = 2;
    private static final byte TRADE = 3;
    private static final byte VENUE_BBO = 4;
    private static final byte QUALITY = 5;

    private MarketEventCodec() {}

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(MarketEvent e, DataOutput out) throws IOException {
        if (e instanceof BookSnapshot s) {
            out.writeByte(SNAPSHOT);
            header(e, out);
            out.writeLong(s.sequence());
            writeLevels(s.bids(), out);
            writeLevels(s.asks(), out);
        } else if (e instanceof BookDelta d) {
            out.writeByte(DELTA);
            header(e, out);
            out.writeLong(d.firstSequence());
            out.writeLong(d.lastSequence());
            out.writeLong(d.previousSequence());
            writeLevels(d.bids(), out);
            writeLevels(d.asks(), out);
        } else if (e instanceof Trade t) {
            out.writeByte(TRADE);
            header(e, out);
            out.writeUTF(t.tradeId());
            out.writeLong(t.price());
            out.writeLong(t.size());
            out.writeByte(t.aggressor().ordinal());
        } else if (e instanceof VenueBbo b) {
            out.writeByte(VENUE_BBO);
            header(e, out);
            out.writeLong(b.updateId());
            out.writeLong(b.bidPrice());
            out.writeLong(b.bidSize());
            out.writeLong(b.askPrice());
            out.writeLong(b.askSize());
        } else if (e instanceof DataQualityEvent q) {
            out.writeByte(QUALITY);
            header(e, out);
            out.writeByte(q.kind().ordinal());
            out.writeUTF(q.detail());
            out.writeUTF(q.sample());
        } else {
            throw new IllegalArgumentException("unknown market event type " + e.getClass());
        }
    }

    @Override
    public MarketEvent read(DataInput in) throws IOException {
        return read(in, Long.MIN_VALUE);
    }

    /**
     * Reads an event stamped with a new local receive time ({@code Long.MIN_VALUE}: keep the recorded one): a
     * replay that measures latency from the moment it hands the event on.
     */
    public MarketEvent read(DataInput in, long receivedAtNanos) throws IOException {
        byte tag = in.readByte();
        String venue = in.readUTF();
        String symbol = in.readUTF();
        long exchangeTime = in.readLong();
        long recorded = in.readLong();
        long received = receivedAtNanos == Long.MIN_VALUE ? recorded : receivedAtNanos;
        switch (tag) {
            case SNAPSHOT:
                return new BookSnapshot(venue, symbol, exchangeTime, received, in.readLong(), readLevels(in),
                        readLevels(in));
            case DELTA:
                return new BookDelta(venue, symbol, exchangeTime, received, in.readLong(), in.readLong(),
                        in.readLong(), readLevels(in), readLevels(in));
            case TRADE:
                return new Trade(venue, symbol, exchangeTime, received, in.readUTF(), in.readLong(), in.readLong(),
                        Side.values()[in.readByte()]);
            case VENUE_BBO:
                return new VenueBbo(venue, symbol, exchangeTime, received, in.readLong(), in.readLong(),
                        in.readLong(), in.readLong(), in.readLong());
            case QUALITY:
                return new DataQualityEvent(venue, symbol, exchangeTime, received,
                        DataQualityEvent.Kind.values()[in.readByte()], in.readUTF(), in.readUTF());
            default:
                throw new IOException("corrupt market event: unknown tag " + tag);
        }
    }

    private static void header(MarketEvent e, DataOutput out) throws IOException {
        out.writeUTF(e.venue());
        out.writeUTF(e.symbol());
        out.writeLong(e.exchangeTimeMs());
        out.writeLong(e.receivedAtNanos());
    }

    public static void writeLevels(PriceLevels levels, DataOutput out) throws IOException {
        int n = levels.count();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(levels.price(i));
            out.writeLong(levels.size(i));
        }
    }

    public static PriceLevels readLevels(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("corrupt level count " + n);
        }
        long[] prices = new long[n];
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            prices[i] = in.readLong();
            sizes[i] = in.readLong();
        }
        return PriceLevels.wrap(prices, sizes);
    }
}
