package io.orderflow.job.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.job.local.Demo;
import io.orderflow.model.BookTop;
import io.orderflow.model.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Volatility spikes scored against the simulated market's planted bursts (3 s at 5× volatility every 30 s), on
 * each demo venue's tick sizes: recall is the share of bursts with a spike labelled within the burst or the two
 * seconds after it, a false positive is a spike anywhere else. The figures are README's.
 */
class SpikeDetectionTest {
    private static final int STEPS = 12_000; // 20 minutes of 100 ms steps: 40 bursts a venue (BTC and ETH)
    private static final long T0 = 1_700_000_000_000L;

    /** Recall and false positives per hour of one instrument. */
    record Score(int bursts, int found, int falsePositives, double hours) {
        double recall() {
            return (double) found / bursts;
        }

        double falsePerHour() {
            return falsePositives / hours;
        }
    }

    static Score score(Demo.DemoVenue v, SignalSettings settings, long seed) {
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth(v.btc(), v.eth(), Demo.PLANTED_BETA,
                Demo.PLANTED_LAG_STEPS, v.btcTick(), v.ethTick()), T0, 100, 0, 0.0002, seed)
                .withStress(SimulatedMarket.Stress.every30Seconds());
        Map<String, InstrumentSignals> signals = new LinkedHashMap<>();
        Map<String, List<Long>> spikes = new LinkedHashMap<>();
        for (String s : List.of(v.btc(), v.eth())) {
            signals.put(s, new InstrumentSignals());
            spikes.put(s, new ArrayList<>());
        }
        List<long[]> bursts = new ArrayList<>(); // {first second, last second} of each planted burst
        int previous = 0;
        for (int i = 0; i < STEPS; i++) {
            market.step();
            long t = market.clockMs();
            int phase = market.stressPhase();
            if (phase == 2 && previous != 2) {
                bursts.add(new long[] {Math.floorDiv(t, 1000), Math.floorDiv(t, 1000)});
            } else if (phase == 2) {
                bursts.get(bursts.size() - 1)[1] = Math.floorDiv(t, 1000);
            }
            previous = phase;
            for (Map.Entry<String, InstrumentSignals> e : signals.entrySet()) {
                InstrumentSignals s = e.getValue();
                long second = Math.floorDiv(t, 1000);
                while (s.firstOpenSecond() != null && s.firstOpenSecond() < second) {
                    InstrumentSignals.SecondResult r = s.closeSecond(s.firstOpenSecond(), settings);
                    if (r.spike() != null) {
                        spikes.get(e.getKey()).add(r.spike().second());
                    }
                }
                OrderBook book = market.book(e.getKey());
                s.onBook(new BookTop(v.venueId(), e.getKey(), t, 0, i, book.top(Side.BUY, 20),
                        book.top(Side.SELL, 20), true), settings);
            }
        }
        int total = 0;
        int found = 0;
        int falsePositives = 0;
        for (List<Long> labelled : spikes.values()) {
            for (long[] b : bursts) {
                total++;
                if (labelled.stream().anyMatch(s -> s >= b[0] && s <= b[1] + 2)) {
                    found++;
                }
            }
            falsePositives += (int) labelled.stream()
                    .filter(s -> bursts.stream().noneMatch(b -> s >= b[0] && s <= b[1] + 2)).count();
        }
        return new Score(total, found, falsePositives, 2 * STEPS / 36_000.0);
    }

    @Test
    void plantedBurstsAreFoundOnEveryVenueWithFewFalseSpikes() {
        SignalSettings settings = SignalSettings.defaults();
        long seed = 7;
        for (Demo.DemoVenue v : Demo.ALL_VENUES) {
            Score s = score(v, settings, seed++);
            System.out.printf(java.util.Locale.ROOT, "spikes %-15s recall %.2f (%d of %d bursts), false %d "
                    + "(%.1f an hour of one instrument)%n", v.venueId(), s.recall(), s.found(), s.bursts(),
                    s.falsePositives(), s.falsePerHour());
            assertThat(s.bursts()).isGreaterThanOrEqualTo(70);
            assertThat(s.recall()).as(v.venueId() + " recall").isGreaterThan(RECALL);
            assertThat(s.falsePerHour()).as(v.venueId() + " false spikes an hour").isLessThan(FALSE_PER_HOUR);
        }
    }

    /**
     * Measured 0.95–1.00 on every venue with no false spike (the calm returns are Gaussian here; a real market's
     * heavier tails will give some). The 1 s returns over 5 s this replaced found 0.33–0.55 of the bursts, with
     * up to 6 false spikes an hour.
     */
    private static final double RECALL = 0.9;
    private static final double FALSE_PER_HOUR = 1;
}
