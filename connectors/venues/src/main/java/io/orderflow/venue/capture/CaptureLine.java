package io.orderflow.venue.capture;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a capture in cryptofeed's raw format (the format of {@code ../shared/data/raw_captures} and of the
 * {@code record} command): a WebSocket frame {@code <unix_ts>: <message>} or a REST response
 * {@code <url> -> <unix_ts>: <body>}. Connect lines ({@code <url> <-> <ts>}) and sent subscriptions
 * ({@code <url> <- <ts>: <message>}) are not market data; {@link #parse} returns null for them.
 *
 * @param receivedAtSeconds local receive time, fractional Unix seconds
 * @param url the REST URL (null for a WebSocket frame)
 * @param text the frame or body, verbatim
 */
public record CaptureLine(double receivedAtSeconds, String url, String text) {
    private static final Pattern WS = Pattern.compile("^(\\d+(?:\\.\\d+)?): (.*)$");
    private static final Pattern REST = Pattern.compile("^(\\S+) -> (\\d+(?:\\.\\d+)?): (.*)$");
    private static final Pattern URL_SYMBOL = Pattern.compile("[?&]symbol=([A-Za-z0-9_\\-]+)|/orderbook/([A-Za-z0-9_\\-]+)");

    public static CaptureLine parse(String line) {
        Matcher m = WS.matcher(line);
        if (m.matches()) {
            return new CaptureLine(Double.parseDouble(m.group(1)), null, m.group(2));
        }
        m = REST.matcher(line);
        if (m.matches()) {
            return new CaptureLine(Double.parseDouble(m.group(2)), m.group(1), m.group(3));
        }
        return null;
    }

    public boolean isRest() {
        return url != null;
    }

    public long receivedAtNanos() {
        return Math.round(receivedAtSeconds * 1e9);
    }

    /** The symbol a REST snapshot URL asks for ({@code ?symbol=X} or {@code /orderbook/X}), or null. */
    public String restSymbol() {
        if (url == null) {
            return null;
        }
        Matcher m = URL_SYMBOL.matcher(url);
        if (!m.find()) {
            return null;
        }
        return (m.group(1) != null ? m.group(1) : m.group(2)).toUpperCase(Locale.ROOT);
    }

    /** The line as the recorder writes it. */
    public String format() {
        String ts = String.format(Locale.ROOT, "%.6f", receivedAtSeconds);
        return url == null ? ts + ": " + text : url + " -> " + ts + ": " + text;
    }
}
