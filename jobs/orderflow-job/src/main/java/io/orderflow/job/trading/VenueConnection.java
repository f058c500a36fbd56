package io.orderflow.job.trading;

import io.orderflow.venue.auth.ApiCredentials;
import io.orderflow.venue.Venues;
import io.orderflow.venue.instruments.InstrumentCatalog;
import io.orderflow.venue.trading.TradingVenue;
import io.orderflow.venue.trading.UnsupportedAccountMode;
import io.orderflow.venue.trading.VenuePosition;
import io.orderflow.venue.trading.VenueTrading;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and as whom an execution operator trades, as configuration that is safe to serialize into the job graph
 * and checkpoints: the venue, its REST base, and the <em>name</em> of the environment variables (or files) that
 * hold the key. The secret itself is read only in {@link #open()}, on the TaskManager, and never stored here.
 *
 * @param venue a venue orderflow trades on ({@link Venues#tradingIds()}: binance-usdm, okx, kraken-futures)
 * @param restBase the venue's REST base (its testnet/demo by default; a local mock in tests)
 * @param webSocketBase the venue's private WebSocket base (its testnet/demo by default)
 * @param credentialPrefix e.g. ORDERFLOW_BINANCE_USDM: reads ORDERFLOW_BINANCE_USDM_API_KEY (or ..._FILE), ...
 * @param environment variables to read them from; null for the process environment. Tests pass file paths here.
 * @param requestTimeout how long one REST call may take before its answer counts as lost
 * @param instruments the venue's order rules for the traded symbols, read at start ({@link #withInstruments});
 *     public facts, so they travel in the job graph and every subtask fits orders by the same rules
 * @param adoptedPositions by symbol: positions the account held when a job started without a savepoint, which the
 *     (one) strategy's ledger starts from instead of flat ({@link #adoptingPositions}); empty otherwise
 */
public record VenueConnection(String venue, String restBase, String webSocketBase, String credentialPrefix,
        Map<String, String> environment, Duration requestTimeout, InstrumentCatalog instruments,
        Map<String, VenuePosition> adoptedPositions) implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(VenueConnection.class);

    /** A connection whose instruments are still to be read ({@link #withInstruments}). */
    public VenueConnection(String venue, String restBase, String webSocketBase, String credentialPrefix,
            Map<String, String> environment, Duration requestTimeout) {
        this(venue, restBase, webSocketBase, credentialPrefix, environment, requestTimeout,
                InstrumentCatalog.empty(venue), Map.of());
    }

    public VenueConnection {
        Venues.trading(venue); // a venue orderflow does not trade on fails here, naming those it does
        environment = environment == null ? null : Map.copyOf(environment);
        adoptedPositions = Map.copyOf(adoptedPositions);
        if (instruments == null || !instruments.venue().equals(venue)) {
            throw new IllegalArgumentException("the instruments of " + venue + " are needed, got "
                    + (instruments == null ? "none" : instruments.venue() + "'s"));
        }
        if (environment != null && environment.keySet().stream().anyMatch(k -> !k.endsWith("_FILE")
                && (k.endsWith("_SECRET") || k.endsWith("_PASSPHRASE")))) {
            throw new IllegalArgumentException("pass secrets as ..._FILE paths here, never as values: this record is "
                    + "serialized into the job graph");
        }
    }

    /** The venue's own test environment. */
    public static VenueConnection testEnvironment(String venue, String credentialPrefix) {
        TradingVenue trading = Venues.trading(venue);
        return new VenueConnection(venue, trading.testRestBase(), trading.testPrivateWebSocketBase(), credentialPrefix,
                null, Duration.ofSeconds(5));
    }

    /**
     * The same connection with the venue's rules for these symbols, read now from its public instruments endpoint
     * and saved to {@code cache}, after checking that the account's modes are ones the job trades correctly in; when the venue cannot be reached, the rules last saved there (a warning says how
     * old they are), else the failure, which names the venue's answer. A symbol the venue does not list fails
     * here, at start-up, rather than on the first order.
     */
    public VenueConnection withInstruments(List<String> symbols, Path cache) {
        InstrumentCatalog loaded;
        try (VenueTrading trading = open()) {
            loaded = trading.loadInstruments(symbols);
            // a mode the job cannot trade in stops the start here, saying what to change
            LOG.info("{}", trading.checkAccountModes(symbols));
        } catch (UnsupportedAccountMode mode) {
            throw mode;
        } catch (IllegalStateException unreachable) {
            if (cache == null || !Files.exists(cache)) {
                throw new IllegalStateException("could not read " + venue + "'s instruments (" + unreachable.getMessage()
                        + ") and there is no saved copy" + (cache == null ? "" : " at " + cache), unreachable);
            }
            try {
                loaded = InstrumentCatalog.read(venue, cache).only(symbols);
                LOG.warn("{} instruments unreachable ({}): trading by the rules saved at {} on {}", venue,
                        unreachable.getMessage(), cache, Files.getLastModifiedTime(cache));
            } catch (IOException e) {
                throw new IllegalStateException("could not read " + venue + "'s instruments, nor the copy at " + cache
                        + ": " + e.getMessage(), e);
            }
            return withCatalog(loaded);
        }
        if (cache != null) {
            try {
                loaded.save(cache);
            } catch (IOException e) {
                LOG.warn("could not save {} instruments to {}: {}", venue, cache, e.getMessage());
            }
        }
        return withCatalog(loaded);
    }

    /**
     * For a job that starts with empty state (no savepoint): the account's positions and working orders in these
     * symbols, which its strategies would know nothing of (their risk gates would count from flat, and the venue
     * would net their orders against what is there).
     */
    public AccountHoldings heldOutsideTheJob(List<String> symbols) {
        List<VenuePosition> positions = new java.util.ArrayList<>();
        List<AccountHoldings.WorkingOrder> orders = new java.util.ArrayList<>();
        try (VenueTrading trading = open()) {
            trading.useInstruments(instruments);
            for (VenuePosition p : trading.positions()) {
                if (symbols.contains(p.symbol()) && p.quantity() != 0) {
                    positions.add(p);
                }
            }
            for (String symbol : symbols) {
                trading.openOrders(symbol).forEach(o -> orders.add(new AccountHoldings.WorkingOrder(symbol, o)));
            }
        }
        return new AccountHoldings(positions, orders);
    }

    /** The same connection, whose strategy's ledgers start from these positions (base units, venue's entry). */
    public VenueConnection adoptingPositions(List<VenuePosition> positions) {
        Map<String, VenuePosition> bySymbol = new java.util.HashMap<>();
        positions.forEach(p -> bySymbol.put(p.symbol(), p));
        return new VenueConnection(venue, restBase, webSocketBase, credentialPrefix, environment, requestTimeout,
                instruments, bySymbol);
    }

    public VenueConnection withCatalog(InstrumentCatalog catalog) {
        return new VenueConnection(venue, restBase, webSocketBase, credentialPrefix, environment, requestTimeout,
                catalog, adoptedPositions);
    }

    /** Reads the credentials (here, on the worker) and connects, converting sizes by the instruments. */
    public VenueTrading open() {
        Map<String, String> env = environment != null ? environment : System.getenv();
        TradingVenue venueTrading = Venues.trading(venue);
        ApiCredentials credentials = ApiCredentials.fromEnvironment(credentialPrefix, env,
                venueTrading.needsPassphrase());
        VenueTrading trading = venueTrading.connect(restBase, credentials, requestTimeout);
        if (!instruments.isEmpty()) {
            trading.useInstruments(instruments);
        }
        return trading;
    }
}
