package io.orderflow.job.features;

import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.job.signals.InstrumentSignals;
import io.orderflow.model.codec.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit state serializer of an instrument's signal state (mutable: copied through its codec). */
public final class InstrumentSignalsSerializer extends CodecSerializer<InstrumentSignals> {
    private static final long serialVersionUID = 1L;
    public static final InstrumentSignalsSerializer INSTANCE = new InstrumentSignalsSerializer();
    public static final TypeInformation<InstrumentSignals> TYPE_INFO =
            new CodecTypeInfo<>(InstrumentSignals.class, () -> INSTANCE);

    private static final BinaryCodec<InstrumentSignals> CODEC = new BinaryCodec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(InstrumentSignals value, DataOutput out) throws IOException {
            value.write(out);
        }

        @Override
        public InstrumentSignals read(DataInput in) throws IOException {
            return InstrumentSignals.read(in);
        }
    };

    @Override
    protected BinaryCodec<InstrumentSignals> codec() {
        return CODEC;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializerSnapshot<InstrumentSignals> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InstrumentSignals> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
