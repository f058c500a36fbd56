package io.orderflow.exchange;

import io.orderflow.venue.capture.CaptureLine;
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
 * Replays a capture in cryptofeed's raw format ({@link CaptureLine}: the format of ../shared/data/raw_captures
 * and of orderflow's {@code record} command). WebSocket frames are replayed verbatim at their recorded spacing
 * (the exchange applies its speed factor), each to the clients subscribed to the symbol it names; the REST answer
 * for a symbol is the most recent recorded snapshot at or before the replay position, or the first one recorded if
 * the position is earlier.
 */
public final class RecordedScript implements MarketScript {
    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*\"([a-z0-9_\\-]+)@");
    private static final Pattern SYMBOL =
            Pattern.compile("\"(?:s|symbol|instId|product_id)\"\\s*:\\s*\"([A-Za-z0-9_\\-]+)\"");

    private final List<Recorded> frames = new ArrayList<>();
    /** The symbols as the venue spells them ("BTC-USDT", "BTCUSDT"), for subscribing a client to a replay. */
    private final java.util.Set<String> symbols = new java.util.LinkedHashSet<>();
    private final Map<String, List<Recorded>> snapshots = new HashMap<>();
    private int position;
    private volatile double positionTime;

    private record Recorded(double time, String symbol, String text) {}

    /** Reads a WebSocket recording and, optionally (null), the REST recording taken in the same session. */
    public RecordedScript(Path webSocketRecording, Path restRecording) {
        try {
            String connectionSymbol = null; // venues with one symbol per connection name it only in the URL
            for (String raw : Files.readAllLines(webSocketRecording, StandardCharsets.UTF_8)) {
                CaptureLine line = CaptureLine.parse(raw);
                if (line != null && line.connect()) {
                    connectionSymbol = lastPathSegment(line.url());
                    continue;
                }
                String symbol = line == null || line.isRest() ? null : symbolOf(line.text());
                if (symbol == null && line != null && !line.isRest()) {
                    symbol = connectionSymbol;
                }
                if (symbol != null) {
                    frames.add(new Recorded(line.receivedAtSeconds(), symbol, line.text()));
                    Matcher named = SYMBOL.matcher(line.text());
                    symbols.add(named.find() ? named.group(1) : symbol.toUpperCase(Locale.ROOT));
                }
            }
            if (restRecording != null) {
                for (String raw : Files.readAllLines(restRecording, StandardCharsets.UTF_8)) {
                    CaptureLine line = CaptureLine.parse(raw);
                    if (line != null && line.isRest() && line.restSymbol() != null) {
                        String symbol = line.restSymbol().toLowerCase(Locale.ROOT);
                        snapshots.computeIfAbsent(symbol, k -> new ArrayList<>())
                                .add(new Recorded(line.receivedAtSeconds(), symbol, line.text()));
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

    private static String lastPathSegment(String url) {
        String path = url.replaceFirst("\\?.*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? null : last.toLowerCase(Locale.ROOT);
    }

    /** The symbol a frame is about, lower case, or null for frames about none (acknowledgements, heartbeats). */
    public static String symbolOf(String text) {
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

    /** The symbols the recording carries, spelled as the venue does. */
    public List<String> symbols() {
        return List.copyOf(symbols);
    }

    public int frameCount() {
        return frames.size();
    }
}
