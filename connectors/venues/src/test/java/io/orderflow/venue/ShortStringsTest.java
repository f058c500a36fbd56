package io.orderflow.venue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShortStringsTest {
    @Test
    void returnsTheSameStringForTheSameCharactersAndNeverAWrongOne() {
        JsonSupport.ShortStrings cache = new JsonSupport.ShortStrings(4); // tiny: slots collide
        char[] frame = "xxBTCUSDTyyETHUSDTzzBTCUSDT".toCharArray();
        String first = cache.of(frame, 2, 7);
        assertThat(first).isEqualTo("BTCUSDT");
        assertThat(cache.of(frame, 20, 7)).isSameAs(first);
        for (int round = 0; round < 3; round++) {
            assertThat(cache.of(frame, 11, 7)).isEqualTo("ETHUSDT");
            assertThat(cache.of(frame, 2, 7)).isEqualTo("BTCUSDT");
            assertThat(cache.of(frame, 2, 3)).isEqualTo("BTC");
            assertThat(cache.of(frame, 0, 0)).isEmpty();
        }
    }
}
