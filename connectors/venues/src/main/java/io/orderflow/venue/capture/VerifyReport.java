package io.orderflow.venue.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import io.orderflow.venue.BookVerifier;
import io.orderflow.venue.JsonSupport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link CaptureVerifier.Result} as a table for people or one JSON document for scripts. */
public final class VerifyReport {
    private VerifyReport() {}

    public static String text(CaptureVerifier.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "venue %s: %,d frames, %,d malformed%n", r.venue(), r.frames(),
                r.malformedFrames()));
        b.append(String.format(Locale.ROOT, "%-20s %8s %5s %8s %5s %7s %17s %7s %13s %8s%n", "instrument", "messages",
                "snaps", "deltas", "gaps", "resyncs", "checksums ok/bad/0", "crossed", "bbo agree/not", "state"));
        for (Map.Entry<String, CaptureVerifier.Instrument> e : r.instruments().entrySet()) {
            BookVerifier.Report k = e.getValue().book();
            b.append(String.format(Locale.ROOT, "%-20s %8d %5d %8d %5d %7d %17s %7d %13s %8s%n", e.getKey(),
                    k.messages(), k.snapshots(), k.deltas(), k.gaps(), k.resyncs(),
                    e.getValue().checksumsMatched() + "/" + e.getValue().checksumsMismatched() + "/"
                            + e.getValue().checksumsZero(),
                    k.crossedStates(), k.bboAgreements() + "/" + k.bboDisagreements(), k.finalState()));
        }
        for (String reason : r.malformedReasons()) {
            b.append("malformed: ").append(reason).append('\n');
        }
        return b.toString();
    }

    public static String json(CaptureVerifier.Result r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonSupport.FACTORY.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("venue", r.venue());
            g.writeNumberField("frames", r.frames());
            g.writeNumberField("malformed_frames", r.malformedFrames());
            g.writeArrayFieldStart("malformed_reasons");
            for (String reason : r.malformedReasons()) {
                g.writeString(reason);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("instruments");
            for (Map.Entry<String, CaptureVerifier.Instrument> e : r.instruments().entrySet()) {
                BookVerifier.Report k = e.getValue().book();
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("messages", k.messages());
                g.writeNumberField("snapshots", k.snapshots());
                g.writeNumberField("deltas", k.deltas());
                g.writeNumberField("deltas_applied", k.deltasApplied());
                g.writeNumberField("trades", k.trades());
                g.writeNumberField("gaps", k.gaps());
                g.writeNumberField("snapshot_requests", k.snapshotRequests());
                g.writeNumberField("resyncs", k.resyncs());
                g.writeNumberField("checksums_matched", e.getValue().checksumsMatched());
                g.writeNumberField("checksums_mismatched", e.getValue().checksumsMismatched());
                g.writeNumberField("checksums_zero", e.getValue().checksumsZero());
                g.writeNumberField("crossed_states", k.crossedStates());
                g.writeNumberField("bbo_agreements", k.bboAgreements());
                g.writeNumberField("bbo_disagreements", k.bboDisagreements());
                g.writeNumberField("bbo_stale_snapshot_sizes", k.bboStaleSnapshotSizes());
                g.writeStringField("final_state", k.finalState());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
