package io.orderflow.flink.types;

import io.orderflow.model.BookTop;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.codec.BookTopCodec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit serializer for book tops flowing from the book operator to signals and trading. */
public final class BookTopSerializer extends CodecSerializer<BookTop> {
    private static final long serialVersionUID = 1L;
    public static final BookTopSerializer INSTANCE = new BookTopSerializer();
    public static final TypeInformation<BookTop> TYPE_INFO = new CodecTypeInfo<>(BookTop.class, () -> INSTANCE);

    @Override
    protected BinaryCodec<BookTop> codec() {
        return BookTopCodec.INSTANCE;
    }

    @Override
    public TypeSerializerSnapshot<BookTop> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BookTop> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
