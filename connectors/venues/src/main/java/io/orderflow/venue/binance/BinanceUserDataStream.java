package io.orderflow.venue.binance;

import io.orderflow.model.Decimals;
import io.orderflow.model.Side;
import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.trading.FlatJson;
import io.orderflow.venue.trading.OrderEvent;
import io.orderflow.venue.trading.OrderEventStream;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueHttp;
import io.orderflow.venue.trading.VenueOrder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;

/**
 * Binance USD-M futures user data stream: a listen key from {@code POST /fapi/v1/listenKey} (API key header, no
 * signature), then {@code <ws>/ws/<listenKey>}, which pushes {@code ORDER_TRADE_UPDATE} for every order change.
 * The key lives 60 minutes unless kept alive: {@code PUT /fapi/v1/listenKey} every 30 minutes; a
 * {@code listenKeyExpired} event starts over with a new key.
 */
public final class BinanceUserDataStream extends OrderEventStream {
    private static final long KEEPALIVE_MS = Duration.ofMinutes(30).toMillis();

    private final String restBase;
    private final String wsBase;
    private final ApiCredentials credentials;

    public BinanceUserDataStream(String restBase, String wsBase, ApiCredentials credentials) {
        super("binance-usdm", VenueHttp.webSocketClient(Duration.ofSeconds(10)));
        this.restBase = restBase.replaceAll("/+$", "");
        this.wsBase = wsBase.replaceAll("/+$", "");
        this.credentials = credentials;
    }

    @Override
    protected String url() throws IOException {
        return wsBase + "/ws/" + listenKey("POST");
    }

    private String listenKey(String method) throws IOException {
        Request request = new Request.Builder().url(restBase + "/fapi/v1/listenKey")
                .header("X-MBX-APIKEY", credentials.apiKey()).method(method, RequestBody.create(new byte[0])).build();
        try (Response r = http.newCall(request).execute()) {
            String body = r.body().string();
            if (r.code() != 200) {
                throw new IOException("listen key refused: HTTP " + r.code());
            }
            String key = FlatJson.object(body).get("listenKey");
            if (key == null || key.isEmpty()) {
                throw new IOException("listen key missing from the answer");
            }
            return key;
        }
    }

    @Override
    protected void opened(WebSocket ws) {
        markLive(); // the listen key is the authentication: events flow at once
    }

    @Override
    protected long pingIntervalMs() {
        return KEEPALIVE_MS;
    }

    @Override
    protected void ping(WebSocket ws) {
        try {
            listenKey("PUT");
        } catch (IOException e) {
            restart("listen key keepalive failed: " + VenueHttp.describe(e));
        }
    }

    @Override
    protected void received(WebSocket ws, String text) {
        Map<String, String> m = FlatJson.object(text);
        String type = m.getOrDefault("e", "");
        if (type.equals("listenKeyExpired")) {
            restart("listen key expired");
        } else if (type.equals("ORDER_TRADE_UPDATE")) {
            emit(event(m));
        }
    }

    /** An {@code ORDER_TRADE_UPDATE}: the order as it stands; a fill when its execution type is TRADE. */
    static OrderEvent event(Map<String, String> m) {
        VenueOrder order = BinanceFuturesTrading.order(Map.of(
                "clientOrderId", m.get("o.c"), "orderId", m.get("o.i"), "status", m.get("o.X"),
                "executedQty", m.getOrDefault("o.z", "0"), "avgPrice", m.getOrDefault("o.ap", "0")));
        long time = Long.parseLong(m.getOrDefault("o.T", m.getOrDefault("E", "0")));
        VenueFill fill = null;
        if ("TRADE".equals(m.get("o.x"))) {
            fill = new VenueFill(m.get("o.t"), m.get("o.c"), m.get("o.i"), m.get("o.s"), Side.valueOf(m.get("o.S")),
                    Decimals.parse(m.get("o.L")), Decimals.parse(m.get("o.l")),
                    Decimals.parse(m.getOrDefault("o.n", "0")), Boolean.parseBoolean(m.get("o.m")), time);
        }
        return new OrderEvent(m.get("o.s"), order, fill, time, "stream");
    }
}
