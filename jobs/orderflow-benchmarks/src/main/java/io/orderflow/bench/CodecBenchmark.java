package io.orderflow.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.JsonSupport;
import io.orderflow.venue.Venue;
import io.orderflow.venue.Venues;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Codecs, per venue: the real frames of each venue's capture (book snapshots and deltas, trades, heartbeats, as
 * received) turned into orderflow's events by the venue's own {@link FrameDecoder}, against the floor: Jackson
 * streaming the same strings token by token and doing nothing with them. The score is the time per frame; each
 * invocation takes the next {@value #BATCH} frames, going round the capture with a fresh decoder (a reconnect)
 * each time round, so stateful decoders (OKX's checksum books, sequence checks) see a valid stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    static final int BATCH = 256;

    @Param({"binance-usdm", "okx", "kraken-futures", "gemini"})
    public String venue;

    private Venue decoderVenue;
    private String[] frames;
    private FrameDecoder decoder;
    private int next;
    /** The decoders' own parser factory, so the floor parses with the same settings. */
    private final JsonFactory jackson = JsonSupport.FACTORY;

    @Setup(Level.Trial)
    public void load() throws IOException {
        decoderVenue = Venues.byId(venue);
        List<String> all = RealDepthUpdates.frames(venue);
        frames = all.toArray(new String[0]);
        if (frames.length < BATCH) {
            throw new IllegalStateException(venue + "'s capture has " + frames.length + " frames, fewer than " + BATCH);
        }
    }

    private int batchStart() {
        int start = next;
        next = start + 2 * BATCH > frames.length ? 0 : start + BATCH;
        if (start == 0) {
            decoder = decoderVenue.newDecoder(new Venue.Subscription("capture", List.of(), List.of()));
        }
        return start;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decode(Blackhole events) {
        int start = batchStart();
        FrameDecoder d = decoder;
        for (int f = start, end = start + BATCH; f < end; f++) {
            d.decode(frames[f], f, events::consume);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jacksonTokens(Blackhole tokens) throws IOException {
        for (int f = batchStart(), end = f + BATCH; f < end; f++) {
            try (JsonParser p = jackson.createParser(frames[f])) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    tokens.consume(t);
                }
            }
        }
    }
}
