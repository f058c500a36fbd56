package io.orderflow.venue;

import io.orderflow.venue.binance.BinanceVenue;
import io.orderflow.venue.gemini.GeminiVenue;
import io.orderflow.venue.goquant.GoQuantVenue;
import io.orderflow.venue.kraken.KrakenFuturesVenue;
import io.orderflow.venue.okx.OkxVenue;
import io.orderflow.venue.woox.WooxVenue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The registry of venues by id. Adding a venue is one line here plus its package. */
public final class Venues {
    private static final Map<String, Venue> BY_ID = new LinkedHashMap<>();

    static {
        register(new BinanceVenue(BinanceVenue.Market.SPOT));
        register(new BinanceVenue(BinanceVenue.Market.USDM));
        register(new BinanceVenue(BinanceVenue.Market.COINM));
        register(new OkxVenue());
        register(new KrakenFuturesVenue());
        register(new GeminiVenue(false));
        register(new GeminiVenue(true));
        register(new WooxVenue());
        register(new GoQuantVenue());
    }

    private Venues() {}

    private static void register(Venue venue) {
        BY_ID.put(venue.id(), venue);
    }

    /** The venue with this id; the exception lists the known ids so a config typo is easy to fix. */
    public static Venue byId(String id) {
        Venue venue = BY_ID.get(id);
        if (venue == null) {
            throw new IllegalArgumentException("unknown venue '" + id + "'; known venues: " + BY_ID.keySet());
        }
        return venue;
    }

    public static Set<String> ids() {
        return BY_ID.keySet();
    }

    /**
     * Per venue id, the venue's BTC as an instrument key (e.g. {@code okx:BTC-USDT}): BTC leads the other coins,
     * so it is x of the automatic pairs and the reference of the other instruments' forecasts.
     */
    public static Map<String, String> btcInstrumentKeys() {
        Map<String, String> out = new LinkedHashMap<>();
        BY_ID.forEach((id, v) -> out.put(id, io.orderflow.model.InstrumentKey.of(id, v.majors().btc())));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The ids of the venues orderflow trades on (those with an order-entry half), in registration order. */
    public static java.util.List<String> tradingIds() {
        return BY_ID.values().stream().filter(v -> v.trading().isPresent()).map(Venue::id).toList();
    }

    /** The order-entry half of a venue; the exception lists the venues orderflow trades on. */
    public static io.orderflow.venue.trading.TradingVenue trading(String id) {
        return byId(id).trading().orElseThrow(() -> new IllegalArgumentException("orderflow does not trade on '" + id
                + "'; it trades on " + tradingIds()));
    }
}
