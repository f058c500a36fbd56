package io.orderflow.venue.capture;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a capture in cryptofeed's raw format (the format of {@code ../shared/data/raw_captures} and of the
 * {@code record} command): a WebSocket frame {@code <unix_ts>: <message>} or a REST response
 * {@code <url> -> <unix_ts>: <body>}. Connect lines ({@code <url> <-> <ts>}) and sent subscriptions
 * ({@code <url> <- <ts>: <message>}) are not market data: {@link #parse} returns null for a sent subscription, and
 * a connect line (whose URL names the symbol on venues with one symbol per connection) with {@code connect} set.
 *
 * @param receivedAtSeconds local receive time, fractional Unix seconds
 * @param url the REST URL, or the WebSocket URL of a connect line (null for a WebSocket frame)
 * @param text the frame or body, verbatim (null for a connect line)
 * @param connect true for a connect line
 */
public record CaptureLine(double receivedAtSeconds, String url, String text, boolean connect) {
    private static final Pattern CONNECT = Pattern.compile("^(\\S+) <-> (\\d+(?:\\.\\d+)?)$");

    public CaptureLine(double receivedAtSeconds, String url, String text) {
        this(receivedAtSeconds, url, text, false);
    }

    // DOTALL: a frame may carry a raw U+2028, U+2029, U+0085 or CR, which '.' would otherwise not match
    private static final Pattern WS = Pattern.compile("^(\\d+(?:\\.\\d+)?): (.*)$", Pattern.DOTALL);
    private static final Pattern REST = Pattern.compile("^(\\S+) -> (\\d+(?:\\.\\d+)?): (.*)$", Pattern.DOTALL);
    /** What the client sent ({@code <url> <- <unix_ts>: <message>}, a subscription): part of a capture, not data. */
    private static final Pattern SENT = Pattern.compile("^\\S+ <- \\d+(?:\\.\\d+)?: .*$", Pattern.DOTALL);
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
        m = CONNECT.matcher(line);
        if (m.matches()) {
            return new CaptureLine(Double.parseDouble(m.group(2)), m.group(1), null, true);
        }
        return null;
    }

    /** A line recording what the client sent: not data, and not damage either. */
    public static boolean isSentByClient(String line) {
        return SENT.matcher(line).matches();
    }

    public boolean isRest() {
        return url != null && !connect;
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

    /** A receive time as captures write it: seconds with six decimals, never in scientific notation. */
    public static String timestamp(double seconds) {
        return String.format(Locale.ROOT, "%.6f", seconds);
    }

    /** A sent-subscription line ({@code <url> <- <ts>: <message>}), which {@link #parse} skips. */
    public static String sent(String url, double seconds, String message) {
        return url + " <- " + timestamp(seconds) + ": " + message;
    }

    /** The line as the recorder writes it. */
    public String format() {
        String ts = timestamp(receivedAtSeconds);
        if (connect) {
            return url + " <-> " + ts;
        }
        return url == null ? ts + ": " + text : url + " -> " + ts + ": " + text;
    }
}
