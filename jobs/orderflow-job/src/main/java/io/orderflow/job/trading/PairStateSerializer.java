package io.orderflow.job.trading;

import io.orderflow.execution.state.PairState;
import io.orderflow.execution.state.PairStateCodec;
import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.model.codec.BinaryCodec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit state serializer for the pair-trading state (both legs) (mutable: copied through the codec). */
public final class PairStateSerializer extends CodecSerializer<PairState> {
    private static final long serialVersionUID = 1L;
    public static final PairStateSerializer INSTANCE = new PairStateSerializer();
    public static final TypeInformation<PairState> TYPE_INFO =
            new CodecTypeInfo<>(PairState.class, () -> INSTANCE);

    @Override
    protected BinaryCodec<PairState> codec() {
        return PairStateCodec.INSTANCE;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializerSnapshot<PairState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PairState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
