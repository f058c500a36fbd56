package io.orderflow.venue.capture;

import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.venue.BookVerifier;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.Venue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays capture files through a venue's codec, sync rule and a real book, without Flink: what the
 * {@code verify} command prints and what conformance tests assert. REST snapshot lines are merged with the
 * WebSocket frames by receive time. The decoder's own findings (a checksum mismatch) invalidate the instrument's
 * book exactly as in the live source.
 */
public final class CaptureVerifier {
    private final Venue venue;

    public CaptureVerifier(Venue venue) {
        this.venue = venue;
    }

    /** Everything one verification found: per instrument, plus frames that named no instrument. */
    public record Result(String venue, Map<String, Instrument> instruments, long frames, long malformedFrames,
            List<String> malformedReasons) {}

    /** Per-instrument counts, the book report plus the checksum results. */
    public record Instrument(BookVerifier.Report book, long checksumsMatched, long checksumsMismatched,
            long checksumsZero) {}

    /**
     * Verifies capture files together (lines merged by receive time, file order in ties; each file is in time
     * order as recorded). Each file is one connection and gets its own decoder: decoders keep per-connection
     * state, such as Gemini v1's socket_sequence. The files are streamed: memory does not grow with their size.
     * A line that is not UTF-8 or not a capture line counts as malformed, with its file and line number.
     */
    public Result verifyFiles(List<Path> files) throws IOException {
        List<String> unreadable = new ArrayList<>();
        long[] unreadableCount = {0};
        List<CaptureFileReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                readers.add(new CaptureFileReader(f, (lineNumber, reason) -> {
                    unreadableCount[0]++;
                    if (unreadable.size() < 20) {
                        unreadable.add(reason);
                    }
                }));
            }
            record Head(Sourced sourced, long order) {}
            java.util.PriorityQueue<Head> heads = new java.util.PriorityQueue<>(Comparator
                    .comparingDouble((Head h) -> h.sourced().line().receivedAtSeconds())
                    .thenComparingInt(h -> h.sourced().connection()).thenComparingLong(Head::order));
            long[] order = {0};
            for (int i = 0; i < readers.size(); i++) {
                CaptureLine first = readers.get(i).next();
                if (first != null) {
                    heads.add(new Head(new Sourced(i, first), order[0]++));
                }
            }
            java.util.Iterator<Sourced> merged = new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return !heads.isEmpty();
                }

                @Override
                public Sourced next() {
                    Head h = heads.poll();
                    CaptureLine following = readers.get(h.sourced().connection()).next();
                    if (following != null) {
                        heads.add(new Head(new Sourced(h.sourced().connection(), following), order[0]++));
                    }
                    return h.sourced();
                }
            };
            Result r = verifySourced(merged);
            List<String> reasons = new ArrayList<>(unreadable);
            reasons.addAll(r.malformedReasons());
            return new Result(r.venue(), r.instruments(), r.frames(), r.malformedFrames() + unreadableCount[0],
                    reasons.subList(0, Math.min(20, reasons.size())));
        } finally {
            for (CaptureFileReader reader : readers) {
                reader.close();
            }
        }
    }

    /** Verifies lines of one connection. */
    public Result verify(List<CaptureLine> lines) {
        return verifySourced(lines.stream().map(l -> new Sourced(0, l)).iterator());
    }

    private record Sourced(int connection, CaptureLine line) {}

    private Result verifySourced(java.util.Iterator<Sourced> sourced) {
        BookVerifier books = new BookVerifier(venue);
        Map<Integer, FrameDecoder> decoders = new java.util.HashMap<>();
        long frames = 0;
        long malformed = 0;
        List<String> reasons = new ArrayList<>();
        List<MarketEvent> events = new ArrayList<>();
        Map<Integer, List<String>> urlSymbols = new java.util.HashMap<>();
        while (sourced.hasNext()) {
            Sourced s = sourced.next();
            CaptureLine line = s.line();
            events.clear();
            if (line.connect()) { // a new connection: a new decoder, told the symbols its URL names
                urlSymbols.put(s.connection(), venue.symbolsInUrl(line.url()));
                decoders.remove(s.connection());
                continue;
            }
            if (line.isRest()) {
                String symbol = line.restSymbol();
                if (symbol == null || !venue.needsRestSnapshot()) {
                    continue;
                }
                try {
                    events.add(venue.decodeSnapshot(symbol, line.text(), line.receivedAtNanos()));
                } catch (FrameException e) {
                    malformed++;
                    reasons.add("REST " + symbol + ": " + e.getMessage());
                    continue;
                }
            } else {
                frames++;
                List<String> named = urlSymbols.getOrDefault(s.connection(), List.of());
                decoders.computeIfAbsent(s.connection(), k -> venue.newDecoder(new Venue.Subscription("capture",
                        named.isEmpty() ? symbolsOf(line) : named, List.of())))
                        .decode(line.text(), line.receivedAtNanos(), events::add);
            }
            for (MarketEvent e : events) {
                if (e instanceof DataQualityEvent dq) {
                    if (dq.kind() == DataQualityEvent.Kind.MALFORMED_FRAME) {
                        malformed++;
                        if (reasons.size() < 20) {
                            reasons.add(dq.detail());
                        }
                    } else if (dq.kind() == DataQualityEvent.Kind.CHECKSUM_MISMATCH) {
                        books.invalidate(dq, dq.detail());
                    }
                    continue;
                }
                books.accept(e);
            }
        }
        Map<String, Instrument> out = new LinkedHashMap<>();
        Map<String, FrameDecoder.ChecksumCounts> checksums = new java.util.HashMap<>();
        decoders.values().forEach(d -> d.checksums().forEach((symbol, c) -> checksums.merge(symbol, c,
                (a, b) -> new FrameDecoder.ChecksumCounts(a.matched() + b.matched(), a.mismatched() + b.mismatched(),
                        a.zero() + b.zero()))));
        books.reports().forEach((symbol, report) -> {
            FrameDecoder.ChecksumCounts c = checksums.getOrDefault(symbol, new FrameDecoder.ChecksumCounts(0, 0, 0));
            out.put(symbol, new Instrument(report, c.matched(), c.mismatched(), c.zero()));
        });
        return new Result(venue.id(), out, frames, malformed, reasons);
    }

    /**
     * Venues with one symbol per connection name it only in the URL (Gemini v1, GoQuant), which a capture line
     * does not carry; such a decoder learns it from the frames where it can, so pass the symbol a frame names.
     */
    private static List<String> symbolsOf(CaptureLine line) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"(?:symbol|s|instId|product_id)\"\\s*:\\s*\"([^\"]+)\"").matcher(line.text());
        return m.find() ? List.of(m.group(1)) : List.of("UNKNOWN");
    }
}
