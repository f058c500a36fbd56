package io.orderflow.job.trading;

import io.orderflow.exchange.trading.MockBinanceFutures;
import io.orderflow.exchange.trading.MockKrakenFutures;
import io.orderflow.exchange.trading.MockOkx;
import io.orderflow.exchange.trading.MockVenue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A trading venue's strict mock with an account on it, for the execution and account-command tests. */
public final class MockAccounts {
    private static final String KRAKEN_SECRET =
            "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
    /** The environment prefix of the account's key files. */
    public static final String PREFIX = "SCRIPTED";

    private MockAccounts() {}

    /**
     * The mock (the test closes it), the BTC perpetual traded on it, the environment naming the key files, and
     * the job's connection to it.
     */
    public record Account(MockVenue mock, String symbol, Map<String, String> env, VenueConnection connection) {}

    /** Starts binance-usdm's, okx's or kraken-futures' mock, with a key the connection reads from files. */
    public static Account start(String venue, Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "scripted-key");
        Path secret = Files.writeString(dir.resolve("secret"), venue.equals("kraken-futures") ? KRAKEN_SECRET
                : "SCRIPTEDSECRET0123456789");
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "scripted-pass");
        Map<String, String> env = Map.of(PREFIX + "_API_KEY_FILE", key.toString(), PREFIX + "_API_SECRET_FILE",
                secret.toString(), PREFIX + "_API_PASSPHRASE_FILE", passphrase.toString());
        MockVenue mock = switch (venue) {
            case "binance-usdm" -> new MockBinanceFutures("scripted-key", "SCRIPTEDSECRET0123456789", 100);
            case "okx" -> new MockOkx("scripted-key", "SCRIPTEDSECRET0123456789", "scripted-pass", 100);
            case "kraken-futures" -> new MockKrakenFutures("scripted-key", KRAKEN_SECRET, 100);
            default -> throw new IllegalArgumentException("no mock for " + venue);
        };
        String symbol = switch (venue) {
            case "binance-usdm" -> "BTCUSDT";
            case "okx" -> "BTC-USDT-SWAP";
            default -> "PF_XBTUSD";
        };
        try {
            VenueConnection connection = new VenueConnection(venue, mock.tradingBase(), mock.webSocketBase(),
                    PREFIX, env, Duration.ofSeconds(5)).withInstruments(List.of(symbol), null);
            return new Account(mock, symbol, env, connection);
        } catch (RuntimeException e) {
            mock.close();
            throw e;
        }
    }
}
