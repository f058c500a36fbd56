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

/**
 * Binary form of {@link TradingState}. Up to version 5 it began with the position; from version 6 it begins with
 * {@link #VERSIONED} (a position of −9.2·10¹⁰ units of anything, which no account holds) and the version, and ends
 * with the fill-probability model and the parent order being worked (and keeps both models' covariances), so
 * state written by either is read.
 */
public final class TradingStateCodec implements BinaryCodec<TradingState> {
    public static final TradingStateCodec INSTANCE = new TradingStateCodec();

    @Override
    public int version() {
        return 6;
    }

    static final long VERSIONED = Long.MIN_VALUE + 1;

    @Override
    public void write(TradingState s, DataOutput out) throws IOException {
        out.writeLong(VERSIONED);
        out.writeInt(version());
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
        writeDoubles(model.covariance(), out);
        out.writeLong(model.samples());
        out.writeDouble(model.ewmaVariance());
        out.writeLong(model.lastSecond());
        out.writeLong(model.lastMid());
        FillProbabilityModel fills = s.fillProbability();
        writeDoubles(fills.weights(), out);
        writeDoubles(fills.covariance(), out);
        out.writeLong(fills.samples());
        out.writeLong(fills.filledWithin());
        out.writeInt(fills.pending().size());
        for (FillProbabilityModel.Pending p : fills.pending()) {
            out.writeUTF(p.clientOrderId());
            out.writeLong(p.placedAtMs());
            writeDoubles(p.features(), out);
        }
        ParentOrder parent = s.parent();
        out.writeBoolean(parent != null);
        if (parent != null) {
            out.writeUTF(parent.parentId());
            out.writeUTF(parent.strategy());
            out.writeUTF(parent.venue());
            out.writeUTF(parent.symbol());
            out.writeByte(parent.side().ordinal());
            out.writeLong(parent.quantity());
            out.writeLong(parent.arrivalMid());
            out.writeLong(parent.startMs());
            out.writeLong(parent.sliceMs());
            out.writeInt(parent.slices());
            for (int i = 0; i < parent.slices(); i++) {
                out.writeLong(parent.children()[i]);
                out.writeUTF(parent.childIds()[i]);
            }
            out.writeInt(parent.next());
        }
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
        long first = in.readLong();
        int version = 5;
        if (first == VERSIONED) {
            version = in.readInt();
            if (version < 6 || version > version()) {
                throw new IOException("trading state of version " + version + " is not one this build reads (6.."
                        + version() + ")");
            }
            first = in.readLong();
        }
        s.ledger().restore(first, readMoney(in), readMoney(in), readMoney(in), in.readLong(), readMoney(in));
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
        double[] makerWeights = readDoubles(in);
        double[] makerCovariance = version >= 6 ? readDoubles(in) : null;
        s.makerShare().restore(makerWeights, makerCovariance, in.readLong(), in.readDouble(), in.readLong(),
                in.readLong());
        if (version >= 6) {
            double[] weights = readDoubles(in);
            double[] covariance = readDoubles(in);
            long samples = in.readLong();
            long filledWithin = in.readLong();
            List<FillProbabilityModel.Pending> waiting = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                waiting.add(new FillProbabilityModel.Pending(in.readUTF(), in.readLong(), readDoubles(in)));
            }
            s.fillProbability().restore(weights, covariance, samples, filledWithin, waiting);
            if (in.readBoolean()) {
                String id = in.readUTF();
                String strategy = in.readUTF();
                String venue = in.readUTF();
                String symbol = in.readUTF();
                Side side = Side.values()[in.readByte()];
                long quantity = in.readLong();
                long mid = in.readLong();
                long start = in.readLong();
                long slice = in.readLong();
                long[] children = new long[in.readInt()];
                String[] ids = new String[children.length];
                for (int i = 0; i < children.length; i++) {
                    children[i] = in.readLong();
                    ids[i] = in.readUTF();
                }
                s.parent(new ParentOrder(id, strategy, venue, symbol, side, quantity, mid, start, slice, children, ids,
                        in.readInt()));
            }
        }
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
