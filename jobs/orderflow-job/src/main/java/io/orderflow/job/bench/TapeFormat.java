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
 * and a restore skips what was read), as fast as the job takes the records. A reader that reads its partition to
 * the end writes its {@link Span}. Paced runs read the tape with {@link PacedTape} instead.
 */
final class TapeFormat extends SimpleStreamFormat<MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final String spanDirectory;
    private String holdFile;

    /** @param spanDirectory where each reader that read a whole partition writes its {@link Span} */
    TapeFormat(Path spanDirectory) {
        this.spanDirectory = spanDirectory.toString();
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
                for (Path f : files.filter(f -> f.toString().endsWith(".span")).toList()) {
                    String[] v = Files.readString(f).trim().split(" ");
                    spans.add(new Span(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2])));
                }
            }
            return spans;
        }
    }

    @Override
    public StreamFormat.Reader<MarketEvent> createReader(Configuration config, FSDataInputStream stream) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        return new StreamFormat.Reader<>() {
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
                        // written aside, then renamed: the memory run reads the directory while readers finish
                        String name = UUID.randomUUID().toString();
                        Path written = Files.writeString(Path.of(spanDirectory, name + ".part"),
                                firstEpochNanos + " " + epochNanos() + " " + read);
                        Files.move(written, written.resolveSibling(name + ".span"),
                                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                    while (holdFile != null && Files.exists(Path.of(holdFile)) && !Thread.currentThread().isInterrupted()) {
                        LockSupport.parkNanos(20_000_000L);
                    }
                    return null;
                }
                if (length <= 0) {
                    throw new IOException("corrupt tape: record length " + length);
                }
                if (read++ == 0) {
                    firstEpochNanos = epochNanos();
                }
                return MarketEventCodec.INSTANCE.read(in, Long.MIN_VALUE); // a replay has no local receive time
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
