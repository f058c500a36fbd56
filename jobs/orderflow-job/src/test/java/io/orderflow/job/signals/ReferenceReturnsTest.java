package io.orderflow.job.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The reference's half-second returns held to their definition: the mid at an instant is the last one before it
 * (previous tick), a span with a book rebuilt after a gap in it has no return, and nothing after the end of the
 * second reaches its features.
 */
class ReferenceReturnsTest {
    private static double bps(double to, double from) {
        return Math.log(to / from) * 1e4;
    }

    @Test
    void theReturnsAreOfTheLastMidsBeforeEachHalfSecond() {
        ReferenceReturns r = new ReferenceReturns();
        r.onMid(9_100, 100.0, false);
        r.onMid(9_900, 100.05, false); // the mid at 10.0 s
        r.onMid(10_200, 100.1, false);
        r.onMid(10_499, 100.12, false); // the mid at 10.5 s
        r.onMid(10_700, 100.08, false);
        r.onMid(10_999, 100.09, false); // the mid at 11.0 s
        r.onMid(11_000, 150.0, false); // after the second: not seen by its features
        r.onMid(10_300, 99.9, false); // late, but older than 10_499 in its slot: the slot keeps the newer mid
        double[] f = r.features(10);
        assertThat(f[0]).isCloseTo(bps(100.09, 100.12), within(1e-9));
        assertThat(f[1]).isCloseTo(bps(100.12, 100.05), within(1e-9));
    }

    @Test
    void aQuietReferenceHoldsItsLastMidAndAnUnseenStartGivesNothing() {
        ReferenceReturns r = new ReferenceReturns();
        r.onMid(20_600, 50.0, false);
        double[] first = r.features(20);
        assertThat(first[0]).as("no mid before 20.5 s: no start").isZero();
        assertThat(first[1]).isZero();
        // quiet through second 21 and 22: the mid held, the returns are 0
        assertThat(r.features(21)).containsExactly(0.0, 0.0);
        r.onMid(23_800, 50.1, false);
        double[] f = r.features(23);
        assertThat(f[0]).isCloseTo(bps(50.1, 50.0), within(1e-9));
        assertThat(f[1]).isZero();
    }

    @Test
    void aSpanWithABookRebuiltAfterAGapHasNoReturn() {
        ReferenceReturns r = new ReferenceReturns();
        r.onMid(4_900, 100.0, false);
        r.onMid(5_100, 100.2, false);
        r.onMid(5_600, 103.0, true); // rebuilt after a gap in the last half second
        r.onMid(5_800, 103.1, false);
        double[] f = r.features(5);
        assertThat(f[0]).isZero();
        assertThat(f[1]).isCloseTo(bps(100.2, 100.0), within(1e-9));
        r.onMid(6_700, 103.3, false);
        r.onMid(6_900, 103.4, false);
        double[] next = r.features(6); // the gap is behind: returns again, from the mid the rebuilt book gave
        assertThat(next[0]).isCloseTo(bps(103.4, 103.1), within(1e-9));
        assertThat(next[1]).isZero();
    }

    @Test
    void oneBadQuoteIsClipped() {
        ReferenceReturns r = new ReferenceReturns();
        r.onMid(400, 100.0, false);
        r.onMid(900, 200.0, false);
        assertThat(r.features(0)[0]).isEqualTo(ReferenceReturns.CLIP_BPS);
    }

    @Test
    void itsStateReadsBackAsItWasWritten() throws Exception {
        ReferenceReturns r = new ReferenceReturns();
        r.onMid(1_900, 10.0, false);
        r.onMid(2_400, 10.1, true);
        r.onMid(2_700, 10.3, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.write(new DataOutputStream(bytes));
        ReferenceReturns back = ReferenceReturns.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back.features(2)).containsExactly(r.features(2));
    }
}
