package io.orderflow.model.codec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A compact, versioned binary form of a type, in plain Java. Flink state and network serializers wrap these
 * (no Java serialization, no Kryo), and the same bytes can travel through Kafka.
 */
public interface BinaryCodec<T> {
    /** Bumped whenever the byte layout changes; readers of older versions must still be able to read them. */
    int version();

    void write(T value, DataOutput out) throws IOException;

    T read(DataInput in) throws IOException;
}
