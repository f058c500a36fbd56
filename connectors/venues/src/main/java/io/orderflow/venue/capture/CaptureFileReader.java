package io.orderflow.venue.capture;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Reads a capture file one line at a time, in constant memory (captures run to hundreds of MB). Lines end at
 * {@code \n} only (a {@code \r} before it is dropped): a frame may carry a raw U+2028, U+2029, U+0085 or a lone
 * CR inside its text, and must stay one line. Each line is decoded as strict UTF-8: a line with invalid bytes, and
 * a line that is not a capture line, is reported with its number and reason, and reading goes on.
 */
public final class CaptureFileReader implements Closeable {
    private final Path file;
    private final InputStream in;
    private final BiConsumer<Long, String> problems;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(4_096);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean ended;

    /** @param problems (line number, reason) for each line that cannot be read */
    public CaptureFileReader(Path file, BiConsumer<Long, String> problems) throws IOException {
        this.file = file;
        this.in = Files.newInputStream(file);
        this.problems = problems;
    }

    /** The next capture line, or null at the end of the file. */
    public CaptureLine next() {
        try {
            while (!ended) {
                line.reset();
                boolean endOfLine = false;
                while (!endOfLine) {
                    if (position == limit) {
                        limit = in.read(buffer);
                        position = 0;
                        if (limit <= 0) {
                            limit = 0;
                            ended = true;
                            break;
                        }
                    }
                    int start = position;
                    while (position < limit && buffer[position] != '\n') {
                        position++;
                    }
                    line.write(buffer, start, position - start);
                    if (position < limit) { // at the '\n'
                        position++;
                        endOfLine = true;
                    }
                }
                if (ended && line.size() == 0) {
                    return null;
                }
                lineNumber++;
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                if (length == 0) {
                    continue;
                }
                String text;
                try {
                    text = utf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
                } catch (CharacterCodingException e) {
                    problems.accept(lineNumber, file.getFileName() + ":" + lineNumber + ": invalid UTF-8");
                    continue;
                }
                CaptureLine parsed = CaptureLine.parse(text);
                if (parsed == null && CaptureLine.isSentByClient(text)) {
                    continue;
                }
                if (parsed == null) {
                    problems.accept(lineNumber, file.getFileName() + ":" + lineNumber
                            + ": not a capture line ('<unix_ts>: <frame>', '<url> -> <unix_ts>: <body>', "
                            + "'<url> <- <unix_ts>: <sent>' or '<url> <-> <unix_ts>')");
                    continue;
                }
                return parsed;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
