package io.orderflow.venue.okx;

import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.trading.TokenBucket;
import io.orderflow.venue.trading.TradingVenue;
import io.orderflow.venue.trading.VenueTrading;
import java.time.Duration;

/**
 * OKX order entry in demo trading ({@code x-simulated-trading: 1}), swaps in cross margin; 60 place-order requests
 * per 2 s (OKX counts them per instrument: one bucket for the account is the safe side).
 */
final class OkxTradingVenue implements TradingVenue {
    @Override
    public String testRestBase() {
        return OkxTrading.REST;
    }

    @Override
    public String testPrivateWebSocketBase() {
        return "wss://wspap.okx.com:8443"; // demo trading
    }

    @Override
    public boolean needsPassphrase() {
        return true;
    }

    @Override
    public TokenBucket newOrderRate(long nowMs) {
        return new TokenBucket(60, 2_000, nowMs);
    }

    @Override
    public VenueTrading connect(String restBase, ApiCredentials credentials, Duration requestTimeout) {
        return new OkxTrading(restBase, credentials, System::currentTimeMillis, requestTimeout, true, "cross", 3);
    }
}
