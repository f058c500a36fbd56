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
import io.orderflow.venue.trading.VenueSizes;
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
    private final VenueSizes sizes;
    private volatile String challenge;

    /** @param sizes the order-entry adapter's instruments: pushed sizes are contracts */
    public KrakenFuturesPrivateStream(String wsBase, ApiCredentials credentials, VenueSizes sizes) {
        super("kraken-futures", VenueHttp.webSocketClient(Duration.ofSeconds(10)));
        this.wsBase = wsBase.replaceAll("/+$", "");
        this.credentials = credentials;
        this.sizes = sizes;
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
        } else if ("open_orders".equals(m.get("feed")) && m.containsKey("order_id")) {
            emit(delta(m));
        }
    }

    /**
     * A fill without the order's new state (the {@code open_orders} feed brings that). {@code qty} is contracts;
     * {@code fee_paid} is in {@code fee_currency}: the base currency on inverse contracts, booked as quote at the
     * fill price.
     */
    private OrderEvent fill(Map<String, String> f) {
        long time = Long.parseLong(f.getOrDefault("time", "0"));
        long price = Decimals.parse(f.get("price"));
        String symbol = f.get("instrument").toUpperCase(java.util.Locale.ROOT);
        Long fee = null;
        if (f.containsKey("fee_paid")) {
            long paid = Decimals.parse(f.get("fee_paid"));
            String currency = f.getOrDefault("fee_currency", "USD").toUpperCase(java.util.Locale.ROOT);
            fee = currency.equals("USD") || currency.equals("USDT") || currency.equals("USDC") ? paid
                    : Decimals.fromBigDecimal(Decimals.toBigDecimal(paid).multiply(Decimals.toBigDecimal(price))
                            .setScale(Decimals.SCALE, java.math.RoundingMode.HALF_EVEN));
        }
        VenueFill fill = new VenueFill(f.get("fill_id"), f.get("cli_ord_id"), f.get("order_id"), symbol,
                Boolean.parseBoolean(f.get("buy")) ? Side.BUY : Side.SELL, price,
                sizes.toBase(symbol, Decimals.parse(f.get("qty")), price), fee, "maker".equals(f.get("fill_type")),
                time);
        return new OrderEvent(symbol, null, fill, time, "stream");
    }

    /**
     * A delta without the order: {@code order_id}, {@code cli_ord_id}, {@code is_cancel} and {@code reason} only,
     * as Kraken sends when an order leaves the book (cancelled by the user or the venue, or filled). It says the
     * order is gone but not how much filled, nor the symbol: the feed looks the order up before passing it on.
     */
    private OrderEvent delta(Map<String, String> m) {
        String reason = m.getOrDefault("reason", "");
        boolean gone = Boolean.parseBoolean(m.get("is_cancel"));
        OrderStatus status = !gone ? OrderStatus.UNKNOWN : reason.equals("full_fill") ? OrderStatus.FILLED
                : OrderStatus.CANCELLED;
        String client = m.get("cli_ord_id");
        return new OrderEvent(null, new VenueOrder(client == null || client.equals("null") ? null : client,
                m.get("order_id"), status, VenueOrder.QUANTITY_NOT_REPORTED, 0, reason), null,
                System.currentTimeMillis(), "stream");
    }

    private OrderEvent order(Map<String, String> m) {
        boolean gone = Boolean.parseBoolean(m.get("is_cancel"));
        String reason = m.getOrDefault("reason", "");
        String symbol = m.get("order.instrument").toUpperCase(java.util.Locale.ROOT);
        long filled = Decimals.parse(m.getOrDefault("order.filled", "0"));
        long limit = Decimals.parse(m.getOrDefault("order.limit_price", "0"));
        OrderStatus status = gone ? (reason.equals("full_fill") ? OrderStatus.FILLED : OrderStatus.CANCELLED)
                : filled > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACKED;
        long time = Long.parseLong(m.getOrDefault("order.last_update_time", m.getOrDefault("order.time", "0")));
        return new OrderEvent(symbol, new VenueOrder(m.get("order.cli_ord_id"), m.get("order.order_id"), status,
                filled == 0 || (limit == 0 && sizes.needsPrice(symbol)) ? 0 : sizes.toBase(symbol, filled, limit), 0,
                reason), null, time, "stream");
    }
}
