package io.orderflow.venue.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.venue.Fixtures;
import io.orderflow.venue.Venues;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real OKX capture (fixtures/NOTICE) damaged the ways files get damaged: one byte that is not UTF-8, frames that
 * carry raw U+2028, U+2029 and U+0085 inside a JSON string (legal JSON), a frame with a raw CR inside (not legal
 * JSON), a line that is not a capture line, and CRLF line ends. Nothing else may be lost: every readable frame is
 * verified exactly as in the clean file, and every unreadable line is counted with its file and line number.
 */
class CaptureFileReaderTest {
    private static final String SEPARATORS = "a\u2028b\u2029c\u0085d";

    @Test
    void badBytesAndOddSeparatorsCostOnlyTheirOwnLines(@TempDir Path dir) throws Exception {
        List<String> clean = Fixtures.lines("raw_captures/OKX.ws.1.0");
        Path cleanFile = Files.write(dir.resolve("OKX.ws.1.0"), clean);
        CaptureVerifier.Result expected = new CaptureVerifier(Venues.byId("okx")).verifyFiles(List.of(cleanFile));

        String trade = clean.stream().filter(l -> l.contains("\"channel\":\"trades\"") && l.contains("\"data\"")
                && CaptureLine.parse(l) != null && !CaptureLine.parse(l).isRest()).findFirst().orElseThrow();
        String stamp = trade.substring(0, trade.indexOf(": ") + 2);
        String frame = trade.substring(stamp.length());
        ByteArrayOutputStream damaged = new ByteArrayOutputStream();
        int middle = clean.size() / 2;
        for (int i = 0; i < clean.size(); i++) {
            damaged.writeBytes((clean.get(i) + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (i == middle) {
                damaged.writeBytes(stamp.getBytes(StandardCharsets.UTF_8));
                damaged.writeBytes(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
                // the same trade id again, with a note carrying the separators: a repeat the verifier decodes
                damaged.writeBytes((stamp + "{\"note\":\"" + SEPARATORS + "\"," + frame.substring(1) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                damaged.writeBytes((stamp + "{\"note\":\"a" + (char) 13 + "b\"," + frame.substring(1) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                damaged.writeBytes("this is not a capture line\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        Path file = Files.write(dir.resolve("OKX.ws.2.0"), damaged.toByteArray());

        CaptureVerifier.Result r = new CaptureVerifier(Venues.byId("okx")).verifyFiles(List.of(file));

        assertThat(r.frames()).as("frames: the clean ones, the separator one and the CR one")
                .isEqualTo(expected.frames() + 2);
        assertThat(r.malformedFrames()).as("the bad byte, the raw CR, the stray line; reasons %s",
                r.malformedReasons()).isEqualTo(expected.malformedFrames() + 3);
        assertThat(r.malformedReasons()).anySatisfy(reason -> assertThat(reason)
                .isEqualTo("OKX.ws.2.0:" + (middle + 2) + ": invalid UTF-8"));
        assertThat(r.malformedReasons()).anySatisfy(reason -> assertThat(reason)
                .startsWith("OKX.ws.2.0:" + (middle + 5) + ": not a capture line"));
        assertThat(r.instruments().keySet()).isEqualTo(expected.instruments().keySet());
        expected.instruments().forEach((symbol, i) -> {
            assertThat(r.instruments().get(symbol).checksumsMatched()).as(symbol + " checksums")
                    .isEqualTo(i.checksumsMatched());
            assertThat(r.instruments().get(symbol).book().gaps()).as(symbol + " gaps").isZero();
        });
    }

    @Test
    void aFrameKeepsItsLineSeparatorsInside(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x"), "1.5: {\"a\":\"" + SEPARATORS + "\"}\r\n2.5: {}\n");
        try (CaptureFileReader reader = new CaptureFileReader(file, (n, why) -> {
            throw new AssertionError(why);
        })) {
            assertThat(reader.next().text()).isEqualTo("{\"a\":\"" + SEPARATORS + "\"}");
            assertThat(reader.next().text()).isEqualTo("{}");
            assertThat(reader.next()).isNull();
        }
    }
}
