package io.orderflow.job.trading;

import io.orderflow.execution.strategy.ImbalanceTriggers;
import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.model.codec.BinaryCodec;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit state serializer of an instrument's trigger matching state (mutable: copied through the codec). */
public final class TriggerStateSerializer extends CodecSerializer<ImbalanceTriggers.State> {
    private static final long serialVersionUID = 1L;
    public static final TriggerStateSerializer INSTANCE = new TriggerStateSerializer();

    @Override
    protected BinaryCodec<ImbalanceTriggers.State> codec() {
        return ImbalanceTriggers.StateCodec.INSTANCE;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializerSnapshot<ImbalanceTriggers.State> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ImbalanceTriggers.State> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
