package io.orderflow.job.features;

import io.orderflow.flink.types.CodecSerializer;
import io.orderflow.flink.types.CodecTypeInfo;
import io.orderflow.job.signals.InstrumentSignals.Features;
import io.orderflow.model.codec.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Explicit serializer of feature samples (the pattern detector keeps them in its NFA state). */
public final class FeatureSampleSerializer extends CodecSerializer<FeatureSample> {
    private static final long serialVersionUID = 1L;
    public static final FeatureSampleSerializer INSTANCE = new FeatureSampleSerializer();
    public static final TypeInformation<FeatureSample> TYPE_INFO =
            new CodecTypeInfo<>(FeatureSample.class, () -> INSTANCE);

    static final class Codec implements BinaryCodec<FeatureSample> {
        static final Codec INSTANCE = new Codec();

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(FeatureSample s, DataOutput out) throws IOException {
            out.writeUTF(s.venue());
            out.writeUTF(s.symbol());
            Features f = s.features();
            out.writeLong(f.timeMs());
            out.writeLong(f.updateId());
            for (double d : new double[] {f.mid(), f.imbalance(), f.ofi(), f.weightedMid(), f.microprice(),
                    f.spreadBps(), f.bidDepth(), f.askDepth(), f.spreadBaseline(), f.depthBaseline()}) {
                out.writeDouble(d);
            }
        }

        @Override
        public FeatureSample read(DataInput in) throws IOException {
            String venue = in.readUTF();
            String symbol = in.readUTF();
            long time = in.readLong();
            long id = in.readLong();
            return new FeatureSample(venue, symbol, new Features(time, id, in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble()));
        }
    }

    @Override
    protected BinaryCodec<FeatureSample> codec() {
        return Codec.INSTANCE;
    }

    @Override
    public TypeSerializerSnapshot<FeatureSample> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureSample> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
