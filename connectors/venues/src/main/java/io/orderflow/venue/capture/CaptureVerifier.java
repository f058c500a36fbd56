package io.orderflow.venue.capture;

import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.venue.BookVerifier;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.Venue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    public Result verifyFiles(List<Path> files) throws IOException {
        List<CaptureLine> lines = new ArrayList<>();
        for (Path f : files) {
            for (String raw : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                CaptureLine line = CaptureLine.parse(raw);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        lines.sort(Comparator.comparingDouble(CaptureLine::receivedAtSeconds)); // stable: file order within ties
        return verify(lines);
    }

    public Result verify(List<CaptureLine> lines) {
        BookVerifier books = new BookVerifier(venue);
        List<String> symbols = new ArrayList<>();
        FrameDecoder decoder = venue.newDecoder(new Venue.Subscription("capture", symbols, List.of()));
        long frames = 0;
        long malformed = 0;
        List<String> reasons = new ArrayList<>();
        List<MarketEvent> events = new ArrayList<>();
        for (CaptureLine line : lines) {
            events.clear();
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
                decoder.decode(line.text(), line.receivedAtNanos(), events::add);
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
        Map<String, FrameDecoder.ChecksumCounts> checksums = decoder.checksums();
        books.reports().forEach((symbol, report) -> {
            FrameDecoder.ChecksumCounts c = checksums.getOrDefault(symbol, new FrameDecoder.ChecksumCounts(0, 0, 0));
            out.put(symbol, new Instrument(report, c.matched(), c.mismatched(), c.zero()));
        });
        return new Result(venue.id(), out, frames, malformed, reasons);
    }
}
