package io.orderflow.venue.kraken;

import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.trading.TokenBucket;
import io.orderflow.venue.trading.TradingVenue;
import io.orderflow.venue.trading.VenueTrading;
import java.time.Duration;

/**
 * Kraken Futures order entry on the demo environment; 500 cost points per 10 s at 10 per sendorder, i.e. 50 orders
 * per 10 s.
 */
final class KrakenFuturesTradingVenue implements TradingVenue {
    @Override
    public String testRestBase() {
        return KrakenFuturesTrading.DEMO;
    }

    @Override
    public String testPrivateWebSocketBase() {
        return "wss://demo-futures.kraken.com";
    }

    @Override
    public boolean needsPassphrase() {
        return false;
    }

    @Override
    public TokenBucket newOrderRate(long nowMs) {
        return new TokenBucket(50, 10_000, nowMs);
    }

    @Override
    public VenueTrading connect(String restBase, ApiCredentials credentials, Duration requestTimeout) {
        return new KrakenFuturesTrading(restBase, credentials, System::currentTimeMillis, requestTimeout, 3);
    }
}
