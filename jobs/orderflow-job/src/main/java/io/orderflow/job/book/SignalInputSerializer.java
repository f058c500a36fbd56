package io.orderflow.job.book;

import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.model.Trade;
import io.orderflow.model.codec.BinaryCodec;
import io.orderflow.model.codec.BookTopCodec;
import io.orderflow.model.codec.MarketEventCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit serializer of {@link SignalInput}: a tag, then the book top's or the trade's own codec. */
public final class SignalInputSerializer extends CodecSerializer<SignalInput> {
    private static final long serialVersionUID = 1L;
    public static final SignalInputSerializer INSTANCE = new SignalInputSerializer();
    public static final TypeInformation<SignalInput> TYPE_INFO =
            new CodecTypeInfo<>(SignalInput.class, () -> INSTANCE);
    private static final byte BOOK = 1;
    private static final byte TRADE = 2;
    private static final BinaryCodec<SignalInput> CODEC = new BinaryCodec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(SignalInput in, DataOutput out) throws IOException {
            if (in.book() != null) {
                out.writeByte(BOOK);
                BookTopCodec.INSTANCE.write(in.book(), out);
            } else {
                out.writeByte(TRADE);
                MarketEventCodec.INSTANCE.write(in.trade(), out);
            }
        }

        @Override
        public SignalInput read(DataInput in) throws IOException {
            byte tag = in.readByte();
            return switch (tag) {
                case BOOK -> SignalInput.of(BookTopCodec.INSTANCE.read(in));
                case TRADE -> SignalInput.of((Trade) MarketEventCodec.INSTANCE.read(in));
                default -> throw new IOException("not a signal input: tag " + tag);
            };
        }
    };

    @Override
    protected BinaryCodec<SignalInput> codec() {
        return CODEC;
    }

    @Override
    public TypeSerializerSnapshot<SignalInput> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SignalInput> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
