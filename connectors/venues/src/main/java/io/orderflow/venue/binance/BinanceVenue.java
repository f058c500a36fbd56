package io.orderflow.venue.binance;

import io.orderflow.venue.discovery.TickerEndpoint;
import io.orderflow.venue.trading.TradingVenue;

import static io.orderflow.venue.JsonSupport.integer;
import static io.orderflow.venue.JsonSupport.levels;
import static io.orderflow.venue.JsonSupport.next;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.PriceLevels;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.FrameException;
import io.orderflow.venue.JsonSupport;
import io.orderflow.venue.SequenceRule;
import io.orderflow.venue.SequenceRules;
import io.orderflow.venue.Venue;
import io.orderflow.venue.VenueEndpoints;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binance spot, USD-M futures and COIN-M futures public market data: combined streams of
 * {@code <symbol>@depth@100ms}, {@code <symbol>@bookTicker} and the trade stream, with the book seeded from the
 * REST depth snapshot. The server pings (spot every 20 s, futures every 3 min) and OkHttp answers each ping with
 * the same payload, as Binance requires.
 */
public final class BinanceVenue implements Venue {

    /** The three Binance markets: they differ in hosts, REST path, trade stream and the sequence rule. */
    public enum Market {
        SPOT("binance-spot", "wss://stream.binance.com:9443", "https://api.binance.com", "/api/v3/depth",
                "trade", BinanceSequenceRules.SPOT),
        USDM("binance-usdm", "wss://fstream.binance.com", "https://fapi.binance.com", "/fapi/v1/depth",
                "aggTrade", BinanceSequenceRules.FUTURES),
        COINM("binance-coinm", "wss://dstream.binance.com", "https://dapi.binance.com", "/dapi/v1/depth",
                "aggTrade", BinanceSequenceRules.FUTURES);

        final String id;
        final String wsBase;
        final String restBase;
        final String depthPath;
        final String tradeStream;
        final SequenceRule rule;

        Market(String id, String wsBase, String restBase, String depthPath, String tradeStream, SequenceRule rule) {
            this.id = id;
            this.wsBase = wsBase;
            this.restBase = restBase;
            this.depthPath = depthPath;
            this.tradeStream = tradeStream;
            this.rule = rule;
        }
    }

    /** Binance allows 1024 streams per connection (futures) and 1024 (spot); three streams per symbol. */
    static final int MAX_STREAMS_PER_CONNECTION = 1024;

    /** Levels asked of the REST snapshot: 1000 is the largest limit with the lowest request weight on futures. */
    static final int SNAPSHOT_LIMIT = 1000;

    private final Market market;

    public BinanceVenue(Market market) {
        this.market = market;
    }

    public Market market() {
        return market;
    }

    @Override
    public String id() {
        return market.id;
    }

    @Override
    public Majors majors() {
        return market == Market.COINM ? new Majors("BTCUSD_PERP", "ETHUSD_PERP") : new Majors("BTCUSDT", "ETHUSDT");
    }

    @Override
    public java.util.Set<String> captureNames() {
        return switch (market) {
            case SPOT -> java.util.Set.of("BINANCE", "BINANCE_US");
            case USDM -> java.util.Set.of("BINANCE_FUTURES");
            case COINM -> java.util.Set.of("BINANCE_DELIVERY");
        };
    }

    @Override
    public VenueEndpoints defaultEndpoints() {
        return new VenueEndpoints(market.wsBase, market.restBase);
    }

    /** USD-M's testnet (its own order books); spot and COIN-M are not traded here. */
    @Override
    public VenueEndpoints testEndpoints() {
        return market == Market.USDM
                ? new VenueEndpoints("wss://fstream.binancefuture.com", "https://testnet.binancefuture.com") : null;
    }

    /** USD-M is traded (its testnet); spot and COIN-M are read only. */
    @Override
    public java.util.Optional<TradingVenue> trading() {
        return market == Market.USDM ? java.util.Optional.of(new BinanceUsdmTradingVenue()) : java.util.Optional.empty();
    }

    /** {@code ticker/24hr}: quote volume on spot and USD-M; COIN-M counts base, turned to quote by the last price. */
    @Override
    public java.util.Optional<TickerEndpoint> tickers() {
        return java.util.Optional.of(switch (market) {
            case SPOT -> new TickerEndpoint("/api/v3/ticker/24hr", null, "symbol", "quoteVolume", null);
            case USDM -> new TickerEndpoint("/fapi/v1/ticker/24hr", null, "symbol", "quoteVolume", null);
            case COINM -> new TickerEndpoint("/dapi/v1/ticker/24hr", null, "symbol", "baseVolume", "lastPrice");
        });
    }

    /**
     * Combined streams, 1024 at most a connection. USD-M routes its streams by category since 2026-04-23: depth
     * and bookTicker on {@code /public}, aggTrade on {@code /market}; an unrouted connection gets {@code /public}
     * data only, and the trades would silently never come. So USD-M takes two connections per chunk of symbols,
     * the book one (which alone asks for REST snapshots) and the trades one. Spot and COIN-M are not routed.
     */
    @Override
    public List<Subscription> subscriptions(VenueEndpoints endpoints, List<String> symbols) {
        int perConnection = MAX_STREAMS_PER_CONNECTION / 3;
        List<Subscription> out = new ArrayList<>();
        boolean routed = market == Market.USDM;
        for (List<String> chunk : SequenceRules.perConnection(symbols, perConnection)) {
            StringBuilder books = new StringBuilder(endpoints.webSocketBase()).append(routed ? "/public" : "")
                    .append("/stream?streams=");
            StringBuilder trades = new StringBuilder(endpoints.webSocketBase()).append("/market/stream?streams=");
            for (int i = 0; i < chunk.size(); i++) {
                String s = chunk.get(i).toLowerCase(Locale.ROOT);
                String sep = i > 0 ? "/" : "";
                books.append(sep).append(s).append("@depth@100ms/").append(s).append("@bookTicker");
                (routed ? trades.append(sep) : books.append('/')).append(s).append('@').append(market.tradeStream);
            }
            out.add(new Subscription(books.toString(), List.copyOf(chunk), List.of()));
            if (routed) {
                out.add(new Subscription(trades.toString(), List.copyOf(chunk), List.of()));
            }
        }
        return out;
    }

    @Override
    public FrameDecoder newDecoder(Subscription subscription) {
        return new BinanceFrameDecoder(market.id);
    }

    @Override
    public SequenceRule sequenceRule() {
        return market.rule;
    }

    @Override
    public boolean needsRestSnapshot() {
        return true;
    }

    @Override
    public String snapshotUrl(VenueEndpoints endpoints, String symbol) {
        return endpoints.restBase() + market.depthPath + "?symbol=" + symbol.toUpperCase(Locale.ROOT)
                + "&limit=" + SNAPSHOT_LIMIT;
    }

    @Override
    public BookSnapshot decodeSnapshot(String symbol, String body, long receivedAtNanos) {
        try (JsonParser p = JsonSupport.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FrameException("depth snapshot is not a JSON object");
            }
            long lastUpdateId = Long.MIN_VALUE;
            long eventTime = Long.MIN_VALUE;
            PriceLevels bids = null;
            PriceLevels asks = null;
            while (next(p) != JsonToken.END_OBJECT) {
                String name = p.currentName();
                next(p);
                switch (name) {
                    case "lastUpdateId" -> lastUpdateId = integer(p, name);
                    case "E" -> eventTime = integer(p, name);
                    case "bids" -> bids = levels(p, name);
                    case "asks" -> asks = levels(p, name);
                    case "code" -> throw new FrameException("venue error in snapshot: " + body.substring(
                            0, Math.min(body.length(), 200)));
                    default -> p.skipChildren();
                }
            }
            if (lastUpdateId == Long.MIN_VALUE || bids == null || asks == null) {
                throw new FrameException("depth snapshot lacks lastUpdateId, bids or asks");
            }
            // Spot snapshots carry no timestamp: the source gives them one on the venue's clock.
            long time = eventTime != Long.MIN_VALUE ? eventTime : io.orderflow.model.MarketEvent.NO_VENUE_TIME;
            return new BookSnapshot(market.id, symbol.toUpperCase(Locale.ROOT), time, receivedAtNanos,
                    lastUpdateId, bids, asks);
        } catch (StreamReadException e) {
            throw new FrameException("invalid JSON in depth snapshot: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FrameException("unreadable depth snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * The server pings (spot every 20 s, futures every 3 min) and OkHttp answers. A connection with no frame for
     * 60 s is reopened: an active symbol updates its depth stream every 100 ms.
     */
    @Override
    public KeepAlive keepAlive() {
        return KeepAlive.serverPings(Duration.ofSeconds(60));
    }

    /**
     * A USD-M trades connection ({@code /market}) may be quiet for minutes on a slow instrument: it pings the server
     * every 30 s itself (OkHttp fails it when no pong comes) and waits 10 min for a frame before calling it stalled.
     */
    @Override
    public KeepAlive keepAlive(String url) {
        return url.contains("/market/") ? new KeepAlive(Duration.ofSeconds(30), null, Duration.ZERO,
                Duration.ofMinutes(10)) : keepAlive();
    }
}
