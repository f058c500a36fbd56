package io.orderflow.venue.okx;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.auth.RequestSigners;
import io.orderflow.venue.trading.FlatJson;
import io.orderflow.venue.trading.OrderEvent;
import io.orderflow.venue.trading.OrderEventStream;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueHttp;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenueSizes;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import okhttp3.WebSocket;

/**
 * OKX v5 private channel {@code orders} on {@code <ws>/ws/v5/private} (demo trading: {@code wss://wspap.okx.com:8443}).
 * Login first: {@code {"op":"login","args":[{apiKey, passphrase, timestamp, sign}]}} with the timestamp in Unix
 * seconds and sign = base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify")), the REST recipe on
 * that fixed path; after {@code {"event":"login","code":"0"}} subscribe to {@code orders} for every instrument
 * type. Each push carries the order as it stands; {@code fillSz}/{@code fillPx}/{@code tradeId} describe the fill
 * that caused it, {@code fillFee} is negative when charged. Text {@code ping} every 20 s, as on the public stream.
 */
public final class OkxPrivateStream extends OrderEventStream {
    private final String wsBase;
    private final ApiCredentials credentials;
    private final LongSupplier clock;
    private final VenueSizes sizes;

    /** @param sizes the order-entry adapter's instruments: pushed sizes are contracts on swaps */
    public OkxPrivateStream(String wsBase, ApiCredentials credentials, LongSupplier clock, VenueSizes sizes) {
        super("okx", VenueHttp.webSocketClient(Duration.ofSeconds(10)));
        if (!credentials.hasPassphrase()) {
            throw new IllegalArgumentException("OKX needs the API passphrase too: set <PREFIX>_API_PASSPHRASE");
        }
        this.wsBase = wsBase.replaceAll("/+$", "");
        this.credentials = credentials;
        this.clock = clock;
        this.sizes = sizes;
    }

    @Override
    protected String url() {
        return wsBase + "/ws/v5/private";
    }

    @Override
    protected void opened(WebSocket ws) {
        String timestamp = Long.toString(clock.getAsLong() / 1000);
        String sign = RequestSigners.okx(credentials, timestamp, "GET", "/users/self/verify", "");
        ws.send("{\"op\":\"login\",\"args\":[{\"apiKey\":\"" + credentials.apiKey() + "\",\"passphrase\":\""
                + credentials.passphrase() + "\",\"timestamp\":\"" + timestamp + "\",\"sign\":\"" + sign + "\"}]}");
    }

    @Override
    protected long pingIntervalMs() {
        return 20_000;
    }

    @Override
    protected void ping(WebSocket ws) {
        ws.send("ping");
    }

    @Override
    protected void received(WebSocket ws, String text) {
        if (text.equals("pong")) {
            return;
        }
        Map<String, String> m = FlatJson.object(text);
        String event = m.getOrDefault("event", "");
        switch (event) {
            case "login" -> {
                if ("0".equals(m.get("code"))) {
                    ws.send("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"orders\",\"instType\":\"ANY\"}]}");
                } else {
                    restart("login refused: code " + m.get("code") + " " + m.getOrDefault("msg", ""));
                }
            }
            case "subscribe" -> markLive();
            case "error" -> restart("error " + m.get("code") + " " + m.getOrDefault("msg", ""));
            default -> {
                if ("orders".equals(m.get("arg.channel"))) {
                    for (Map<String, String> o : FlatJson.objectsIn(text, "data")) {
                        emit(event(o));
                    }
                }
            }
        }
    }

    private OrderEvent event(Map<String, String> o) {
        VenueOrder order = OkxTrading.order(o, sizes);
        long time = Long.parseLong(o.getOrDefault("uTime", "0").isEmpty() ? "0" : o.getOrDefault("uTime", "0"));
        String fillSize = o.getOrDefault("fillSz", "");
        VenueFill fill = null;
        if (!fillSize.isEmpty() && Decimals.parse(fillSize) > 0 && !o.getOrDefault("tradeId", "").isEmpty()) {
            String fee = o.getOrDefault("fillFee", "");
            long price = Decimals.parse(o.get("fillPx"));
            fill = new VenueFill(o.get("tradeId"), o.get("clOrdId"), o.get("ordId"), o.get("instId"),
                    Side.valueOf(o.get("side").toUpperCase(Locale.ROOT)), price,
                    sizes.toBase(o.get("instId"), Decimals.parse(fillSize), price), fee.isEmpty() ? null
                    : -Decimals.parse(fee), "M".equals(o.get("execType")),
                    Long.parseLong(o.getOrDefault("fillTime", Long.toString(time))));
        }
        return new OrderEvent(o.get("instId"), order, fill, time, "stream");
    }
}
