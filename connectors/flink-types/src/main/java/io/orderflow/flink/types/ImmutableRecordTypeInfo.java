package io.orderflow.flink.types;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Java record as Flink's own POJO type (its serializer, field by field, no Kryo), but shared rather than copied
 * between chained operators: the records operators emit are never changed once built, so the copy Flink makes for
 * each chained hand-over without object reuse would buy nothing and cost a reflective rebuild of every record.
 * For stream edges; keyed state uses the plain POJO type.
 */
public final class ImmutableRecordTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> pojo;

    private ImmutableRecordTypeInfo(TypeInformation<T> pojo) {
        this.pojo = pojo;
    }

    /** The type of an immutable record whose every field Flink can analyse; anything else is refused here. */
    public static <T extends Record> TypeInformation<T> forRecord(Class<T> type) {
        TypeInformation<T> info = TypeInformation.of(type);
        if (!(info instanceof PojoTypeInfo)) {
            throw new IllegalArgumentException(type.getName() + " is not a Flink POJO (" + info + "): every field "
                    + "must be a primitive, a string, an enum, an array of those or another such record");
        }
        return new ImmutableRecordTypeInfo<>(info);
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
        return pojo.getArity();
    }

    @Override
    public int getTotalFields() {
        return pojo.getTotalFields();
    }

    @Override
    public Class<T> getTypeClass() {
        return pojo.getTypeClass();
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new Shared<>(pojo.createSerializer(config));
    }

    @Override
    public String toString() {
        return "ImmutableRecord<" + pojo + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImmutableRecordTypeInfo<?> other && other.pojo.equals(pojo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ImmutableRecordTypeInfo.class, pojo);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ImmutableRecordTypeInfo;
    }

    /** The POJO serializer, with copies that return the record itself. */
    static final class Shared<T> extends TypeSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final TypeSerializer<T> fields;

        Shared(TypeSerializer<T> fields) {
            this.fields = fields;
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            TypeSerializer<T> d = fields.duplicate();
            return d == fields ? this : new Shared<>(d);
        }

        @Override
        public T createInstance() {
            return fields.createInstance();
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return fields.getLength();
        }

        @Override
        public void serialize(T record, DataOutputView target) throws IOException {
            fields.serialize(record, target);
        }

        @Override
        public T deserialize(DataInputView source) throws IOException {
            return fields.deserialize(source);
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return fields.deserialize(source); // records cannot be filled in place
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            fields.copy(source, target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Shared<?> other && other.fields.equals(fields);
        }

        @Override
        public int hashCode() {
            return fields.hashCode();
        }

        /** The POJO serializer's: what is written is exactly its format (a restore reads it with that). */
        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return fields.snapshotConfiguration();
        }
    }
}
