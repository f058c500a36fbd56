package io.orderflow.job.book;

import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.model.codec.BinaryCodec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit state serializer for books (mutable: copied through the codec). */
public final class BookStateSerializer extends CodecSerializer<BookState> {
    private static final long serialVersionUID = 1L;
    public static final BookStateSerializer INSTANCE = new BookStateSerializer();
    public static final TypeInformation<BookState> TYPE_INFO = new CodecTypeInfo<>(BookState.class, () -> INSTANCE);

    @Override
    protected BinaryCodec<BookState> codec() {
        return BookStateCodec.INSTANCE;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializerSnapshot<BookState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BookState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
