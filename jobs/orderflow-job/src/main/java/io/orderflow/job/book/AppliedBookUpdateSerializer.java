package io.orderflow.job.book;

import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.codec.MarketEventCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit serializer of the book operator's applied updates: the apply order, then the event's own codec. */
public final class AppliedBookUpdateSerializer extends CodecSerializer<AppliedBookUpdate> {
    private static final long serialVersionUID = 1L;
    public static final AppliedBookUpdateSerializer INSTANCE = new AppliedBookUpdateSerializer();
    public static final TypeInformation<AppliedBookUpdate> TYPE_INFO =
            new CodecTypeInfo<>(AppliedBookUpdate.class, () -> INSTANCE);

    private static final BinaryCodec<AppliedBookUpdate> CODEC = new BinaryCodec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(AppliedBookUpdate value, DataOutput out) throws IOException {
            out.writeLong(value.applyOrder());
            MarketEventCodec.INSTANCE.write(value.update(), out);
        }

        @Override
        public AppliedBookUpdate read(DataInput in) throws IOException {
            long order = in.readLong();
            return new AppliedBookUpdate(MarketEventCodec.INSTANCE.read(in), order);
        }
    };

    @Override
    protected BinaryCodec<AppliedBookUpdate> codec() {
        return CODEC;
    }

    @Override
    public TypeSerializerSnapshot<AppliedBookUpdate> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AppliedBookUpdate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
