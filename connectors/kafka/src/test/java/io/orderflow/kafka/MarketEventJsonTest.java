package io.orderflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.model.BookDelta;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MarketEventJsonTest {

    @Test
    void everyTypeRoundTripsExactlyInBothFormats() throws IOException {
        for (MarketDataFormat format : MarketDataFormat.values()) {
            for (MarketEvent e : SampleEvents.everyType()) {
                assertThat(format.decode(format.encode(e))).as(format + " " + e).isEqualTo(e);
            }
        }
    }

    @Test
    void theDocumentedFormIsDecimalStringsAndNullForAMissingSequence() throws IOException {
        String json = new String(MarketEventJson.encode(SampleEvents.everyType().get(2)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"v\":1", "\"type\":\"delta\"", "\"prev_seq\":null",
                "\"asks\":[[\"0.00000001\",\"123456789.12345678\"]]");

        // written by hand, as another producer would: unknown fields are skipped
        MarketEvent trade = MarketEventJson.decode(("{\"v\":1,\"type\":\"trade\",\"venue\":\"okx\","
                + "\"symbol\":\"BTC-USDT\",\"exchange_time_ms\":1700000000000,\"received_at_ns\":5,"
                + "\"trade_id\":\"1\",\"price\":\"0.1\",\"size\":\"0.2\",\"aggressor\":\"BUY\","
                + "\"extra\":{\"a\":[1,2]}}").getBytes(StandardCharsets.UTF_8));
        assertThat(trade).isEqualTo(new Trade("okx", "BTC-USDT", 1_700_000_000_000L, 5, "1", Decimals.parse("0.1"),
                Decimals.parse("0.2"), Side.BUY));
        // 0.1 + 0.2 stays 0.3 exactly: prices never pass through a double
        Trade t = (Trade) trade;
        assertThat(Decimals.toPlainString(t.price() + t.size())).isEqualTo("0.3");
    }

    @Test
    void malformedRecordsSayWhatIsWrong() {
        assertReason("{\"v\":2,\"type\":\"trade\"}", "unsupported version 2");
        assertReason("{\"type\":\"trade\"}", "no \"v\" field");
        assertReason("{\"v\":1,\"type\":\"candle\",\"venue\":\"okx\",\"symbol\":\"X\",\"exchange_time_ms\":1,"
                + "\"received_at_ns\":1}", "unknown type \"candle\"");
        assertReason("{\"v\":1,\"type\":\"snapshot\",\"venue\":\"okx\",\"symbol\":\"X\",\"exchange_time_ms\":1,"
                + "\"received_at_ns\":1,\"seq\":1,\"bids\":[[100.5,\"1\"]],\"asks\":[]}", "decimal string");
        assertReason("{\"v\":1,\"type\":\"snapshot\",\"venue\":\"okx\",\"symbol\":\"X\",\"exchange_time_ms\":1,"
                + "\"received_at_ns\":1,\"seq\":1,\"bids\":[]}", "missing field \"asks\"");
        assertReason("{\"v\":1,\"type\":\"trade\",\"venue\":\"okx\",\"symbol\":\"X\",\"exchange_time_ms\":1,"
                + "\"received_at_ns\":1,\"trade_id\":\"1\",\"price\":\"1e3\",\"size\":\"1\",\"aggressor\":\"BUY\"}",
                "bad number");
        assertReason("{\"v\":1,\"type\":\"tra", "Unexpected end-of-input");
    }

    @Test
    void binaryIsSmallerAndItsCorruptionIsReported() throws IOException {
        MarketEvent delta = new BookDelta("okx", "BTC-USDT", 1, 2, 3, 3, 2,
                SampleEvents.levels("59100.5", "0.25", "59100", "1", "59099.5", "3"), SampleEvents.levels("59101", "2"));
        byte[] binary = MarketDataFormat.BINARY.encode(delta);
        assertThat(binary.length).isLessThan(MarketDataFormat.JSON.encode(delta).length * 2 / 3);

        byte[] truncated = java.util.Arrays.copyOf(binary, binary.length - 3);
        assertThatThrownBy(() -> MarketDataFormat.BINARY.decode(truncated)).hasMessageContaining("truncated");
        byte[] future = binary.clone();
        future[0] = 9;
        assertThatThrownBy(() -> MarketDataFormat.BINARY.decode(future)).hasMessageContaining("unsupported binary version 9");
        assertThatThrownBy(() -> MarketDataFormat.parse("avro")).hasMessageContaining("use json or binary");
    }

    private static void assertReason(String json, String reason) {
        assertThatThrownBy(() -> MarketEventJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining(reason);
    }
}
