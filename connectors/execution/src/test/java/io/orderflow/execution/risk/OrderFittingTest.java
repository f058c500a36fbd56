package io.orderflow.execution.risk;

import static io.orderflow.model.Decimals.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.TimeInForce;
import org.junit.jupiter.api.Test;

/** Intents fitted to Binance USD-M BTCUSDT's documented filters (tick 0.1, step 0.001, notional ≥ 100). */
class OrderFittingTest {
    static final Instrument BTC = new Instrument("binance-usdm", "BTCUSDT", Instrument.Kind.SPOT, parse("0.1"),
            parse("0.001"), parse("0.001"), parse("0.001"), parse("100"), Decimals.UNIT, true);
    static final BookTop BOOK = new BookTop("binance-usdm", "BTCUSDT", 1_000, 0, 1,
            PriceLevels.wrap(new long[] {parse("60000")}, new long[] {Decimals.UNIT}),
            PriceLevels.wrap(new long[] {parse("60000.1")}, new long[] {Decimals.UNIT}), true);

    static OrderIntent intent(Side side, OrderType type, String price, String quantity, boolean reduceOnly) {
        return new OrderIntent("id1", "s", "binance-usdm", "BTCUSDT", side, type, TimeInForce.GTC,
                type == OrderType.MARKET ? 0 : parse(price), parse(quantity), 1_000, 0, parse("60000.05"), "test",
                reduceOnly);
    }

    @Test
    void aTakeProfitOffTheTickIsRoundedAwayFromTheTouchAndKeepsItsId() {
        OrderFitting.Fitted f = OrderFitting.fit(intent(Side.SELL, OrderType.LIMIT, "60001.30002567", "0.00333333",
                true), BTC, BOOK);
        assertThat(f.rejection()).isNull();
        assertThat(f.intent().price()).isEqualTo(parse("60001.4"));
        assertThat(f.intent().quantity()).isEqualTo(parse("0.003"));
        assertThat(f.intent().clientOrderId()).isEqualTo("id1");
        assertThat(BTC.violation(false, f.intent().price(), f.intent().quantity(), true)).isNull();
    }

    @Test
    void anEntryUnderTheMinimumNotionalIsStoppedWithItsOwnRule() {
        // the strategies' old default: 0.001 BTC ≈ 60 USDT, under Binance's 100
        OrderFitting.Fitted f = OrderFitting.fit(intent(Side.BUY, OrderType.LIMIT, "60000", "0.001", false), BTC, BOOK);
        assertThat(f.rejection().rule()).isEqualTo("min_notional");
        OrderFitting.Fitted market = OrderFitting.fit(intent(Side.BUY, OrderType.MARKET, null, "0.0019", false), BTC,
                BOOK);
        assertThat(market.intent().quantity()).isEqualTo(parse("0.001"));
        assertThat(market.rejection().rule()).isEqualTo("min_notional");
        assertThat(OrderFitting.fit(intent(Side.BUY, OrderType.LIMIT, "60000", "0.0009", false), BTC, BOOK)
                .rejection().rule()).isEqualTo("min_size");
        assertThat(OrderFitting.fit(intent(Side.BUY, OrderType.LIMIT, "60000", "0.002", false), null, BOOK)
                .rejection().rule()).isEqualTo("unknown_instrument");
    }
}
