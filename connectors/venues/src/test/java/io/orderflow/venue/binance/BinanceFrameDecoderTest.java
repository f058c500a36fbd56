package io.orderflow.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.model.BookDelta;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import io.orderflow.model.VenueBbo;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.Fixtures;
import io.orderflow.venue.Venues;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinanceFrameDecoderTest {
    private final FrameDecoder spot = Fixtures.decoder(Venues.byId("binance-spot"));

    private List<MarketEvent> decode(String frame) {
        List<MarketEvent> out = new ArrayList<>();
        spot.decode(frame, 1_000_000_000L, out::add);
        return out;
    }

    @Test
    void decodesEachRealEventKind() {
        BookDelta d = (BookDelta) decode("{\"stream\":\"nknusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\","
                + "\"E\":1633998512068,\"s\":\"NKNUSDT\",\"U\":499869750,\"u\":499869752,\"b\":[[\"0.35130000\","
                + "\"6195.00000000\"]],\"a\":[]}}").get(0);
        assertThat(d.firstSequence()).isEqualTo(499869750);
        assertThat(d.previousSequence()).isEqualTo(BookDelta.NO_SEQUENCE);
        assertThat(d.bids().price(0)).isEqualTo(Decimals.parse("0.3513"));
        VenueBbo b = (VenueBbo) decode("{\"stream\":\"nknusdt@bookTicker\",\"data\":{\"u\":499869768,"
                + "\"s\":\"NKNUSDT\",\"b\":\"0.35210000\",\"B\":\"672.00000000\",\"a\":\"0.35260000\","
                + "\"A\":\"3199.00000000\"}}").get(0);
        assertThat(b.askSize()).isEqualTo(Decimals.parse("3199"));
        Trade t = (Trade) decode("{\"stream\":\"nknusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1633998523963,"
                + "\"s\":\"NKNUSDT\",\"a\":15683430,\"p\":\"0.35280000\",\"q\":\"58.00000000\",\"f\":19862790,"
                + "\"l\":19862790,\"T\":1633998523963,\"m\":false,\"M\":true}}").get(0);
        assertThat(t.tradeId()).isEqualTo("15683430");
        assertThat(t.aggressor()).isEqualTo(Side.BUY); // the buyer was not the maker: the buyer crossed
        assertThat(decode("{\"result\":null,\"id\":1}")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"e\":\"depthUpdate\",\"E\":16339985|truncated frame",
        "{\"e\":\"depthUpdate\",\"E\":\"x\",\"s\":\"A\",\"U\":1,\"u\":2,\"b\":[],\"a\":[]}|field E: expected an integer, got a string",
        "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"A\",\"U\":1,\"u\":2,\"b\":[[\"NaN\",\"1\"]],\"a\":[]}|field b.price: not a decimal digit 'N' in 'NaN'",
        "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"A\",\"U\":1,\"u\":2,\"b\":[[\"-1\",\"1\"]],\"a\":[]}|field b: price must be positive, got -1",
        "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"A\",\"U\":1,\"u\":99999999999999999999,\"b\":[],\"a\":[]}|field u: integer out of range",
        "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"A\",\"U\":1,\"b\":[],\"a\":[]}|missing field u",
        "{\"e\":\"fundingRate\",\"E\":1,\"s\":\"A\"}|unknown event type 'fundingRate'",
        "[1,2,3]|frame is not a JSON object",
        "{\"e\":\"trade\",\"E\":1,\"s\":\"A\",\"t\":5,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":\"yes\"}|field m: expected true/false, got a string"
    })
    void rejectsMalformedFramesWithTheReason(String frame, String reason) {
        List<MarketEvent> out = decode(frame);
        assertThat(out).hasSize(1);
        DataQualityEvent q = (DataQualityEvent) out.get(0);
        assertThat(q.kind()).isEqualTo(DataQualityEvent.Kind.MALFORMED_FRAME);
        assertThat(q.detail()).isEqualTo(reason);
        assertThat(q.sample()).isEqualTo(frame);
    }
}
