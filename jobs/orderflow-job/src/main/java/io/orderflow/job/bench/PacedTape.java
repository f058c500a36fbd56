package io.orderflow.job.bench;

import io.orderflow.flink.types.MarketEventSerializer;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.codec.MarketEventCodec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A {@link MarketTape} replayed at a fixed rate for latency runs, as a FLIP-27 source whose reader paces itself
 * in its task's own thread: each reader wakes once per release slice, hands on every record due by then in one
 * go, and sleeps on a timer until the next slice. Flink's FileSource cannot do this: its records pass from a
 * fetcher thread to the task one batch at a time, so a paced record cost two thread wake-ups, and the paced input
 * alone kept 1.5-1.9 of the machine's 2 cores busy at 20,000 msgs/s (issue 17).
 *
 * <p>Each record's local receive time (where tick-to-order starts) is when it would have come off the wire: its
 * due time, or the moment it is handed on if that is earlier (within its slice). A job that falls behind holds
 * the reader back, and a record handed on late still counts from its due time, as it would on a live feed whose
 * frames keep arriving while the job is busy. Stamping at hand-over instead hides that wait (coordinated
 * omission): the FileSource reader did, and slowed the input below its rate without a trace in the figures.
 *
 * <p>Each partition file is a split, handed to readers on request; a checkpoint keeps each reader's position
 * (byte offset and records read) and a restore resumes there.
 */
final class PacedTape implements Source<MarketEvent, PacedTape.Partition, List<PacedTape.Partition>>,
        ResultTypeQueryable<MarketEvent> {
    private static final long serialVersionUID = 1L;

    /** One tape file, and how far into it a reader got. */
    record Partition(String file, long offset, long records) implements SourceSplit {
        @Override
        public String splitId() {
            return file;
        }
    }

    private final List<String> files;
    private final double eventsPerSecondPerReader;
    private final long sliceNanos;
    private NanoClock clock = System::nanoTime;

    /** A monotonic clock in nanoseconds, {@link System#nanoTime()} unless a test drives it by hand. */
    @FunctionalInterface
    interface NanoClock extends java.io.Serializable {
        long nanoTime();
    }

    /**
     * @param eventsPerSecondPerReader each reader's pace
     * @param slice the records due within one slice leave together at its start
     */
    PacedTape(List<Path> files, double eventsPerSecondPerReader, Duration slice) {
        if (files.isEmpty() || eventsPerSecondPerReader <= 0 || slice.isNegative() || slice.isZero()) {
            throw new IllegalArgumentException("a paced tape needs files, a positive pace and a positive slice; got "
                    + files.size() + " files, " + eventsPerSecondPerReader + "/s, slice " + slice);
        }
        this.files = files.stream().map(Path::toString).toList();
        this.eventsPerSecondPerReader = eventsPerSecondPerReader;
        this.sliceNanos = slice.toNanos();
    }

    /** Paces by this clock instead of {@link System#nanoTime()} (a test moves time itself rather than sleeping). */
    PacedTape withClock(NanoClock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<MarketEvent, Partition> createReader(SourceReaderContext context) {
        return new Reader(context, 1e9 / eventsPerSecondPerReader, sliceNanos, clock);
    }

    @Override
    public SplitEnumerator<Partition, List<Partition>> createEnumerator(SplitEnumeratorContext<Partition> context) {
        return new Enumerator(context, files.stream().map(f -> new Partition(f, 0, 0)).toList());
    }

    @Override
    public SplitEnumerator<Partition, List<Partition>> restoreEnumerator(SplitEnumeratorContext<Partition> context,
            List<Partition> pending) {
        return new Enumerator(context, pending);
    }

    @Override
    public SimpleVersionedSerializer<Partition> getSplitSerializer() {
        return new PartitionSerializer();
    }

    @Override
    public SimpleVersionedSerializer<List<Partition>> getEnumeratorCheckpointSerializer() {
        return new PendingSerializer();
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return MarketEventSerializer.TYPE_INFO;
    }

    /** Hands the next unread file to whichever reader asks (a finished reader asks again, then hears "no more"). */
    private static final class Enumerator implements SplitEnumerator<Partition, List<Partition>> {
        private final SplitEnumeratorContext<Partition> context;
        private final ArrayDeque<Partition> pending;

        Enumerator(SplitEnumeratorContext<Partition> context, List<Partition> pending) {
            this.context = context;
            this.pending = new ArrayDeque<>(pending);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            if (pending.isEmpty()) {
                context.signalNoMoreSplits(subtaskId);
            } else {
                context.assignSplit(pending.poll(), subtaskId);
            }
        }

        @Override
        public void addSplitsBack(List<Partition> splits, int subtaskId) {
            pending.addAll(splits);
        }

        @Override
        public void addReader(int subtaskId) {}

        @Override
        public List<Partition> snapshotState(long checkpointId) {
            return new ArrayList<>(pending);
        }

        @Override
        public void close() {}
    }

    /** Reads its files in turn, releasing records by the slice; see the class comment. */
    private static final class Reader implements SourceReader<MarketEvent, Partition> {
        /** At most this many records per call, so checkpoints and timers get the task's thread in between. */
        private static final int MAX_PER_POLL = 512;

        private final SourceReaderContext context;
        private final double nanosPerEvent;
        private final long sliceNanos;
        private final NanoClock clock;
        private final ArrayDeque<Partition> assigned = new ArrayDeque<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paced tape timer");
            t.setDaemon(true);
            return t;
        });
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private boolean noMoreSplits;
        private long startNanos = Long.MIN_VALUE;
        private long epochOffset = Long.MIN_VALUE;
        private long read;
        private Partition current;
        private DataInputStream in;
        private long offset;
        private long readInSplit;

        Reader(SourceReaderContext context, double nanosPerEvent, long sliceNanos, NanoClock clock) {
            this.clock = clock;
            this.context = context;
            this.nanosPerEvent = nanosPerEvent;
            this.sliceNanos = sliceNanos;
        }

        @Override
        public void start() {
            context.sendSplitRequest();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<MarketEvent> output) throws Exception {
            if (current == null && !openNext()) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : waitFor(new CompletableFuture<>());
            }
            long now = clock.nanoTime();
            if (startNanos == Long.MIN_VALUE) {
                startNanos = now;
            }
            for (int n = 0; n < MAX_PER_POLL; n++) {
                long due = startNanos + (long) (read * nanosPerEvent);
                long release = due - Math.floorMod(due - startNanos, sliceNanos);
                if (release > now && (now = clock.nanoTime()) < release) {
                    CompletableFuture<Void> wake = new CompletableFuture<>();
                    timer.schedule(() -> wake.complete(null), release - now, TimeUnit.NANOSECONDS);
                    return waitFor(wake);
                }
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    in.close();
                    current = null;
                    context.sendSplitRequest();
                    return waitFor(new CompletableFuture<>());
                }
                if (length <= 0) {
                    throw new IOException("corrupt tape " + current.file() + ": record length " + length
                            + " at byte " + offset);
                }
                output.collect(MarketEventCodec.INSTANCE.read(in, epochNanos(Math.min(due, clock.nanoTime()))));
                offset += 4 + length;
                readInSplit++;
                read++;
            }
            return InputStatus.MORE_AVAILABLE;
        }

        /** Opens the next assigned file at its restored position; false if none is assigned yet. */
        private boolean openNext() throws IOException {
            Partition next = assigned.poll();
            if (next == null) {
                return false;
            }
            current = next;
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(Path.of(next.file())), 1 << 16));
            in.skipNBytes(next.offset());
            offset = next.offset();
            readInSplit = next.records();
            return true;
        }

        private InputStatus waitFor(CompletableFuture<Void> future) {
            available = future;
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public List<Partition> snapshotState(long checkpointId) {
            List<Partition> state = new ArrayList<>();
            if (current != null) {
                state.add(new Partition(current.file(), offset, readInSplit));
            }
            state.addAll(assigned);
            return state;
        }

        @Override
        public void addSplits(List<Partition> splits) {
            assigned.addAll(splits);
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void close() throws Exception {
            timer.shutdownNow();
            if (in != null) {
                in.close();
            }
        }

        /** An instant of the pacing clock as epoch nanoseconds (the stamps' clock, which is the wall clock). */
        private long epochNanos(long monotonicNanos) {
            if (epochOffset == Long.MIN_VALUE) {
                Instant now = Instant.now();
                epochOffset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - clock.nanoTime();
            }
            return monotonicNanos + epochOffset;
        }
    }

    private static final class PartitionSerializer implements SimpleVersionedSerializer<Partition> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Partition p) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            write(p, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public Partition deserialize(int version, byte[] bytes) throws IOException {
            return read(new DataInputDeserializer(bytes));
        }

        static void write(Partition p, DataOutputSerializer out) throws IOException {
            out.writeUTF(p.file());
            out.writeLong(p.offset());
            out.writeLong(p.records());
        }

        static Partition read(DataInputDeserializer in) throws IOException {
            return new Partition(in.readUTF(), in.readLong(), in.readLong());
        }
    }

    private static final class PendingSerializer implements SimpleVersionedSerializer<List<Partition>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<Partition> pending) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeInt(pending.size());
            for (Partition p : pending) {
                PartitionSerializer.write(p, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public List<Partition> deserialize(int version, byte[] bytes) throws IOException {
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            int n = in.readInt();
            List<Partition> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                pending.add(PartitionSerializer.read(in));
            }
            return pending;
        }
    }
}
