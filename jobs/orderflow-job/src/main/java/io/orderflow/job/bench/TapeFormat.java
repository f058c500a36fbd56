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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a {@link MarketTape} partition for Flink's FileSource (FLIP-27, bounded, a checkpoint keeps the position
 * and a restore skips what was read). At full speed, or paced to a fixed rate with each event stamped with the
 * moment it is handed on as its local receive time, which is where tick-to-order latency starts. A reader that
 * reads its partition to the end writes its {@link Span}.
 */
final class TapeFormat extends SimpleStreamFormat<MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final double eventsPerSecond;
    private long releaseSliceNanos = 1;
    private final String spanDirectory;
    private String holdFile;

    /**
     * @param eventsPerSecond this reader's pace; 0 for as fast as the job takes them (and no re-stamping)
     * @param spanDirectory where each reader that read a whole partition writes its {@link Span}
     */
    TapeFormat(double eventsPerSecond, Path spanDirectory) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("a pace cannot be negative: " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.spanDirectory = spanDirectory.toString();
    }

    /**
     * Paced, the records due within one slice of this length leave together at its start, each stamped as it is
     * handed on; 1 ns releases each at its own due time (the reader then wakes once a record).
     */
    TapeFormat releasedBySlice(java.time.Duration slice) {
        if (slice.isNegative() || slice.isZero()) {
            throw new IllegalArgumentException("a release slice must be positive, got " + slice);
        }
        this.releaseSliceNanos = slice.toNanos();
        return this;
    }

    /**
     * Makes each reader, at the end of its partition, wait while this file exists before it finishes: the job
     * keeps all its state, and its watermark, until the benchmark has measured the heap and deletes the file.
     */
    TapeFormat holdAtEndWhile(Path file) {
        this.holdFile = file.toString();
        return this;
    }

    /**
     * When a reader read its first and its last record, and how many it read. The source is held back by the
     * pipeline behind it (bounded network buffers), so the readers' span is the job's own pace.
     */
    record Span(long firstEpochNanos, long lastEpochNanos, long records) {
        static List<Span> readAll(Path dir) throws IOException {
            List<Span> spans = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String[] v = Files.readString(f).trim().split(" ");
                    spans.add(new Span(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2])));
                }
            }
            return spans;
        }
    }

    @Override
    public StreamFormat.Reader<MarketEvent> createReader(Configuration config, FSDataInputStream stream) {
        double nanosPerEvent = eventsPerSecond == 0 ? 0 : 1e9 / eventsPerSecond;
        long slice = releaseSliceNanos;
        // Paced, every record must leave in a batch of its own: the file source ends a batch after this many bytes
        // were read from the stream (FETCH_IO_SIZE, set to 1 byte), and a read-ahead buffer would hide the reads,
        // holding ~400 records back behind each 64 KB fill. At full speed, read ahead.
        DataInputStream in = new DataInputStream(nanosPerEvent > 0 ? stream : new BufferedInputStream(stream, 1 << 16));
        return new StreamFormat.Reader<>() {
            private final long startNanos = System.nanoTime();
            private long read;
            private long firstEpochNanos;
            private boolean spanWritten;

            @Override
            public MarketEvent read() throws IOException {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    if (read > 0 && !spanWritten) { // the end may be asked for more than once
                        spanWritten = true;
                        Files.writeString(Path.of(spanDirectory, UUID.randomUUID() + ".span"),
                                firstEpochNanos + " " + epochNanos() + " " + read);
                    }
                    while (holdFile != null && Files.exists(Path.of(holdFile)) && !Thread.currentThread().isInterrupted()) {
                        LockSupport.parkNanos(20_000_000L);
                    }
                    return null;
                }
                if (length <= 0) {
                    throw new IOException("corrupt tape: record length " + length);
                }
                long stamp = Long.MIN_VALUE;
                if (nanosPerEvent > 0) {
                    // released by the slice, not one by one: every record due within a slice leaves at its start,
                    // so the reader wakes once a slice instead of once a record (a park per record kept a core
                    // busy at 20k msgs/s). Each is stamped as it is handed on, so latency still starts there.
                    long due = startNanos + (long) (read * nanosPerEvent);
                    long release = due - Math.floorMod(due - startNanos, slice);
                    for (long wait = release - System.nanoTime(); wait > 0; wait = release - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    stamp = epochNanos();
                }
                if (read++ == 0) {
                    firstEpochNanos = epochNanos();
                }
                return MarketEventCodec.INSTANCE.read(in, stamp);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return MarketEventSerializer.TYPE_INFO;
    }
}
