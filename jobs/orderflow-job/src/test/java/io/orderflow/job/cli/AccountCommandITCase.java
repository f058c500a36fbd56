package io.orderflow.job.cli;

import static io.orderflow.model.Decimals.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.exchange.trading.MockVenue;
import io.orderflow.job.trading.AccountHoldings;
import io.orderflow.job.trading.MockAccounts;
import io.orderflow.job.trading.VenueConnection;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import io.orderflow.venue.trading.VenuePosition;
import io.orderflow.venue.trading.VenueTrading;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code orderflow account positions|orders|trades|cancel-all} against each venue's strict mock, with the job's
 * adapters and credentials: positions in base units (OKX counts the swap in contracts of 0.01 BTC), the open
 * order, the fills, and a cancel-all that leaves nothing working. And what a job starting without a savepoint
 * reads of the account: refused with working orders, or with an adopted position but several strategies.
 */
class AccountCommandITCase {
    private static String run(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new CommandLine(new AccountCommand(env, new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .execute(args);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        return out;
    }

    private static OrderIntent order(String venue, String symbol, String id, OrderType type) {
        return new OrderIntent(id, "test", venue, symbol, Side.BUY, type, TimeInForce.GTC,
                type == OrderType.LIMIT ? parse("59000") : 0, parse("0.05"), 0, 0, parse("60000"), "test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance-usdm", "okx", "kraken-futures"})
    void showsPositionsOrdersAndTradesInBaseUnitsAndCancelsAll(String venue, @TempDir Path dir) throws Exception {
        MockAccounts.Account account = MockAccounts.start(venue, dir);
        MockVenue mock = account.mock();
        Map<String, String> env = account.env();
        String symbol = account.symbol();
        String rest = mock.tradingBase();
        try (mock) {
            try (VenueTrading t = new VenueConnection(venue, rest, mock.webSocketBase(), MockAccounts.PREFIX, env,
                    Duration.ofSeconds(5)).open()) {
                t.loadInstruments(List.of(symbol));
                assertThat(t.place(order(venue, symbol, "acct1", OrderType.MARKET)).status())
                        .isNotEqualTo(OrderStatus.REJECTED);
                assertThat(t.place(order(venue, symbol, "acct2", OrderType.LIMIT)).status())
                        .isEqualTo(OrderStatus.ACKED);
            }
            String[] common = {"--venue", venue, "--rest-base", rest, "--credentials", MockAccounts.PREFIX};
            String positions = run(env, concat("positions", common));
            assertThat(positions).contains("symbol", "quantity").containsPattern(symbol + "\\s+0\\.05\\s+60000");
            String orders = run(env, concat("orders", common, "--symbols", symbol));
            assertThat(orders).contains("acct2").doesNotContain("acct1").contains("(1 rows)");
            String trades = run(env, concat("trades", common, "--symbols", symbol));
            assertThat(trades).contains("BUY").containsPattern("60000\\s+0\\.05").contains("(1 rows)");
            // a job starting without a savepoint is told what the account holds that its strategies would not
            // know, and may adopt the positions only (into one strategy), never the working orders
            VenueConnection connection = new VenueConnection(venue, rest, mock.webSocketBase(), MockAccounts.PREFIX, env,
                    Duration.ofSeconds(5)).withInstruments(List.of(symbol), null);
            AccountHoldings held = connection.heldOutsideTheJob(List.of(symbol));
            assertThat(held.describe()).satisfiesExactlyInAnyOrder(
                    h -> assertThat(h).isEqualTo("position " + symbol + " 0.05 at 60000"),
                    h -> assertThat(h).startsWith("working order " + symbol + " acct2"));
            assertThatThrownBy(() -> held.toAdopt(venue, false, List.of("mid-predictor")))
                    .hasMessageContaining("already holds").hasMessageContaining("--adopt-account");
            assertThatThrownBy(() -> held.toAdopt(venue, true, List.of("mid-predictor")))
                    .hasMessageContaining("not working orders").hasMessageContaining("acct2")
                    .hasMessageContaining("cancel-all");
            run(env, concat("cancel-all", common, "--symbols", symbol));
            assertThat(run(env, concat("orders", common, "--symbols", symbol))).contains("(0 rows)");
            AccountHoldings flatOrders = connection.heldOutsideTheJob(List.of(symbol));
            assertThat(flatOrders.describe()).containsExactly("position " + symbol + " 0.05 at 60000");
            assertThatThrownBy(() -> flatOrders.toAdopt(venue, true, List.of("imbalance", "mid-predictor")))
                    .hasMessageContaining("one strategy").hasMessageContaining("--strategies");
            assertThat(flatOrders.toAdopt(venue, true, List.of("mid-predictor")))
                    .containsExactly(new VenuePosition(symbol, parse("0.05"), parse("60000")));
        }
    }

    private static String[] concat(String first, String[] middle, String... rest) {
        String[] all = new String[1 + middle.length + rest.length];
        all[0] = first;
        System.arraycopy(middle, 0, all, 1, middle.length);
        System.arraycopy(rest, 0, all, 1 + middle.length, rest.length);
        return all;
    }
}
