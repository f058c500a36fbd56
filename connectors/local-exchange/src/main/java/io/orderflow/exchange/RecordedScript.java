package io.orderflow.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a recording in cryptofeed's raw format (the format of ../shared/data/raw_captures and of orderflow's
 * {@code record} command): WebSocket lines {@code <unix_ts>: <message>}, REST lines
 * {@code <url> -> <unix_ts>: <body>}. Connect lines ({@code ... <-> ts}) and sent-subscription lines
 * ({@code ... <- ts: ...}) are not market data and are skipped. Frames are replayed verbatim at their recorded
 * spacing (the exchange applies its speed factor); the REST answer for a symbol is the most recent recorded
 * snapshot at or before the replay position, or the first one recorded if the position is earlier.
 */
public final class RecordedScript implements MarketScript {
    private static final Pattern WS_LINE = Pattern.compile("^(\\d+(?:\\.\\d+)?): (.*)$");
    private static final Pattern REST_LINE = Pattern.compile("^(\\S+) -> (\\d+(?:\\.\\d+)?): (.*)$");
    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*\"([a-z0-9_\\-]+)@");
    private static final Pattern SYMBOL = Pattern.compile("\"s\"\\s*:\\s*\"([A-Za-z0-9_\\-]+)\"");
    private static final Pattern URL_SYMBOL = Pattern.compile("[?&]symbol=([A-Za-z0-9_\\-]+)");

    private final List<Recorded> frames = new ArrayList<>();
    private final Map<String, List<Recorded>> snapshots = new HashMap<>();
    private int position;
    private volatile double positionTime;

    private record Recorded(double time, String symbol, String text) {}

    /** Reads a WebSocket recording and, optionally (null), the REST recording taken in the same session. */
    public RecordedScript(Path webSocketRecording, Path restRecording) {
        try {
            for (String line : Files.readAllLines(webSocketRecording, StandardCharsets.UTF_8)) {
                Matcher m = WS_LINE.matcher(line);
                if (!m.matches()) {
                    continue; // connect and subscribe lines, blank lines
                }
                String text = m.group(2);
                String symbol = symbolOf(text);
                if (symbol != null) {
                    frames.add(new Recorded(Double.parseDouble(m.group(1)), symbol, text));
                }
            }
            if (restRecording != null) {
                for (String line : Files.readAllLines(restRecording, StandardCharsets.UTF_8)) {
                    Matcher m = REST_LINE.matcher(line);
                    Matcher s;
                    if (m.matches() && (s = URL_SYMBOL.matcher(m.group(1))).find()) {
                        String symbol = s.group(1).toLowerCase(Locale.ROOT);
                        snapshots.computeIfAbsent(symbol, k -> new ArrayList<>())
                                .add(new Recorded(Double.parseDouble(m.group(2)), symbol, m.group(3)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + webSocketRecording, e);
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no market-data lines ('<unix_ts>: <message>') in "
                    + webSocketRecording);
        }
        positionTime = frames.get(0).time();
    }

    private static String symbolOf(String text) {
        Matcher m = STREAM.matcher(text);
        if (m.find()) {
            return m.group(1);
        }
        m = SYMBOL.matcher(text);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    @Override
    public Step next() {
        if (position >= frames.size()) {
            return null;
        }
        Recorded r = frames.get(position++);
        long delayNanos = Math.max(0, Math.round((r.time() - positionTime) * 1e9));
        positionTime = r.time();
        return new Step(delayNanos, List.of(new Frame(r.symbol(), r.text())));
    }

    @Override
    public String depthSnapshot(String symbol, int limit) {
        List<Recorded> list = snapshots.get(symbol.toLowerCase(Locale.ROOT));
        if (list == null) {
            return null;
        }
        Recorded best = list.get(0);
        for (Recorded r : list) {
            if (r.time() <= positionTime) {
                best = r;
            }
        }
        return best.text();
    }

    public int frameCount() {
        return frames.size();
    }
}
