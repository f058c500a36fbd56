package io.orderflow.job.trading;

import io.orderflow.execution.TradingStateCodec;
import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.execution.OrderIntent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit serializer of order intents (the async execution operator checkpoints the ones in flight). */
public final class OrderIntentSerializer extends CodecSerializer<OrderIntent> {
    private static final long serialVersionUID = 1L;
    public static final OrderIntentSerializer INSTANCE = new OrderIntentSerializer();
    public static final TypeInformation<OrderIntent> TYPE_INFO = new CodecTypeInfo<>(OrderIntent.class, () -> INSTANCE);

    private static final BinaryCodec<OrderIntent> CODEC = new BinaryCodec<>() {
        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(OrderIntent value, DataOutput out) throws IOException {
            TradingStateCodec.writeIntent(value, out);
        }

        @Override
        public OrderIntent read(DataInput in) throws IOException {
            return TradingStateCodec.readIntent(in);
        }
    };

    @Override
    protected BinaryCodec<OrderIntent> codec() {
        return CODEC;
    }

    @Override
    public TypeSerializerSnapshot<OrderIntent> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OrderIntent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
