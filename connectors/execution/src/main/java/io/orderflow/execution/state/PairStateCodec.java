package io.orderflow.execution.state;

import io.orderflow.model.codec.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary form of {@link PairState}: the two legs' trading states, y first. */
public final class PairStateCodec implements BinaryCodec<PairState> {
    public static final PairStateCodec INSTANCE = new PairStateCodec();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(PairState s, DataOutput out) throws IOException {
        TradingStateCodec.INSTANCE.write(s.y(), out);
        TradingStateCodec.INSTANCE.write(s.x(), out);
    }

    @Override
    public PairState read(DataInput in) throws IOException {
        return new PairState(TradingStateCodec.INSTANCE.read(in), TradingStateCodec.INSTANCE.read(in));
    }
}
