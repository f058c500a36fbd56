package io.orderflow.flink.types;

import io.orderflow.model.MarketEvent;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.codec.MarketEventCodec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit serializer for the normalized market stream. */
public final class MarketEventSerializer extends CodecSerializer<MarketEvent> {
    private static final long serialVersionUID = 1L;
    public static final MarketEventSerializer INSTANCE = new MarketEventSerializer();
    public static final TypeInformation<MarketEvent> TYPE_INFO =
            new CodecTypeInfo<>(MarketEvent.class, () -> INSTANCE);

    @Override
    protected BinaryCodec<MarketEvent> codec() {
        return MarketEventCodec.INSTANCE;
    }

    @Override
    public TypeSerializerSnapshot<MarketEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer by class name. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MarketEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
