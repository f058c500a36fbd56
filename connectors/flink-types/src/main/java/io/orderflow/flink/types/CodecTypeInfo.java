package io.orderflow.flink.types;

import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information that always answers with the given explicit serializer (never Kryo, never POJO analysis). */
public final class CodecTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final SerializerFactory<T> factory;

    /** A serializable supplier of the serializer. */
    public interface SerializerFactory<T> extends Supplier<TypeSerializer<T>>, java.io.Serializable {}

    public CodecTypeInfo(Class<T> type, SerializerFactory<T> factory) {
        this.type = type;
        this.factory = factory;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return factory.get();
    }

    @Override
    public String toString() {
        return "CodecTypeInfo<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CodecTypeInfo<?> other && other.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof CodecTypeInfo;
    }
}
