package io.orderflow.execution.state;

import io.orderflow.model.Side;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Binary form of {@link TradingState}. */
public final class TradingStateCodec implements BinaryCodec<TradingState> {
    public static final TradingStateCodec INSTANCE = new TradingStateCodec();

    @Override
    public int version() {
        return 5;
    }

    @Override
    public void write(TradingState s, DataOutput out) throws IOException {
        PositionLedger l = s.ledger();
        out.writeLong(l.position());
        writeMoney(l.cost(), out);
        writeMoney(l.realized(), out);
        writeMoney(l.fees(), out);
        out.writeLong(l.day());
        writeMoney(l.dayStartEquity(), out);
        out.writeLong(s.lastPnlMinute());
        StrategyMemory m = s.memory();
        out.writeInt(m.orders().size());
        for (var e : m.orders().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(m.marks().size());
        for (var e : m.marks().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        writeDoubles(m.numbers(), out);
        out.writeLong(s.lastDecisionMs());
        out.writeLong(s.fillCount());
        out.writeInt(s.openOrders().size());
        for (RestingOrder o : s.openOrders()) {
            writeIntent(o.intent(), out);
            out.writeLong(o.filled());
            out.writeLong(o.placedAtMs());
            out.writeLong(o.queueAhead());
            out.writeLong(o.levelSize());
            out.writeLong(o.makerFilled());
            writeDoubles(o.features(), out);
            out.writeBoolean(o.venueOrderId() != null);
            if (o.venueOrderId() != null) {
                out.writeUTF(o.venueOrderId());
            }
        }
        out.writeInt(s.venueFills().size());
        for (String id : s.venueFills()) {
            out.writeUTF(id);
        }
        MakerShareModel model = s.makerShare();
        writeDoubles(model.weights(), out);
        out.writeLong(model.samples());
        out.writeDouble(model.ewmaVariance());
        out.writeLong(model.lastSecond());
        out.writeLong(model.lastMid());
    }

    private static void writeDoubles(double[] values, DataOutput out) throws IOException {
        out.writeInt(values.length);
        for (double d : values) {
            out.writeDouble(d);
        }
    }

    private static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    @Override
    public TradingState read(DataInput in) throws IOException {
        TradingState s = new TradingState();
        s.ledger().restore(in.readLong(), readMoney(in), readMoney(in), readMoney(in), in.readLong(), readMoney(in));
        s.recordPnlMinute(in.readLong());
        StrategyMemory m = s.memory();
        for (int i = in.readInt(); i > 0; i--) {
            m.track(in.readUTF(), in.readUTF());
        }
        for (int i = in.readInt(); i > 0; i--) {
            m.put(in.readUTF(), in.readLong());
        }
        m.numbers(readDoubles(in));
        long lastDecision = in.readLong();
        long fills = in.readLong();
        int n = in.readInt();
        List<RestingOrder> orders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            orders.add(new RestingOrder(readIntent(in), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), readDoubles(in), in.readBoolean() ? in.readUTF() : null));
        }
        for (int i = in.readInt(); i > 0; i--) {
            s.firstVenueFill(in.readUTF());
        }
        s.restore(lastDecision, fills, orders);
        s.makerShare().restore(readDoubles(in), in.readLong(), in.readDouble(), in.readLong(), in.readLong());
        return s;
    }

    /** Exact: the unscaled digits and the scale. */
    private static void writeMoney(BigDecimal v, DataOutput out) throws IOException {
        byte[] digits = v.unscaledValue().toByteArray();
        out.writeInt(v.scale());
        out.writeShort(digits.length);
        out.write(digits);
    }

    private static BigDecimal readMoney(DataInput in) throws IOException {
        int scale = in.readInt();
        byte[] digits = new byte[in.readShort()];
        in.readFully(digits);
        return new BigDecimal(new java.math.BigInteger(digits), scale);
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
        out.writeBoolean(i.reduceOnly());
    }

    public static OrderIntent readIntent(DataInput in) throws IOException {
        return new OrderIntent(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), Side.values()[in.readByte()],
                OrderType.values()[in.readByte()], TimeInForce.values()[in.readByte()], in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), in.readUTF(), in.readBoolean());
    }
}
