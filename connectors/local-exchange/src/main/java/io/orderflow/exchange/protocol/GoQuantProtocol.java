package io.orderflow.exchange.protocol;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.model.Side;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A GoQuant-style L2 gateway: one instrument per connection ({@code /ws/l2-orderbook/okx/<instId>}), and every
 * message the full book (top 50 per side) as {@code [price, size]} strings with an ISO-8601 timestamp.
 */
final class GoQuantProtocol implements VenueProtocol {
    /** Levels a side in every message. */
    private static final int LEVELS = 50;
    private static final String PREFIX = "/ws/l2-orderbook/okx/";
    private final SimulatedMarket market;

    GoQuantProtocol(SimulatedMarket market) {
        this.market = market;
    }

    @Override
    public String venueId() {
        return "goquant-okx";
    }

    @Override
    public Set<String> symbolsInUrl(URI uri) {
        return uri.getPath().startsWith(PREFIX) ? Set.of(uri.getPath().substring(PREFIX.length())) : Set.of();
    }

    @Override
    public void onClientText(Client client, String text) {}

    @Override
    public List<String> render(SimulatedMarket.SymbolStep step) {
        return step.changes().isEmpty() ? List.of() : List.of(snapshot(step.symbol(), market.book(step.symbol()),
                step.timeMs()));
    }

    private static String snapshot(String symbol, OrderBook book, long timeMs) {
        StringBuilder b = new StringBuilder(4096).append("{\"timestamp\":\"").append(Instant.ofEpochMilli(timeMs))
                .append("\",\"exchange\":\"OKX\",\"symbol\":\"").append(symbol).append("\",\"bids\":");
        Render.pairs(b, Render.levels(book, Side.BUY, LEVELS), true, "");
        b.append(",\"asks\":");
        Render.pairs(b, Render.levels(book, Side.SELL, LEVELS), true, "");
        return b.append('}').toString();
    }

    @Override
    public List<String> bookFor(Client client, String symbol, OrderBook book, long timeMs) {
        return List.of(snapshot(symbol, book, timeMs));
    }

    @Override
    public int visibleLevels() {
        return LEVELS;
    }

    @Override
    public long sequence(String symbol) {
        // nothing on the wire to key the truth by (a client numbers the snapshots it gets); each message carries
        // its step's exact time, so the truth is found by time
        return 0;
    }
}
