package io.orderflow.job.trading;

import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.binance.BinanceFuturesTrading;
import io.orderflow.venue.kraken.KrakenFuturesTrading;
import io.orderflow.venue.okx.OkxTrading;
import io.orderflow.venue.trading.VenueTrading;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Where and as whom an execution operator trades, as configuration that is safe to serialize into the job graph
 * and checkpoints: the venue, its REST base, and the <em>name</em> of the environment variables (or files) that
 * hold the key. The secret itself is read only in {@link #open()}, on the TaskManager, and never stored here.
 *
 * @param venue binance-usdm (testnet), okx (demo trading) or kraken-futures (demo)
 * @param restBase the venue's REST base (its testnet/demo by default; a local mock in tests)
 * @param webSocketBase the venue's private WebSocket base (its testnet/demo by default)
 * @param credentialPrefix e.g. ORDERFLOW_BINANCE_USDM: reads ORDERFLOW_BINANCE_USDM_API_KEY (or ..._FILE), ...
 * @param environment variables to read them from; null for the process environment. Tests pass file paths here.
 * @param requestTimeout how long one REST call may take before its answer counts as lost
 */
public record VenueConnection(String venue, String restBase, String webSocketBase, String credentialPrefix,
        Map<String, String> environment, Duration requestTimeout) implements Serializable {

    public VenueConnection {
        if (!venue.equals("binance-usdm") && !venue.equals("okx") && !venue.equals("kraken-futures")) {
            throw new IllegalArgumentException("execution venue must be binance-usdm, okx or kraken-futures, got "
                    + venue);
        }
        environment = environment == null ? null : Map.copyOf(environment);
        if (environment != null && environment.keySet().stream().anyMatch(k -> !k.endsWith("_FILE")
                && (k.endsWith("_SECRET") || k.endsWith("_PASSPHRASE")))) {
            throw new IllegalArgumentException("pass secrets as ..._FILE paths here, never as values: this record is "
                    + "serialized into the job graph");
        }
    }

    /** The venue's own test environment. */
    public static VenueConnection testEnvironment(String venue, String credentialPrefix) {
        String base = switch (venue) {
            case "binance-usdm" -> BinanceFuturesTrading.TESTNET;
            case "okx" -> OkxTrading.REST;
            case "kraken-futures" -> KrakenFuturesTrading.DEMO;
            default -> throw new IllegalArgumentException("no execution for venue " + venue);
        };
        String ws = switch (venue) {
            case "binance-usdm" -> "wss://stream.binancefuture.com"; // the testnet's user data stream
            case "okx" -> "wss://wspap.okx.com:8443"; // demo trading
            default -> "wss://demo-futures.kraken.com";
        };
        return new VenueConnection(venue, base, ws, credentialPrefix, null, Duration.ofSeconds(5));
    }

    /** Reads the credentials (here, on the worker) and connects. */
    public VenueTrading open() {
        Map<String, String> env = environment != null ? environment : System.getenv();
        ApiCredentials credentials = ApiCredentials.fromEnvironment(credentialPrefix, env, venue.equals("okx"));
        return switch (venue) {
            case "binance-usdm" -> new BinanceFuturesTrading(restBase, credentials, System::currentTimeMillis,
                    requestTimeout, 5_000, 3);
            case "okx" -> new OkxTrading(restBase, credentials, System::currentTimeMillis, requestTimeout, true,
                    "cross", 3);
            default -> new KrakenFuturesTrading(restBase, credentials, System::currentTimeMillis, requestTimeout, 3);
        };
    }
}
