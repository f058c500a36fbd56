package io.orderflow.exchange.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.exchange.LocalExchange;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Binance USD-M's category routing (since 2026-04-23, per Binance's market-stream documentation): {@code /public}
 * carries depth and bookTicker, {@code /market} aggTrade, and an unrouted connection only public streams. The
 * local exchange serves it that way, and the URLs orderflow's Binance venue builds get every stream they need.
 * Live SUBSCRIBE requests are answered with their ids, as Binance's WebSocket documentation shows.
 */
class BinanceRoutingITCase {
    /** A plain JDK WebSocket client: what a third-party client would be, with none of orderflow's code. */
    static final class Frames implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        boolean any(Predicate<String> p) {
            return texts.stream().anyMatch(p);
        }

        void await(String what, Predicate<String> p) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!any(p)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what + "; got " + texts.size() + " frames: "
                            + texts.stream().limit(3).map(t -> t.substring(0, Math.min(120, t.length()))).toList());
                }
                Thread.sleep(20);
            }
        }
    }

    private static WebSocket open(String url, Frames frames) {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), frames).join();
    }

    private static SimulatedMarket market() {
        return new SimulatedMarket(SimulatedMarket.btcAndEth("BTCUSDT", "ETHUSDT"), 1_700_000_000_000L, 100, 400,
                0.0003, 11);
    }

    @Test
    void orderflowsUsdmUrlsAreRoutedAndGetBooksAndTradesWhileTheRetiredFormLosesTrades() throws Exception {
        Venue usdm = Venues.byId("binance-usdm");
        try (LocalExchange exchange = LocalExchange.simulated("binance-usdm", market(), 10, 20)) {
            List<Venue.Subscription> subs = usdm.subscriptions(
                    new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()), List.of("BTCUSDT", "ETHUSDT"));
            assertThat(subs).extracting(Venue.Subscription::url).satisfiesExactly(
                    u -> assertThat(u).startsWith(exchange.webSocketBase() + "/public/stream?streams=")
                            .contains("btcusdt@depth@100ms", "ethusdt@bookTicker").doesNotContain("aggTrade"),
                    u -> assertThat(u).startsWith(exchange.webSocketBase() + "/market/stream?streams=")
                            .contains("btcusdt@aggTrade", "ethusdt@aggTrade").doesNotContain("depth"));
            Frames books = new Frames();
            Frames trades = new Frames();
            Frames retired = new Frames();
            WebSocket b = open(subs.get(0).url(), books);
            WebSocket t = open(subs.get(1).url(), trades);
            WebSocket r = open(exchange.webSocketBase()
                    + "/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@aggTrade", retired);
            try {
                books.await("a depth update", f -> f.startsWith("{\"stream\":\"btcusdt@depth@100ms\""));
                books.await("a bookTicker", f -> f.startsWith("{\"stream\":\"ethusdt@bookTicker\""));
                trades.await("a trade", f -> f.startsWith("{\"stream\":\"btcusdt@aggTrade\""));
                retired.await("the retired form's book data", f -> f.contains("depthUpdate"));
                assertThat(exchange.awaitFinished(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                b.abort();
                t.abort();
                r.abort();
            }
            assertThat(books.texts).noneMatch(f -> f.contains("aggTrade"));
            assertThat(trades.texts).noneMatch(f -> f.contains("depthUpdate") || f.contains("bookTicker"));
            assertThat(retired.texts).as("an unrouted connection gets /public data only").isNotEmpty()
                    .noneMatch(f -> f.contains("aggTrade"));
        }
    }

    @Test
    void liveSubscribeIsAnsweredWithItsIdAndRawStreamsComeUnwrapped() throws Exception {
        try (LocalExchange exchange = LocalExchange.simulated("binance-usdm", market(), 10, 20)) {
            Frames f = new Frames();
            WebSocket ws = open(exchange.webSocketBase() + "/public/ws", f);
            try {
                ws.sendText("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth\",\"btcusdt@aggTrade\"],\"id\":7}",
                        true).join();
                f.await("the answer to request 7", s -> s.equals("{\"result\":null,\"id\":7}"));
                f.await("a raw depth update", s -> s.startsWith("{\"e\":\"depthUpdate\""));
                ws.sendText("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\"list-1\"}", true).join();
                f.await("the subscription list", s -> s.equals(
                        "{\"result\":[\"btcusdt@aggTrade\",\"btcusdt@depth\"],\"id\":\"list-1\"}"));
                ws.sendText("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@depth\"],\"id\":8}", true).join();
                f.await("the answer to request 8", s -> s.equals("{\"result\":null,\"id\":8}"));
                ws.sendText("{\"method\":\"NO_SUCH\",\"id\":9}", true).join();
                f.await("an error for request 9", s -> s.startsWith("{\"error\":") && s.endsWith("\"id\":9}"));
            } finally {
                ws.abort();
            }
            // aggTrade belongs to /market: a /public connection never delivers it, subscribed or not
            assertThat(f.texts).noneMatch(s -> s.contains("\"e\":\"aggTrade\""));
        }
    }
}
