package io.orderflow.venue.kraken;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.auth.RequestSigners;
import io.orderflow.venue.trading.FlatJson;
import io.orderflow.venue.trading.OrderEvent;
import io.orderflow.venue.trading.OrderEventStream;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueHttp;
import io.orderflow.venue.trading.VenueOrder;
import java.time.Duration;
import java.util.Map;
import okhttp3.WebSocket;

/**
 * Kraken Futures private feeds {@code fills} and {@code open_orders} on {@code <ws>/ws/v1}. Authentication is a
 * challenge: send {@code {"event":"challenge","api_key":...}}, receive a UUID, answer every subscription with
 * {@code original_challenge} and {@code signed_challenge} = base64(HMAC-SHA512(base64decode(secret),
 * SHA256(challenge))). {@code fills} pushes executions (with {@code fee_paid} and {@code fill_type}),
 * {@code open_orders} every order change ({@code is_cancel} with a {@code reason} once it leaves the book).
 * Pings every 30 s (Kraken closes a connection silent for 60 s).
 */
public final class KrakenFuturesPrivateStream extends OrderEventStream {
    private final String wsBase;
    private final ApiCredentials credentials;
    private volatile String challenge;

    public KrakenFuturesPrivateStream(String wsBase, ApiCredentials credentials) {
        super("kraken-futures", VenueHttp.webSocketClient(Duration.ofSeconds(10)));
        this.wsBase = wsBase.replaceAll("/+$", "");
        this.credentials = credentials;
    }

    @Override
    protected String url() {
        return wsBase + "/ws/v1";
    }

    @Override
    protected void opened(WebSocket ws) {
        ws.send("{\"event\":\"challenge\",\"api_key\":\"" + credentials.apiKey() + "\"}");
    }

    @Override
    protected long pingIntervalMs() {
        return 30_000;
    }

    @Override
    protected void ping(WebSocket ws) {
        ws.send("{\"event\":\"ping\"}");
    }

    @Override
    protected void received(WebSocket ws, String text) {
        Map<String, String> m = FlatJson.object(text);
        String event = m.getOrDefault("event", "");
        if (event.equals("challenge")) {
            challenge = m.get("message");
            String signed = RequestSigners.krakenFuturesChallenge(credentials, challenge);
            for (String feed : new String[] {"open_orders", "fills"}) {
                ws.send("{\"event\":\"subscribe\",\"feed\":\"" + feed + "\",\"api_key\":\"" + credentials.apiKey()
                        + "\",\"original_challenge\":\"" + challenge + "\",\"signed_challenge\":\"" + signed + "\"}");
            }
        } else if (event.equals("subscribed") && "fills".equals(m.get("feed"))) {
            markLive();
        } else if (event.equals("error") || event.equals("alert")) {
            restart(event + ": " + m.getOrDefault("message", ""));
        } else if ("fills".equals(m.get("feed")) || "fills_snapshot".equals(m.get("feed"))) {
            for (Map<String, String> f : FlatJson.objectsIn(text, "fills")) {
                emit(fill(f));
            }
        } else if ("open_orders".equals(m.get("feed")) && m.containsKey("order.order_id")) {
            emit(order(m));
        }
    }

    /** A fill without the order's new state (the {@code open_orders} feed brings that). */
    static OrderEvent fill(Map<String, String> f) {
        long time = Long.parseLong(f.getOrDefault("time", "0"));
        VenueFill fill = new VenueFill(f.get("fill_id"), f.get("cli_ord_id"), f.get("order_id"), f.get("instrument"),
                Boolean.parseBoolean(f.get("buy")) ? Side.BUY : Side.SELL, Decimals.parse(f.get("price")),
                Decimals.parse(f.get("qty")), f.containsKey("fee_paid") ? Decimals.parse(f.get("fee_paid")) : null,
                "maker".equals(f.get("fill_type")), time);
        return new OrderEvent(f.get("instrument"), null, fill, time, "stream");
    }

    static OrderEvent order(Map<String, String> m) {
        boolean gone = Boolean.parseBoolean(m.get("is_cancel"));
        String reason = m.getOrDefault("reason", "");
        long filled = Decimals.parse(m.getOrDefault("order.filled", "0"));
        OrderStatus status = gone ? (reason.equals("full_fill") ? OrderStatus.FILLED : OrderStatus.CANCELLED)
                : filled > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACKED;
        long time = Long.parseLong(m.getOrDefault("order.last_update_time", m.getOrDefault("order.time", "0")));
        return new OrderEvent(m.get("order.instrument"), new VenueOrder(m.get("order.cli_ord_id"),
                m.get("order.order_id"), status, filled, 0, reason), null, time, "stream");
    }
}
