package io.orderflow.connector.websocket.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link WebSocketSplit}s (version 1). */
public final class WebSocketSplitSerializer implements SimpleVersionedSerializer<WebSocketSplit> {
    public static final WebSocketSplitSerializer INSTANCE = new WebSocketSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(WebSocketSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public WebSocketSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown WebSocketSplit serializer version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static void write(WebSocketSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.splitId());
        out.writeUTF(split.venueId());
        out.writeUTF(split.url());
        out.writeUTF(split.restBase());
        writeList(split.symbols(), out);
        writeList(split.subscribeMessages(), out);
    }

    static WebSocketSplit read(DataInputStream in) throws IOException {
        return new WebSocketSplit(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), readList(in),
                readList(in));
    }

    private static void writeList(List<String> list, DataOutputStream out) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(in.readUTF());
        }
        return list;
    }

    /** The enumerator's checkpoint: the splits not yet assigned to a reader. */
    public static final class EnumeratorStateSerializer implements SimpleVersionedSerializer<List<WebSocketSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<WebSocketSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (WebSocketSplit s : splits) {
                    write(s, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<WebSocketSplit> deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown enumerator state version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<WebSocketSplit> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(read(in));
                }
                return splits;
            }
        }
    }
}
