package io.orderflow.venue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Base of the JSON-object codecs: parses the frame, hands the object to {@link #decodeObject}, insists nothing
 * follows it, and turns every failure into a MALFORMED_FRAME event with its reason, so a codec only says what a
 * valid frame is.
 */
public abstract class JsonFrameDecoder implements FrameDecoder {
    protected final String venue;

    /** The current frame's events, held until the whole frame has parsed (a decoder serves one connection). */
    private final java.util.List<MarketEvent> pending = new java.util.ArrayList<>(4);
    private final Consumer<MarketEvent> collect = pending::add;

    protected JsonFrameDecoder(String venue) {
        this.venue = venue;
    }

    /** Decodes the object the parser is on (just after START_OBJECT), up to and including its END_OBJECT. */
    protected abstract void decodeObject(JsonParser p, String frame, long receivedAtNanos, Consumer<MarketEvent> out)
            throws IOException;

    /** Frames that are not JSON objects but are valid (a text "pong"): return true to skip them silently. */
    protected boolean isHousekeeping(String frame) {
        return false;
    }

    @Override
    public final void decode(String frame, long receivedAtNanos, Consumer<MarketEvent> out) {
        if (isHousekeeping(frame)) {
            return;
        }
        try (JsonParser p = JsonSupport.FACTORY.createParser(frame)) {
            if (frame.isBlank()) {
                throw new FrameException("empty frame");
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FrameException("frame is not a JSON object");
            }
            pending.clear();
            decodeObject(p, frame, receivedAtNanos, collect);
            if (p.nextToken() != null) {
                throw new FrameException("trailing content after the JSON object");
            }
            for (int i = 0; i < pending.size(); i++) { // nothing from a frame that turned out malformed further on
                out.accept(pending.get(i));
            }
        } catch (FrameException e) {
            pending.clear();
            out.accept(malformed(e.getMessage(), frame, receivedAtNanos));
        } catch (JsonEOFException e) {
            out.accept(malformed("truncated frame", frame, receivedAtNanos));
        } catch (StreamReadException e) {
            out.accept(malformed("invalid JSON: " + e.getOriginalMessage(), frame, receivedAtNanos));
        } catch (IOException | RuntimeException e) {
            out.accept(malformed("undecodable frame: " + e, frame, receivedAtNanos));
        }
    }

    protected DataQualityEvent malformed(String reason, String frame, long receivedAtNanos) {
        return new DataQualityEvent(venue, "", receivedAtNanos / 1_000_000, receivedAtNanos,
                DataQualityEvent.Kind.MALFORMED_FRAME, reason, DataQualityEvent.sampleOf(frame));
    }

    protected static long required(long value, String field) {
        if (value == Long.MIN_VALUE) {
            throw new FrameException("missing field " + field);
        }
        return value;
    }

    protected static <T> T required(T value, String field) {
        if (value == null) {
            throw new FrameException("missing field " + field);
        }
        return value;
    }

    protected static long positive(long value, String field) {
        if (value <= 0) {
            throw new FrameException("field " + field + " must be positive");
        }
        return value;
    }

    protected static long notNegative(long value, String field) {
        if (value < 0) {
            throw new FrameException("field " + field + " must not be negative");
        }
        return value;
    }
}
