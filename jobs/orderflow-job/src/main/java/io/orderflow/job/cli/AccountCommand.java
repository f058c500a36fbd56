package io.orderflow.job.cli;

import io.orderflow.job.trading.VenueConnection;
import io.orderflow.model.Decimals;
import io.orderflow.venue.trading.VenueFill;
import io.orderflow.venue.trading.VenueOrder;
import io.orderflow.venue.trading.VenuePosition;
import io.orderflow.venue.trading.VenueTrading;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The trading account as the job sees it, through the same adapters, instruments and credentials: positions (in
 * base units, whatever the venue counts in), open orders, the trade history, and cancel-all for an operator who
 * has to stop everything. Prints tables.
 */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = "Show or act on the venue account the job trades: positions, orders (open), trades (history), "
                + "cancel-all. Uses the job's adapters and credentials (<PREFIX>_API_KEY, _API_SECRET, "
                + "_API_PASSPHRASE for OKX, or each with _FILE).")
final class AccountCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "positions | orders | trades | cancel-all")
    String action;

    @Option(names = "--venue", required = true, description = "binance-usdm (testnet), okx (demo) or kraken-futures "
            + "(demo)")
    String venue;

    @Option(names = "--symbols", split = ",", description = "The instruments (orders, trades and cancel-all need "
            + "them; positions show every instrument without them)")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--rest-base", description = "The account's REST base (default: the venue's test environment)")
    String restBase;

    @Option(names = "--credentials", description = "Environment prefix of the API key (default: ORDERFLOW_<VENUE>)")
    String credentials;

    @Option(names = "--since", defaultValue = "PT24H", description = "trades: how far back (default: ${DEFAULT-VALUE})")
    Duration since;

    private final Map<String, String> environment;
    private final PrintStream out;

    AccountCommand() {
        this(null, System.out);
    }

    /** @param environment where the credentials are read from; null for the process environment */
    AccountCommand(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    @Override
    public Integer call() {
        String prefix = credentials != null ? credentials
                : "ORDERFLOW_" + venue.toUpperCase(Locale.ROOT).replace('-', '_');
        VenueConnection test = VenueConnection.testEnvironment(venue, prefix);
        VenueConnection connection = new VenueConnection(venue, restBase != null ? restBase : test.restBase(),
                test.webSocketBase(), prefix, environment, Duration.ofSeconds(10));
        boolean needsSymbols = !action.equals("positions");
        if (needsSymbols && symbols.isEmpty()) {
            throw new IllegalArgumentException("account " + action + " needs --symbols A,B");
        }
        try (VenueTrading trading = connection.open()) {
            trading.loadInstruments(symbols); // sizes print in base units, converted by the venue's own contracts
            switch (action) {
                case "positions" -> positions(trading);
                case "orders" -> orders(trading);
                case "trades" -> trades(trading);
                case "cancel-all" -> {
                    for (String symbol : symbols) {
                        out.println(symbol + ": " + trading.cancelAll(symbol));
                    }
                }
                default -> throw new IllegalArgumentException("unknown account action '" + action
                        + "': give positions, orders, trades or cancel-all");
            }
        }
        return 0;
    }

    private void positions(VenueTrading trading) {
        Table t = new Table("symbol", "quantity", "entry_price");
        for (VenuePosition p : trading.positions()) {
            if (symbols.isEmpty() || symbols.contains(p.symbol())) {
                t.row(p.symbol(), Decimals.toPlainString(p.quantity()), Decimals.toPlainString(p.entryPrice()));
            }
        }
        t.print(out);
    }

    private void orders(VenueTrading trading) {
        Table t = new Table("symbol", "client_order_id", "venue_order_id", "status", "filled");
        for (String symbol : symbols) {
            for (VenueOrder o : trading.openOrders(symbol)) {
                t.row(symbol, o.clientOrderId(), o.venueOrderId(), o.status().name(),
                        Decimals.toPlainString(o.filledQuantity()));
            }
        }
        t.print(out);
    }

    private void trades(VenueTrading trading) {
        Table t = new Table("time", "symbol", "side", "price", "quantity", "fee", "maker", "fill_id", "order");
        long from = System.currentTimeMillis() - since.toMillis();
        for (String symbol : symbols) {
            for (VenueFill f : trading.fills(symbol, from)) {
                t.row(Instant.ofEpochMilli(f.timeMs()).toString(), symbol, f.side().name(),
                        Decimals.toPlainString(f.price()), Decimals.toPlainString(f.quantity()),
                        f.fee() == null ? "" : Decimals.toPlainString(f.fee()), Boolean.toString(f.maker()),
                        f.fillId(), f.clientOrderId() != null ? f.clientOrderId() : f.venueOrderId());
            }
        }
        t.print(out);
    }

    /** A plain text table: a header, then left-aligned columns as wide as their widest cell. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintStream out) {
            int[] width = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    String cell = r[i] == null ? "" : r[i];
                    b.append(cell).append(" ".repeat(width[i] - cell.length() + (i < r.length - 1 ? 2 : 0)));
                }
                out.println(b.toString().stripTrailing());
            }
            out.println("(" + (rows.size() - 1) + " rows)");
        }
    }
}
