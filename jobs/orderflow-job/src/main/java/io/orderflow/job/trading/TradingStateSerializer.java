package io.orderflow.job.trading;

import io.orderflow.execution.state.TradingState;
import io.orderflow.execution.state.TradingStateCodec;
import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.model.codec.BinaryCodec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit state serializer for the trading state (mutable: copied through the codec). */
public final class TradingStateSerializer extends CodecSerializer<TradingState> {
    private static final long serialVersionUID = 1L;
    public static final TradingStateSerializer INSTANCE = new TradingStateSerializer();
    public static final TypeInformation<TradingState> TYPE_INFO =
            new CodecTypeInfo<>(TradingState.class, () -> INSTANCE);

    @Override
    protected BinaryCodec<TradingState> codec() {
        return TradingStateCodec.INSTANCE;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializerSnapshot<TradingState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TradingState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
