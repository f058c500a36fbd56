package io.orderflow.execution;

import io.orderflow.model.Side;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Binary form of {@link TradingState}. */
public final class TradingStateCodec implements BinaryCodec<TradingState> {
    public static final TradingStateCodec INSTANCE = new TradingStateCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(TradingState s, DataOutput out) throws IOException {
        out.writeLong(s.position());
        out.writeLong(s.lastDecisionMs());
        out.writeLong(s.fillCount());
        out.writeInt(s.openOrders().size());
        for (RestingOrder o : s.openOrders()) {
            writeIntent(o.intent(), out);
            out.writeLong(o.filled());
            out.writeLong(o.placedAtMs());
        }
    }

    @Override
    public TradingState read(DataInput in) throws IOException {
        long position = in.readLong();
        long lastDecision = in.readLong();
        long fills = in.readLong();
        int n = in.readInt();
        List<RestingOrder> orders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            orders.add(new RestingOrder(readIntent(in), in.readLong(), in.readLong()));
        }
        TradingState s = new TradingState();
        s.restore(position, lastDecision, fills, orders);
        return s;
    }

    public static void writeIntent(OrderIntent i, DataOutput out) throws IOException {
        out.writeUTF(i.clientOrderId());
        out.writeUTF(i.strategy());
        out.writeUTF(i.venue());
        out.writeUTF(i.symbol());
        out.writeByte(i.side().ordinal());
        out.writeByte(i.type().ordinal());
        out.writeByte(i.timeInForce().ordinal());
        out.writeLong(i.price());
        out.writeLong(i.quantity());
        out.writeLong(i.decisionTimeMs());
        out.writeLong(i.decisionReceivedAtNanos());
        out.writeLong(i.decisionMidPrice());
        out.writeUTF(i.reason());
    }

    public static OrderIntent readIntent(DataInput in) throws IOException {
        return new OrderIntent(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), Side.values()[in.readByte()],
                OrderType.values()[in.readByte()], TimeInForce.values()[in.readByte()], in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), in.readUTF());
    }
}
