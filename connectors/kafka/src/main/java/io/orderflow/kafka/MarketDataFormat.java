package io.orderflow.kafka;

import io.orderflow.model.MarketEvent;
import io.orderflow.model.codec.MarketEventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a market event's bytes look on the topic. Every record names its format in the {@link #HEADER} header, so
 * a reader decodes whatever a writer chose, and a topic may hold both.
 *
 * <ul>
 *   <li>{@code json} (default): {@link MarketEventJson}, readable with any Kafka tool.
 *   <li>{@code binary}: one version byte, then {@link MarketEventCodec}'s layout (the bytes Flink's own
 *       serializer uses): a third to two fifths of the JSON size, and no text parsing.
 * </ul>
 */
public enum MarketDataFormat {
    JSON,
    BINARY;

    /** The record header that names the format of the value. */
    public static final String HEADER = "orderflow-format";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public byte[] headerValue() {
        return id().getBytes(StandardCharsets.UTF_8);
    }

    public static MarketDataFormat parse(String s) {
        for (MarketDataFormat f : values()) {
            if (f.id().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown market data format \"" + s + "\": use json or binary");
    }

    public byte[] encode(MarketEvent event) {
        if (this == JSON) {
            return MarketEventJson.encode(event);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MarketEventCodec.INSTANCE.version());
            MarketEventCodec.INSTANCE.write(event, out);
        } catch (IOException impossible) { // writing to memory
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException with the reason when the bytes are not an event in this format */
    public MarketEvent decode(byte[] value) throws IOException {
        if (value == null || value.length == 0) {
            throw new IOException("empty record value");
        }
        if (this == JSON) {
            return MarketEventJson.decode(value);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int version = in.readUnsignedByte();
            if (version != MarketEventCodec.INSTANCE.version()) {
                throw new IOException("unsupported binary version " + version + " (this reader knows "
                        + MarketEventCodec.INSTANCE.version() + ")");
            }
            MarketEvent event = MarketEventCodec.INSTANCE.read(in);
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the event");
            }
            return event;
        } catch (java.io.EOFException e) {
            throw new IOException("truncated binary event", e);
        } catch (RuntimeException e) { // e.g. an enum ordinal out of range
            throw new IOException("corrupt binary event: " + e, e);
        }
    }
}
