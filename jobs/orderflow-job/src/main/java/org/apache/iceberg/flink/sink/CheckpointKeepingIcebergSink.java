package org.apache.iceberg.flink.sink;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.io.WriteResult;

/**
 * Iceberg's {@link IcebergSink} with one repair: its pre-commit aggregator remembers the last checkpoint in operator
 * state. It lives in Iceberg's package because the aggregator and {@code IcebergSink.Builder#build} are
 * package-private in Iceberg 1.11; everything else is the sink Iceberg builds, called through.
 *
 * <p>Why. The aggregator numbers the committable it emits at end of input "last checkpoint + 1", and learns the
 * last checkpoint on restore from {@code StateInitializationContext#getRestoredCheckpointId}. Flink gives a
 * restored checkpoint id only to tasks that hold state, and the aggregator's task holds none: restored after the
 * last checkpoint a bounded job takes, it numbers the tail of the input checkpoint 1. Iceberg's committer skips
 * every checkpoint at or below the highest one this job already committed to the table, so it drops that tail
 * without a word. Seen in {@code KafkaReplayITCase} (a replay restored after it had read everything lost the last
 * 20 rows of {@code book_updates} and of most other tables); the same happens to any bounded Flink job writing
 * Iceberg through {@code IcebergSink} that restores once its input is read. With a value in operator state the
 * task is restored like any stateful one, with the checkpoint id, and the tail is numbered after it.
 *
 * <p>Same operators, names and uids as {@code IcebergSink.Builder#append}, so savepoints carry over both ways.
 */
public final class CheckpointKeepingIcebergSink
        implements Sink<RowData>,
                SupportsPreWriteTopology<RowData>,
                SupportsCommitter<IcebergCommittable>,
                SupportsPreCommitTopology<WriteResult, IcebergCommittable>,
                SupportsPostCommitTopology<IcebergCommittable>,
                SupportsConcurrentExecutionAttempts {
    private static final long serialVersionUID = 1L;

    private final IcebergSink iceberg;
    private final TableLoader tableLoader;
    private final String uid;

    private CheckpointKeepingIcebergSink(IcebergSink iceberg, TableLoader tableLoader, String uid) {
        this.iceberg = iceberg;
        this.tableLoader = tableLoader;
        this.uid = uid;
    }

    /**
     * What {@code builder.append()} does, with this sink: {@code rows} into the table {@code builder} names (it
     * must have been made by {@code IcebergSink.forRowData(rows)} with {@code tableLoader} and a uid suffix), with
     * {@code writeParallelism} writers (not positive: the environment's default).
     */
    public static DataStreamSink<RowData> append(IcebergSink.Builder builder, DataStream<RowData> rows,
            TableLoader tableLoader, String uidSuffix, int writeParallelism) {
        if (uidSuffix == null || uidSuffix.isEmpty()) {
            throw new IllegalArgumentException("a uid suffix is required: the sink's operators take their uids from it");
        }
        CheckpointKeepingIcebergSink sink = new CheckpointKeepingIcebergSink(builder.build(), tableLoader, uidSuffix);
        DataStreamSink<RowData> writers = rows.sinkTo(sink).uid(uidSuffix).name(uidSuffix);
        return writeParallelism > 0 ? writers.setParallelism(writeParallelism) : writers;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
        return iceberg.createWriter(context);
    }

    @Override
    public Committer<IcebergCommittable> createCommitter(CommitterInitContext context) {
        return iceberg.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<IcebergCommittable> getCommittableSerializer() {
        return iceberg.getCommittableSerializer();
    }

    @Override
    public DataStream<RowData> addPreWriteTopology(DataStream<RowData> input) {
        return iceberg.addPreWriteTopology(input);
    }

    @Override
    public DataStream<CommittableMessage<IcebergCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<WriteResult>> writeResults) {
        return writeResults.global()
                .transform("Sink pre-commit aggregator: " + uid,
                        CommittableMessageTypeInfo.of(IcebergCommittableSerializer::new),
                        new CheckpointKeepingAggregator(tableLoader))
                .uid(uid)
                .setParallelism(1)
                .setMaxParallelism(1)
                .global();
    }

    @Override
    public SimpleVersionedSerializer<WriteResult> getWriteResultSerializer() {
        return iceberg.getWriteResultSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<IcebergCommittable>> committables) {
        iceberg.addPostCommitTopology(committables);
    }

    /** Iceberg's aggregator, with the last checkpoint it flushed in operator state (see the class comment). */
    static final class CheckpointKeepingAggregator extends IcebergWriteAggregator {
        private static final long serialVersionUID = 1L;
        private static final ListStateDescriptor<Long> LAST_CHECKPOINT =
                new ListStateDescriptor<>("orderflow-last-checkpoint", LongSerializer.INSTANCE);

        private transient ListState<Long> lastCheckpoint;

        CheckpointKeepingAggregator(TableLoader tableLoader) {
            super(tableLoader);
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            lastCheckpoint = context.getOperatorStateStore().getListState(LAST_CHECKPOINT);
            super.initializeState(context);
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            lastCheckpoint.update(List.of(context.getCheckpointId()));
        }
    }
}
