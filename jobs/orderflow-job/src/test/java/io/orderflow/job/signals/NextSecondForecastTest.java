package io.orderflow.job.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.book.OrderBook;
import io.orderflow.exchange.SimulatedMarket;
import io.orderflow.job.local.Demo;
import io.orderflow.model.BookTop;
import io.orderflow.model.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The next-second forecast held to the simulated market's planted truth, which the demo venues serve: ETH's fair
 * price moves β = {@value Demo#PLANTED_BETA} × BTC's move {@value Demo#PLANTED_LAG_STEPS} steps (500 ms) earlier plus
 * its own noise, and each book's touch leans towards its next 100 ms move. So BTC's return over the last half
 * second is {@value Demo#PLANTED_BETA} of ETH's coming one in expectation, and the half second before it is
 * already in ETH's price: the model must learn exactly that, and beat the baseline a trader starts from, the sign of
 * the imbalance. BTC, which nothing leads, is forecast from its own book only.
 */
class NextSecondForecastTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int STEPS = 15_000; // 1,500 s of 100 ms steps, the demo's market without its bursts

    record Run(List<InstrumentSignals.Prediction> eth, List<InstrumentSignals.Prediction> btc, double[] ethModel) {}

    private static Run run(long seed) {
        Demo.DemoVenue v = Demo.ALL_VENUES.get(0);
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth(v.btc(), v.eth(), Demo.PLANTED_BETA,
                Demo.PLANTED_LAG_STEPS, v.btcTick(), v.ethTick()), T0, 100, 0, 0.0002, seed);
        SignalSettings settings = SignalSettings.defaults();
        InstrumentSignals eth = new InstrumentSignals();
        InstrumentSignals btc = new InstrumentSignals();
        List<InstrumentSignals.Prediction> ethPredictions = new ArrayList<>();
        List<InstrumentSignals.Prediction> btcPredictions = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            market.step();
            long t = market.clockMs();
            long second = Math.floorDiv(t, 1000);
            close(eth, second, settings, ethPredictions);
            close(btc, second, settings, btcPredictions);
            BookTop b = top(v.venueId(), v.btc(), market.book(v.btc()), t, i);
            BookTop e = top(v.venueId(), v.eth(), market.book(v.eth()), t, i);
            btc.onBook(b, settings);
            eth.onBook(e, settings);
            eth.onReferenceMid(t, b.mid(), false);
        }
        return new Run(ethPredictions, btcPredictions, eth.forecastCoefficients());
    }

    private static void close(InstrumentSignals s, long second, SignalSettings settings,
            List<InstrumentSignals.Prediction> out) {
        while (s.firstOpenSecond() != null && s.firstOpenSecond() < second) {
            InstrumentSignals.Prediction p = s.closeSecond(s.firstOpenSecond(), settings).prediction();
            if (p != null) {
                out.add(p);
            }
        }
    }

    private static BookTop top(String venue, String symbol, OrderBook book, long t, long sequence) {
        return new BookTop(venue, symbol, t, 0, sequence, book.top(Side.BUY, 20), book.top(Side.SELL, 20), true);
    }

    /** {model hit rate, naive hit rate, seconds both scored}, after the first {@code warmUp} forecasts. */
    private static double[] hitRates(List<InstrumentSignals.Prediction> predictions, int warmUp) {
        int both = 0, model = 0, naive = 0;
        for (InstrumentSignals.Prediction p : predictions.subList(warmUp, predictions.size())) {
            if (p.hit() != null && p.naiveHit() != null) {
                both++;
                model += p.hit() ? 1 : 0;
                naive += p.naiveHit() ? 1 : 0;
            }
        }
        return new double[] {(double) model / both, (double) naive / both, both};
    }

    @Test
    void theFollowersForecastLearnsThePlantedBetaOnTheLeadersLastHalfSecondAndBeatsTheImbalanceSign() {
        Run r = run(7);
        double[] eth = hitRates(r.eth(), 100);
        double[] btc = hitRates(r.btc(), 100);
        System.out.printf(java.util.Locale.ROOT, "next-second forecast on the planted market: ETH model %.3f vs "
                + "sign(imbalance) %.3f (%d s); BTC %.3f vs %.3f (%d s); ETH on BTC's last half second %.3f, on the "
                + "half second before %.3f%n", eth[0], eth[1], (int) eth[2], btc[0], btc[1], (int) btc[2],
                r.ethModel()[InstrumentSignals.PREDICTOR_FEATURES],
                r.ethModel()[InstrumentSignals.PREDICTOR_FEATURES + 1]);
        assertThat(eth[2]).isGreaterThan(1_000);
        // with 1,000+ seconds a hit rate's s.e. is under 0.016: the reference must add at least 0.08 (the planted
        // share of ETH's next second that BTC's last half second explains gives about 0.7 against about 0.58)
        assertThat(eth[0]).as("ETH: the model's hit rate against the imbalance sign's").isGreaterThan(eth[1] + 0.08);
        assertThat(r.ethModel()[InstrumentSignals.PREDICTOR_FEATURES]).as("ETH's coefficient on BTC's last half "
                + "second: the planted beta").isCloseTo(Demo.PLANTED_BETA, within(0.1));
        assertThat(r.ethModel()[InstrumentSignals.PREDICTOR_FEATURES + 1]).as("on the half second before: already "
                + "in ETH's price").isCloseTo(0.0, within(0.1));
        // the leader has no reference: its forecasts have the book's features only
        assertThat(r.btc()).isNotEmpty().allSatisfy(p -> assertThat(p.features())
                .hasSize(InstrumentSignals.PREDICTOR_FEATURES));
        assertThat(r.eth().get(r.eth().size() - 1).features())
                .hasSize(InstrumentSignals.PREDICTOR_FEATURES + InstrumentSignals.REFERENCE_FEATURES);
    }

    @Test
    void aStateWrittenBeforeTheReferenceFeaturesKeepsItsModelAndGrowsIt() throws Exception {
        // version 4 of the state had no reference: its bytes are this version's up to the reference fields
        SignalSettings settings = SignalSettings.defaults();
        InstrumentSignals s = new InstrumentSignals();
        SimulatedMarket market = new SimulatedMarket(SimulatedMarket.btcLeadsEth("BTC", "ETH", 0.8, 5), T0, 100, 0,
                0.0002, 3);
        List<InstrumentSignals.Prediction> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            market.step();
            close(s, Math.floorDiv(market.clockMs(), 1000), settings, out);
            s.onBook(top("v", "ETH", market.book("ETH"), market.clockMs(), i), settings);
        }
        double[] learned = s.forecastCoefficients();
        assertThat(learned).hasSize(InstrumentSignals.PREDICTOR_FEATURES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.write(new DataOutputStream(bytes));
        byte[] v5 = bytes.toByteArray();
        byte[] v4 = java.util.Arrays.copyOf(v5, v5.length - 1 - 4); // no 'referenced' flag, no (empty) slot list
        v4[0] = 4;
        InstrumentSignals back = InstrumentSignals.read(new DataInputStream(new ByteArrayInputStream(v4)));
        assertThat(back.forecastCoefficients()).containsExactly(learned);
        for (int i = 300; i < 400; i++) {
            market.step();
            long t = market.clockMs();
            close(back, Math.floorDiv(t, 1000), settings, out);
            back.onBook(top("v", "ETH", market.book("ETH"), t, i), settings);
            back.onReferenceMid(t, top("v", "BTC", market.book("BTC"), t, i).mid(), false);
        }
        double[] grown = back.forecastCoefficients();
        assertThat(grown).hasSize(InstrumentSignals.PREDICTOR_FEATURES + InstrumentSignals.REFERENCE_FEATURES);
        assertThat(out.get(out.size() - 1).features()).hasSize(grown.length);
    }
}
