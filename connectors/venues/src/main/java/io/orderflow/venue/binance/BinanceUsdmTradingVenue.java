package io.orderflow.venue.binance;

import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.trading.TokenBucket;
import io.orderflow.venue.trading.TradingVenue;
import io.orderflow.venue.trading.VenueTrading;
import java.time.Duration;

/** Binance USD-M futures order entry: the testnet by default, 300 orders per 10 s per account. */
final class BinanceUsdmTradingVenue implements TradingVenue {
    @Override
    public String testRestBase() {
        return BinanceFuturesTrading.TESTNET;
    }

    @Override
    public String testPrivateWebSocketBase() {
        return "wss://stream.binancefuture.com"; // the testnet's user data stream
    }

    @Override
    public boolean needsPassphrase() {
        return false;
    }

    @Override
    public TokenBucket newOrderRate(long nowMs) {
        return new TokenBucket(300, 10_000, nowMs);
    }

    @Override
    public VenueTrading connect(String restBase, ApiCredentials credentials, Duration requestTimeout) {
        return new BinanceFuturesTrading(restBase, credentials, System::currentTimeMillis, requestTimeout, 5_000, 3);
    }
}
