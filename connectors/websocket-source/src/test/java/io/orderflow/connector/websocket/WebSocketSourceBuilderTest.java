package io.orderflow.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lag limit: who drops a connection when the job falls behind, and by default after how long. */
class WebSocketSourceBuilderTest {
    @Test
    void aLiveSourceDropsAConnectionPastThirtySecondsOfLagByDefault() {
        assertThat(WebSocketSource.builder().venue("okx", List.of("BTC-USDT")).build().options().maxLag())
                .isEqualTo(WebSocketSourceBuilder.DEFAULT_MAX_LAG).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBoundedSourceNeverDropsByDefaultButCanBeToldTo() {
        assertThat(WebSocketSource.builder().venue("okx", List.of("BTC-USDT")).finishOnServerClose(true).build()
                .options().maxLag()).as("a replay ends by itself").isNull();
        assertThat(WebSocketSource.builder().venue("okx", List.of("BTC-USDT")).maxFramesPerConnection(10).build()
                .options().maxLag()).isNull();
        assertThat(WebSocketSource.builder().venue("okx", List.of("BTC-USDT")).finishOnServerClose(true)
                .maxLag(Duration.ofSeconds(5)).build().options().maxLag()).isEqualTo(Duration.ofSeconds(5));
        assertThat(WebSocketSource.builder().venue("okx", List.of("BTC-USDT")).maxLag(null).build().options()
                .maxLag()).as("a live source told never to drop").isNull();
    }

    @Test
    void aLagLimitThatIsNotPositiveIsRefusedWithWhatToGive() {
        assertThatThrownBy(() -> WebSocketSource.builder().maxLag(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLag must be positive (or null: never drop), got PT0S");
    }
}
