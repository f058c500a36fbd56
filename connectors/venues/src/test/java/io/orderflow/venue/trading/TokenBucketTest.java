package io.orderflow.venue.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bucket never lets more through than capacity plus what the elapsed time refilled. */
class TokenBucketTest {
    @Test
    void neverExceedsTheDocumentedRateInAnyWindow() {
        SplittableRandom r = new SplittableRandom(3);
        long now = 0;
        TokenBucket bucket = io.orderflow.venue.Venues.trading("kraken-futures").newOrderRate(now); // 50 per 10 s
        java.util.ArrayDeque<Long> taken = new java.util.ArrayDeque<>();
        int total = 0;
        for (int i = 0; i < 200_000; i++) {
            now += r.nextInt(0, 40);
            if (bucket.tryTake(now)) {
                taken.addLast(now);
                total++;
            }
            while (!taken.isEmpty() && taken.peekFirst() <= now - 10_000) {
                taken.pollFirst();
            }
            // a full bucket plus one window's refill is the most any 10 s can carry
            assertThat(taken.size()).isLessThanOrEqualTo(100);
        }
        // over the long run the rate is the documented one: 5 a second
        assertThat(total / (now / 1000.0)).isBetween(4.9, 5.1);
    }

    @Test
    void saysHowLongUntilTheNextToken() {
        TokenBucket b = new TokenBucket(2, 1_000, 0);
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isFalse();
        assertThat(b.waitMs(0)).isEqualTo(500);
        assertThat(b.tryTake(500)).isTrue();
        assertThatThrownBy(() -> io.orderflow.venue.Venues.trading("gemini")).hasMessageContaining("gemini")
                .hasMessageContaining("kraken-futures");
    }
}
