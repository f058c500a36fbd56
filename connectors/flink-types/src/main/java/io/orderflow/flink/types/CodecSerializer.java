package io.orderflow.flink.types;

import io.orderflow.model.codec.BinaryCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer over a plain-Java {@link BinaryCodec}. Immutable types (events) are shared, never copied;
 * mutable ones (books, accumulators) override {@link #isImmutableType()} and are copied through the codec.
 * Subclasses exist only to give each type its own
 * {@link org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot}, which Flink instantiates by class
 * name on restore.
 */
public abstract class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** The codec; a singleton looked up rather than held, so the serializer stays Java-serializable. */
    protected abstract BinaryCodec<T> codec();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        if (isImmutableType() || from == null) {
            return from;
        }
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
            codec().write(from, new java.io.DataOutputStream(bytes));
            return codec().read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy " + from.getClass().getSimpleName(), e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        codec().write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return codec().read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return codec().read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        codec().write(codec().read(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
