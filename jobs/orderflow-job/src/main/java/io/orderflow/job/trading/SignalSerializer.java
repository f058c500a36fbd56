package io.orderflow.job.trading;

import io.orderflow.execution.strategy.Signal;
import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.model.codec.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit serializer of the signals strategies receive (pattern matches on their way to the trading operators). */
public final class SignalSerializer extends CodecSerializer<Signal> {
    private static final long serialVersionUID = 1L;
    public static final SignalSerializer INSTANCE = new SignalSerializer();
    public static final TypeInformation<Signal> TYPE_INFO = new CodecTypeInfo<>(Signal.class, () -> INSTANCE);

    private static final BinaryCodec<Signal> CODEC = new BinaryCodec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(Signal s, DataOutput out) throws IOException {
            out.writeUTF(s.name());
            out.writeUTF(s.venue());
            out.writeUTF(s.symbol());
            out.writeLong(s.timeMs());
            out.writeDouble(s.value());
        }

        @Override
        public Signal read(DataInput in) throws IOException {
            return new Signal(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readDouble());
        }
    };

    @Override
    protected BinaryCodec<Signal> codec() {
        return CODEC;
    }

    @Override
    public TypeSerializerSnapshot<Signal> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Signal> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
