package io.orderflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstrumentKeyTest {
    @Test
    void aKeyIsVenueColonSymbolAndTheSameStringEachTime() {
        // new String: as a deserialized record carries them, never the same instances twice
        String key = InstrumentKey.of(new String("okx"), new String("BTC-USDT"));
        assertThat(key).isEqualTo("okx:BTC-USDT");
        assertThat(InstrumentKey.of(new String("okx"), new String("BTC-USDT"))).isSameAs(key);
        assertThat(InstrumentKey.venueOf(key)).isEqualTo("okx");
        assertThat(InstrumentKey.symbolOf(key)).isEqualTo("BTC-USDT");
    }

    @Test
    void symbolsThatShareTextAcrossTheColonStayApart() {
        assertThat(InstrumentKey.of("a:b", "c")).isEqualTo("a:b:c");
        assertThat(InstrumentKey.of("a", "b:c")).isEqualTo("a:b:c");
        assertThat(InstrumentKey.of("binance", "ETHUSDT")).isNotEqualTo(InstrumentKey.of("binance-usdm", "ETHUSDT"));
    }

    @Test
    void aMissingPartIsSpelledOutAsBeforeAndNotCached() {
        assertThat(InstrumentKey.of("okx", null)).isEqualTo("okx:null");
        assertThat(InstrumentKey.of(null, "BTC")).isEqualTo("null:BTC");
    }

    @Test
    void pastTheBoundKeysAreStillRight() {
        for (int i = 0; i < InstrumentKey.MAX_CACHED + 10; i++) {
            assertThat(InstrumentKey.of("flood", "S" + i)).isEqualTo("flood:S" + i);
        }
        assertThat(InstrumentKey.of("flood", "S" + (InstrumentKey.MAX_CACHED + 5)))
                .isEqualTo("flood:S" + (InstrumentKey.MAX_CACHED + 5));
    }
}
