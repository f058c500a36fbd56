package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.orderflow.job.local.Demo;
import io.orderflow.venue.Venues;
import io.orderflow.model.Decimals;
import io.orderflow.execution.strategy.MidPredictorModel;
import io.orderflow.execution.strategy.MidPredictorStrategy;
import io.orderflow.job.offline.ExecutionPlanner;
import io.orderflow.job.offline.ModelTrainer;
import io.orderflow.job.offline.RankedSymbols;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.report.Chart;
import io.orderflow.job.report.ChartRenderer;
import io.orderflow.job.report.Report;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.io.TempDir;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The signal tables the demo wrote, read back with Flink SQL and checked against the planted truth of the
 * simulated markets and against recomputations from the other tables (different code, same definitions).
 */
class DemoSignalsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(4);

    static SqlRunner sql;

    @BeforeAll
    static void demo() throws Exception {
        sql = DemoRun.get().sql;
    }

    static boolean isBtc(Object symbol) {
        return symbol.toString().contains("BTC") || symbol.toString().contains("XBT");
    }

    @Test
    void leadLagNamesBtcTheLeaderByThePlantedLagOnEveryVenue() throws Exception {
        List<Row> pairs = sql.query("SELECT * FROM pair_signals");
        Map<String, Integer> namedPerVenue = new HashMap<>();
        int crossVenue = 0;
        int crossVenueLeads = 0;
        for (Row p : pairs) {
            boolean sameVenue = p.getField("x_venue").equals(p.getField("y_venue"));
            String leader = (String) p.getField("leader");
            if (!sameVenue) {
                crossVenue++;
                crossVenueLeads += leader == null ? 0 : 1;
                continue;
            }
            if (leader == null) {
                continue;
            }
            String venue = (String) p.getField("x_venue");
            assertThat(isBtc(leader.substring(leader.indexOf(':') + 1))).as("leader " + leader).isTrue();
            assertThat((Long) p.getField("lead_ms")).as(venue + " lead").isBetween(400L, 600L);
            assertThat(((Long[]) p.getField("lags_ms"))).hasSize(41);
            namedPerVenue.merge(venue, 1, Integer::sum);
        }
        assertThat(namedPerVenue.keySet()).as("venues where BTC was found to lead")
                .hasSizeGreaterThanOrEqualTo(Demo.ALL_VENUES.size() - 1);
        // the venues' markets are independent: a named cross-venue leader is a false positive
        assertThat(crossVenue).isPositive();
        assertThat(crossVenueLeads / (double) crossVenue).as("false leads across venues").isLessThan(0.1);
    }

    @Test
    void pairsOfAVenueWithoutBookTimesAreMarkedAndNameNoLeaderOrBeta() throws Exception {
        // Gemini's book messages carry no time (dated by the last trade or heartbeat, up to 2 s early): its pairs
        // say so, and give no lead or beta that would only look precise; every other venue's pairs have both
        long inferred = 0;
        long exchange = 0;
        for (Row p : sql.query("SELECT x_venue, y_venue, leader, beta, time_quality FROM pair_signals")) {
            boolean gemini = "gemini".equals(p.getField("x_venue")) || "gemini".equals(p.getField("y_venue"));
            assertThat(p.getField("time_quality")).as(p.toString()).isEqualTo(gemini ? "inferred" : "exchange");
            if (gemini) {
                assertThat(p.getField("leader")).as(p.toString()).isNull();
                assertThat(p.getField("beta")).as(p.toString()).isNull();
                inferred++;
            } else {
                exchange++;
            }
        }
        assertThat(inferred).isPositive();
        assertThat(exchange).isGreaterThan(inferred);
    }

    @Test
    void betaOfEthOnBtcIsThePlantedOneOnEveryVenue() throws Exception {
        // per venue, the windows' betas pooled by inverse variance
        Map<String, double[]> byVenue = new TreeMap<>(); // {Σ 1/se², Σ beta/se², windows}
        for (Row p : sql.query("SELECT * FROM pair_signals WHERE x_venue = y_venue AND beta_se IS NOT NULL")) {
            if (!isBtc(p.getField("x_symbol")) || p.getField("leader") == null) {
                continue; // beta of ETH on BTC: x must be BTC; and the grid is lag-aligned only with a leader
            }
            double se = (Double) p.getField("beta_se");
            double[] v = byVenue.computeIfAbsent((String) p.getField("x_venue"), k -> new double[3]);
            v[0] += 1 / (se * se);
            v[1] += (Double) p.getField("beta") / (se * se);
            v[2]++;
        }
        double weights = 0;
        double weighted = 0;
        List<String> beyondThree = new ArrayList<>();
        for (Map.Entry<String, double[]> e : byVenue.entrySet()) {
            double[] v = e.getValue();
            double pooled = v[1] / v[0];
            double se = Math.sqrt(1 / v[0]);
            double z = (pooled - Demo.PLANTED_BETA) / se;
            System.out.printf(java.util.Locale.ROOT, "beta %s: %.4f ± %.4f over %.0f windows (%.1f s.e. from %.1f)%n",
                    e.getKey(), pooled, se, v[2], z, Demo.PLANTED_BETA);
            if (Math.abs(z) >= 3) {
                beyondThree.add(e.getKey() + " " + pooled + " ± " + se);
            }
            weights += v[0];
            weighted += v[1];
        }
        System.out.printf(java.util.Locale.ROOT, "beta, every venue: %.4f ± %.4f%n", weighted / weights,
                Math.sqrt(1 / weights));
        // every venue but Gemini, whose pairs have no beta (its book messages carry no time; the test above)
        assertThat(byVenue.keySet()).containsExactlyInAnyOrderElementsOf(Demo.ALL_VENUES.stream()
                .map(Demo.DemoVenue::venueId).filter(v -> !v.equals("gemini")).toList());
        // each venue within three standard errors (two would fail one venue in twenty by construction, one run
        // in four over six venues); README reports the two-s.e. figures
        assertThat(beyondThree).as("venues whose beta is more than 3 s.e. from the planted one").isEmpty();
    }

    /** Quote notional within {@code bps} of the true mid on one side of a true book, in exact decimals. */
    static double trueDepth(long[] prices, long[] sizes, BigDecimal mid, int bps) {
        BigDecimal limit = mid.multiply(BigDecimal.valueOf(bps)).divide(BigDecimal.valueOf(10_000));
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < prices.length; i++) {
            BigDecimal p = Decimals.toBigDecimal(prices[i]);
            if (p.subtract(mid).abs().compareTo(limit) > 0) {
                break;
            }
            sum = sum.add(p.multiply(Decimals.toBigDecimal(sizes[i])));
        }
        return sum.doubleValue();
    }

    /**
     * Venues with no sequence on the wire whose every message is one step's whole book stamped with the step's
     * exact time: their truth is found by time. (Gemini's v2 books carry no time at all: not compared.)
     */
    static final java.util.Set<String> KEYED_BY_TIME = java.util.Set.of("goquant-okx");

    /**
     * The true book right after the update a row names, as the venue shows it: every level, except on a gateway
     * that sends only the top N a side (GoQuant: 50), where nothing beyond them can be known. "The whole book" is
     * the whole visible book. Null where no step ended at that update.
     */
    static long[][] visibleTruth(DemoRun run, Row r) {
        String venue = (String) r.getField("venue");
        String symbol = (String) r.getField("symbol");
        long[][] truth = KEYED_BY_TIME.contains(venue)
                ? run.demo.trueTopAt(venue, symbol, ((Instant) r.getField("event_time")).toEpochMilli())
                : run.demo.trueTopAtSequence(venue, symbol, (Long) r.getField("update_id"));
        if (truth == null || truth[0].length == 0 || truth[2].length == 0) {
            return null; // a sequence no step ended at (Kraken Futures numbers every message; Gemini has none)
        }
        int n = run.demo.visibleLevels(venue);
        long[][] visible = new long[4][];
        for (int i = 0; i < 4; i++) {
            visible[i] = java.util.Arrays.copyOf(truth[i], Math.min(n, truth[i].length));
        }
        return visible;
    }

    static BigDecimal trueMid(long[][] truth) {
        return Decimals.toBigDecimal(truth[0][0]).add(Decimals.toBigDecimal(truth[2][0])).divide(BigDecimal.valueOf(2));
    }

    @Test
    void depthWithinTenBpsIsTheWholeTrueBooksDepth() throws Exception {
        DemoRun run = DemoRun.get();
        long compared = 0;
        long deeperThanTwentyLevels = 0;
        List<String> wrong = new ArrayList<>();
        for (Row r : sql.query("SELECT venue, symbol, event_time, update_id, bid_depth, ask_depth FROM book_features")) {
            long[][] truth = visibleTruth(run, r);
            if (truth == null) {
                continue;
            }
            compared++;
            BigDecimal mid = trueMid(truth);
            double bid = trueDepth(truth[0], truth[1], mid, 10);
            double ask = trueDepth(truth[2], truth[3], mid, 10);
            if (Math.abs((Double) r.getField("bid_depth") - bid) > 1e-9 * Math.max(1, bid)
                    || Math.abs((Double) r.getField("ask_depth") - ask) > 1e-9 * Math.max(1, ask)) {
                wrong.add(r + " true " + bid + " / " + ask);
            }
            if (bid > trueDepth(java.util.Arrays.copyOf(truth[0], Math.min(20, truth[0].length)), truth[1], mid, 10)) {
                deeperThanTwentyLevels++;
            }
        }
        System.out.printf("book_features depth rows compared with the true whole book: %d (%d with more than 20 "
                + "bid levels in the band), differing: %d%n", compared, deeperThanTwentyLevels, wrong.size());
        assertThat(wrong).as("depth within 10 bps that differs from the true whole book's").isEmpty();
        assertThat(compared).isGreaterThan(1_000);
        // the comparison means something only where the band reaches past the 20 levels carried downstream
        assertThat(deeperThanTwentyLevels).isGreaterThan(compared / 10);
    }

    /** The walk of a market order of {@code notional} quote over one side of the true book, in exact decimals. */
    record TrueWalk(boolean partial, double slippageBps) {}

    static TrueWalk trueWalk(long[] prices, long[] sizes, BigDecimal mid, double notional, boolean buy) {
        BigDecimal remaining = BigDecimal.valueOf(notional);
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal quantity = BigDecimal.ZERO;
        java.math.MathContext mc = java.math.MathContext.DECIMAL64;
        for (int i = 0; i < prices.length && remaining.signum() > 0; i++) {
            BigDecimal p = Decimals.toBigDecimal(prices[i]);
            BigDecimal take = p.multiply(Decimals.toBigDecimal(sizes[i])).min(remaining);
            filled = filled.add(take);
            quantity = quantity.add(take.divide(p, mc));
            remaining = remaining.subtract(take);
        }
        double vwap = filled.divide(quantity, mc).doubleValue();
        double m = mid.doubleValue();
        return new TrueWalk(remaining.signum() > 0, (buy ? vwap - m : m - vwap) / m * 1e4);
    }

    @Test
    void slippageWalksEqualWalksOfTheTrueWholeBook() throws Exception {
        DemoRun run = DemoRun.get();
        long compared = 0;
        Map<String, long[]> partialBySize = new TreeMap<>(); // {partial walks, walks} per symbol and size
        List<String> wrong = new ArrayList<>();
        for (Row r : sql.query("SELECT venue, symbol, event_time, update_id, side, order_notional, slippage_bps, "
                + "`partial` FROM slippage WHERE update_id IS NOT NULL")) {
            String symbol = (String) r.getField("symbol");
            long[][] truth = visibleTruth(run, r);
            if (truth == null) {
                continue;
            }
            compared++;
            boolean buy = "BUY".equals(r.getField("side"));
            double notional = (Double) r.getField("order_notional");
            TrueWalk w = buy ? trueWalk(truth[2], truth[3], trueMid(truth), notional, true)
                    : trueWalk(truth[0], truth[1], trueMid(truth), notional, false);
            boolean partial = (Boolean) r.getField("partial");
            Double bps = (Double) r.getField("slippage_bps");
            if (partial != w.partial() || bps == null || Math.abs(bps - w.slippageBps()) > 1e-6) {
                wrong.add(r + " true partial " + w.partial() + ", " + w.slippageBps() + " bps");
            }
            long[] counts = partialBySize.computeIfAbsent((isBtc(symbol) ? "BTC " : "ETH ") + (long) notional,
                    k -> new long[2]);
            counts[0] += partial ? 1 : 0;
            counts[1]++;
        }
        partialBySize.forEach((k, c) -> System.out.printf("slippage %s: %d of %d walks partial%n", k, c[0], c[1]));
        System.out.printf("slippage walks compared with walks of the true whole book: %d, differing: %d%n", compared,
                wrong.size());
        assertThat(wrong).as("walks that differ from a walk of the true whole book").isEmpty();
        assertThat(compared).isGreaterThan(500);
        // the large orders reach past the 20 levels that used to be walked: those fill now
        assertThat(partialBySize.get("ETH 100000")[0]).as("ETH 100k walks that ran out of book")
                .isLessThan(partialBySize.get("ETH 100000")[1] / 10);
    }

    @Test
    void thePlantedSpreadBlowoutsAreFoundOnEveryVenue() throws Exception {
        // every 30 s of market each book's quotes are pulled back for a second (spread x5): with baselines in
        // event time this is a blowout on every venue, Kraken Futures' sixty messages a step included
        Map<String, Integer> blowouts = new TreeMap<>();
        for (Row r : sql.query("SELECT venue, COUNT(*) AS n FROM patterns WHERE pattern_name LIKE 'spread_blowout%' "
                + "GROUP BY venue")) {
            blowouts.put((String) r.getField("venue"), ((Long) r.getField("n")).intValue());
        }
        System.out.println("spread blowouts per venue: " + blowouts);
        assertThat(blowouts.keySet()).as("venues with a spread blowout")
                .containsAll(Demo.ALL_VENUES.stream().map(Demo.DemoVenue::venueId).toList());
    }

    @Test
    void spikesListExactlyThePatternsThatEndedWithinTheHorizonBeforeThem() throws Exception {
        Map<String, List<Row>> patterns = new HashMap<>();
        for (Row p : sql.query("SELECT venue, symbol, event_time, pattern_name FROM patterns")) {
            patterns.computeIfAbsent(p.getField("venue") + ":" + p.getField("symbol"), k -> new ArrayList<>()).add(p);
        }
        List<Row> spikes = sql.query("SELECT * FROM volatility_spikes");
        assertThat(spikes).isNotEmpty();
        int withBookPrecursor = 0;
        for (Row s : spikes) {
            Instant at = (Instant) s.getField("event_time");
            long horizon = (Integer) s.getField("horizon_seconds") * 1000L;
            List<String> expected = new ArrayList<>();
            for (Row p : patterns.getOrDefault(s.getField("venue") + ":" + s.getField("symbol"), List.of())) {
                long end = ((Instant) p.getField("event_time")).toEpochMilli();
                if (end <= at.toEpochMilli() && end >= at.toEpochMilli() - horizon) {
                    expected.add((String) p.getField("pattern_name"));
                }
            }
            List<String> actual = new ArrayList<>(List.of((String[]) s.getField("precursors")));
            expected.sort(null);
            actual.sort(null);
            assertThat(actual).as("precursors of " + s).isEqualTo(expected);
            assertThat((Integer) s.getField("precursor_count")).isEqualTo(expected.size());
            assertThat((Double) s.getField("ratio")).isGreaterThan(3.0);
            if (actual.stream().anyMatch(n -> n.startsWith("liquidity_withdrawal") || n.startsWith("spread_blowout"))) {
                withBookPrecursor++;
            }
        }
        // planted: liquidity is withdrawn (depth down, spread wide) right before every volatility burst
        assertThat(withBookPrecursor / (double) spikes.size()).as("spikes preceded by withdrawal or blowout")
                .isGreaterThan(0.5);
    }

    @Test
    void predictionsAreScoredAgainstTheMidsOfTheBboTable() throws Exception {
        Map<String, TreeMap<Long, Double>> lastMidPerSecond = new HashMap<>();
        List<Row> bbo = sql.query("SELECT venue, symbol, exchange_time_ms, update_id, bid_price, ask_price FROM bbo");
        bbo.sort(Comparator.<Row>comparingLong(r -> (Long) r.getField("exchange_time_ms"))
                .thenComparingLong(r -> (Long) r.getField("update_id")));
        for (Row b : bbo) {
            double mid = ((BigDecimal) b.getField("bid_price")).add((BigDecimal) b.getField("ask_price"))
                    .doubleValue() / 2;
            lastMidPerSecond.computeIfAbsent(b.getField("venue") + ":" + b.getField("symbol"), k -> new TreeMap<>())
                    .put(Math.floorDiv((Long) b.getField("exchange_time_ms"), 1000), mid);
        }
        Map<String, List<Row>> predictions = new HashMap<>();
        for (Row p : sql.query("SELECT * FROM predictions")) {
            predictions.computeIfAbsent(p.getField("venue") + ":" + p.getField("symbol"), k -> new ArrayList<>()).add(p);
        }
        assertThat(predictions).hasSize(2 * Demo.ALL_VENUES.size());
        int compared = 0;
        for (Map.Entry<String, List<Row>> e : predictions.entrySet()) {
            List<Row> rows = e.getValue();
            rows.sort(Comparator.comparing(r -> (Instant) r.getField("event_time")));
            TreeMap<Long, Double> mids = lastMidPerSecond.get(e.getKey());
            long hits = 0;
            long scored = 0;
            for (Row p : rows) {
                long second = ((Instant) p.getField("event_time")).getEpochSecond();
                Map.Entry<Long, Double> now = mids.floorEntry(second);
                Map.Entry<Long, Double> before = mids.floorEntry(second - 1);
                boolean late = DemoRun.get().lateSecond(e.getKey(), second)
                        || DemoRun.get().lateSecond(e.getKey(), second - 1);
                if (now != null && before != null && !late) {
                    double realized = Math.log(now.getValue() / before.getValue()) * 1e4;
                    assertThat((Double) p.getField("realized_bps")).as(e.getKey() + " second " + second)
                            .isCloseTo(realized, within(1e-9 * Math.max(1, Math.abs(realized))));
                    compared++;
                }
                Boolean hit = (Boolean) p.getField("hit");
                double forecast = (Double) p.getField("forecast_bps");
                double realizedBps = (Double) p.getField("realized_bps");
                assertThat(hit == null).isEqualTo(forecast == 0 || realizedBps == 0);
                if (hit != null) {
                    assertThat(hit).isEqualTo(Math.signum(forecast) == Math.signum(realizedBps));
                    scored++;
                    hits += hit ? 1 : 0;
                }
                assertThat((Long) p.getField("hits")).isEqualTo(hits);
                assertThat((Long) p.getField("scored")).isEqualTo(scored);
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    /**
     * The forecasts' cross-asset features recomputed from another table: each ETH's reference returns are its
     * venue's BTC mids in the `bbo` table, the last before each half second (none across a book rebuilt after a
     * gap), so the forecast used only what BTC had shown by the end of its second. And the planted lead pays: over
     * the ETH instruments, the model's direction beats the naive sign of the imbalance on the same seconds.
     */
    @Test
    void theEthForecastsUseBtcsPastHalfSecondsAndBeatTheImbalanceSign() throws Exception {
        Map<String, TreeMap<Long, double[]>> btcMids = new HashMap<>(); // venue -> time -> {mid, after gap}
        List<Row> bbo = sql.query("SELECT venue, symbol, exchange_time_ms, update_id, bid_price, ask_price, after_gap "
                + "FROM bbo");
        bbo.sort(Comparator.<Row>comparingLong(r -> (Long) r.getField("exchange_time_ms"))
                .thenComparingLong(r -> (Long) r.getField("update_id")));
        for (Row b : bbo) {
            if (isBtc(b.getField("symbol"))) {
                double mid = (((BigDecimal) b.getField("bid_price")).doubleValue()
                        + ((BigDecimal) b.getField("ask_price")).doubleValue()) / 2;
                TreeMap<Long, double[]> path = btcMids.computeIfAbsent((String) b.getField("venue"),
                        k -> new TreeMap<>());
                long t = (Long) b.getField("exchange_time_ms");
                double[] before = path.get(t);
                boolean gap = Boolean.TRUE.equals(b.getField("after_gap")) || (before != null && before[1] > 0);
                path.put(t, new double[] {mid, gap ? 1 : 0});
            }
        }
        int compared = 0, both = 0, modelHits = 0, naiveHits = 0;
        Map<String, Long> firstReferenced = new HashMap<>();
        for (Row p : sql.query("SELECT venue, symbol, event_time, reference_return_bps, reference_prior_return_bps, "
                + "hit, naive_hit FROM predictions ORDER BY venue, symbol, event_time")) {
            String venue = (String) p.getField("venue");
            if (isBtc(p.getField("symbol"))) {
                assertThat(p.getField("reference_return_bps")).as("BTC has no reference").isNull();
                continue;
            }
            Double last = (Double) p.getField("reference_return_bps");
            if (last == null) {
                continue; // before the first reference mid reached the instrument
            }
            long second = ((Instant) p.getField("event_time")).getEpochSecond() - 1; // the second it was made in
            String btc = venue + ":" + Venues.byId(venue).majors().btc();
            String eth = venue + ":" + p.getField("symbol");
            // the reference reaches an instrument once the fan-out has seen it quote, so the first reference mids
            // it gets can be of any time up to how far the job runs behind (seconds on a loaded machine): spans that
            // start before them are not compared
            boolean late = second < firstReferenced.computeIfAbsent(eth, k -> second) + 10;
            for (long k = second - 2; k <= second; k++) {
                late |= DemoRun.get().lateSecond(btc, k) || DemoRun.get().lateSecond(eth, k);
            }
            TreeMap<Long, double[]> path = btcMids.get(venue);
            if (!late) {
                long end = (second + 1) * 1000;
                assertThat(last).as(eth + " BTC's last half second, made at the end of " + second)
                        .isCloseTo(halfSecondBps(path, end - 500, end), within(1e-6));
                assertThat((Double) p.getField("reference_prior_return_bps")).as(eth + " the half second before")
                        .isCloseTo(halfSecondBps(path, end - 1000, end - 500), within(1e-6));
                compared++;
            }
            Boolean hit = (Boolean) p.getField("hit");
            Boolean naive = (Boolean) p.getField("naive_hit");
            if (hit != null && naive != null) {
                both++;
                modelHits += hit ? 1 : 0;
                naiveHits += naive ? 1 : 0;
            }
        }
        double model = (double) modelHits / both;
        double naive = (double) naiveHits / both;
        System.out.printf(java.util.Locale.ROOT, "ETH next-second forecasts with BTC's half seconds: %d features "
                + "recomputed; hit rate %.3f against sign(imbalance) %.3f on %d seconds%n", compared, model, naive, both);
        assertThat(compared).isGreaterThan(150);
        // measured 0.60–0.69 against 0.52–0.58 on ~490 seconds (the s.e. of the difference is about 0.03)
        assertThat(model).as("the model's hit rate against the imbalance sign's on the same seconds")
                .isGreaterThan(naive);
    }

    /** BTC's log return in bps between the last mids before {@code from} and before {@code to}; 0 across a gap. */
    private static double halfSecondBps(TreeMap<Long, double[]> path, long from, long to) {
        Map.Entry<Long, double[]> start = path.lowerEntry(from);
        Map.Entry<Long, double[]> finish = path.lowerEntry(to);
        if (start == null || finish == null
                || path.subMap(from, true, to, false).values().stream().anyMatch(m -> m[1] > 0)) {
            return 0;
        }
        return Math.max(-50, Math.min(50, Math.log(finish.getValue()[0] / start.getValue()[0]) * 1e4));
    }

    @Test
    void bookFeaturesAgreeWithTheBboTable() throws Exception {
        Map<String, Row> bbo = new HashMap<>();
        for (Row b : sql.query("SELECT venue, symbol, update_id, bid_price, bid_size, ask_price, ask_size FROM bbo")) {
            bbo.put(b.getField("venue") + ":" + b.getField("symbol") + "#" + b.getField("update_id"), b);
        }
        int compared = 0;
        for (Row f : sql.query("SELECT venue, symbol, update_id, mid, weighted_mid, spread_bps, imbalance, "
                + "bid_depth, ask_depth FROM book_features")) {
            Row b = bbo.get(f.getField("venue") + ":" + f.getField("symbol") + "#" + f.getField("update_id"));
            assertThat((Double) f.getField("imbalance")).isBetween(-1.0, 1.0);
            // zero in a transient wide spread (Kraken sends one message per level)
            assertThat((Double) f.getField("bid_depth")).isNotNegative();
            if (b == null) {
                continue; // an update that left the touch as it was
            }
            double bid = ((BigDecimal) b.getField("bid_price")).doubleValue();
            double ask = ((BigDecimal) b.getField("ask_price")).doubleValue();
            double qb = ((BigDecimal) b.getField("bid_size")).doubleValue();
            double qa = ((BigDecimal) b.getField("ask_size")).doubleValue();
            double mid = (bid + ask) / 2;
            assertThat((Double) f.getField("mid")).isCloseTo(mid, within(mid * 1e-12));
            assertThat((Double) f.getField("weighted_mid")).isCloseTo((qb * ask + qa * bid) / (qb + qa),
                    within(mid * 1e-12));
            assertThat((Double) f.getField("spread_bps")).isCloseTo((ask - bid) / mid * 1e4, within(1e-9));
            compared++;
        }
        assertThat(compared).isGreaterThan(10_000);
    }

    @Test
    void reportChartsArePngsOfTheTablesData(@TempDir Path out) throws Exception {
        Report report = new Report(sql);
        String instrument = report.defaultInstrument();
        List<Chart> charts = report.charts(instrument);
        List<Path> pngs = ChartRenderer.render(charts, DemoRun.get().output.committedRows(), out);
        List<Chart> panels = charts.stream().filter(c -> Report.SLIPPAGE_GROUP.equals(c.group())).toList();
        assertThat(panels).as("one slippage panel per venue").hasSize(Demo.ALL_VENUES.stream()
                .map(v -> v.venueId()).distinct().toList().size());
        assertThat(pngs).hasSize(3 + panels.size());
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            boolean panel = png.getFileName().toString().startsWith("slippage_");
            assertThat(image.getWidth()).as(png.toString()).isEqualTo(panel ? 600 : 1200);
            assertThat(image.getHeight()).as(png.toString()).isEqualTo(panel ? 360 : 600);
        }
        assertThat(Files.readString(out.resolve("index.html"))).contains("mid_volatility.png", "lead_lag.png",
                "slippage_okx.png", "market_ranking.png", "book_features", "class=\"grid\"");
        // the panels share one y range, so a steeper panel is a thinner market
        assertThat(panels).extracting(c -> java.util.Arrays.toString(c.yRange())).containsOnly(
                java.util.Arrays.toString(panels.get(0).yRange()));
        Map<String, Chart> byFile = new HashMap<>();
        charts.forEach(c -> byFile.put(c.file(), c));

        // mid and volatility: the series are the instrument's rows
        String venue = instrument.substring(0, instrument.indexOf(':'));
        String symbol = instrument.substring(instrument.indexOf(':') + 1);
        String where = " WHERE venue = '" + venue + "' AND symbol = '" + symbol + "'";
        Chart mid = byFile.get("mid_volatility");
        List<Row> vol = sql.query("SELECT window_end, window_seconds, realized_vol_annualized FROM volatility" + where);
        vol.sort(Comparator.comparing(r -> (Instant) r.getField("window_end")));
        // each window's value (in %) held from its start to its end, on the right-hand axis
        Chart.Series volSeries = series(mid, Report.VOLATILITY_SERIES);
        assertThat(volSeries.axis()).isEqualTo(1);
        assertThat(volSeries.style()).isEqualTo(Chart.Style.STEP);
        assertThat(volSeries.y()).hasSize(vol.size() + 1);
        for (int i = 0; i < vol.size(); i++) {
            Row w = vol.get(i);
            assertThat(volSeries.x()[i]).isEqualTo(((Instant) w.getField("window_end")).toEpochMilli()
                    - 1000.0 * (Integer) w.getField("window_seconds"));
            assertThat(volSeries.y()[i]).isCloseTo(100 * (Double) w.getField("realized_vol_annualized"),
                    within(1e-9));
        }
        assertThat(volSeries.x()[vol.size()]).as("the last step ends at its window's end").isEqualTo(
                ((Instant) vol.get(vol.size() - 1).getField("window_end")).toEpochMilli());
        List<Row> tops = sql.query("SELECT event_time, bid_px_1, ask_px_1 FROM book_top10_1s" + where);
        assertThat(series(mid, "mid (end of each second)").y()).hasSize(tops.size());
        for (Row t : tops) {
            long at = ((Instant) t.getField("event_time")).toEpochMilli();
            double expected = ((BigDecimal) t.getField("bid_px_1")).add((BigDecimal) t.getField("ask_px_1"))
                    .doubleValue() / 2;
            Chart.Series m = series(mid, "mid (end of each second)");
            int i = java.util.Arrays.binarySearch(m.x(), at);
            assertThat(m.y()[i]).isCloseTo(expected, within(expected * 1e-12));
        }
        int patternPoints = mid.series().stream().filter(x -> x.style() == Chart.Style.MARKERS)
                .mapToInt(x -> x.x().length).sum();
        assertThat(series(mid, "volatility spike").style()).as("spikes stand out").isEqualTo(Chart.Style.ALERTS);
        assertThat(patternPoints).isEqualTo(sql.query("SELECT event_time FROM patterns" + where).size());

        // lead-lag: each curve is the mean of its pair's stored curves, recomputed here
        Chart leadLag = byFile.get("lead_lag");
        assertThat(leadLag.series()).isNotEmpty().hasSizeLessThanOrEqualTo(Report.MAX_PAIRS);
        Map<String, List<Double[]>> curves = new HashMap<>();
        for (Row r : sql.query("SELECT x_venue, x_symbol, y_venue, y_symbol, correlations FROM pair_signals")) {
            curves.computeIfAbsent(r.getField("x_venue") + ":" + r.getField("x_symbol") + " vs "
                    + r.getField("y_venue") + ":" + r.getField("y_symbol"), k -> new ArrayList<>())
                    .add((Double[]) r.getField("correlations"));
        }
        for (Chart.Series c : leadLag.series()) {
            List<Double[]> stored = curves.get(c.name());
            for (int i = 0; i < c.y().length; i++) {
                double sum = 0;
                int n = 0;
                for (Double[] curve : stored) {
                    if (curve[i] != null) {
                        sum += curve[i];
                        n++;
                    }
                }
                assertThat(c.y()[i]).as(c.name() + " lag " + c.x()[i]).isCloseTo(sum / n, within(1e-12));
            }
        }
        // the strongest curve peaks at the planted lead
        Chart.Series strongest = leadLag.series().get(0);
        int peak = 0;
        for (int i = 1; i < strongest.y().length; i++) {
            peak = Math.abs(strongest.y()[i]) > Math.abs(strongest.y()[peak]) ? i : peak;
        }
        assertThat(Math.abs(strongest.x()[peak])).isBetween(400.0, 600.0);

        // slippage: mean of the complete walks per instrument and size, recomputed from the raw rows
        Map<String, Map<Long, double[]>> sums = new HashMap<>();
        for (Row r : sql.query("SELECT venue, symbol, order_notional, slippage_bps, `partial` FROM slippage")) {
            if ((Boolean) r.getField("partial") || r.getField("slippage_bps") == null) {
                continue;
            }
            double[] acc = sums.computeIfAbsent(r.getField("venue") + ":" + r.getField("symbol"), k -> new HashMap<>())
                    .computeIfAbsent(Math.round((Double) r.getField("order_notional")), k -> new double[2]);
            acc[0] += (Double) r.getField("slippage_bps");
            acc[1]++;
        }
        List<Chart.Series> slippageLines = panels.stream().flatMap(c -> c.series().stream()).toList();
        assertThat(slippageLines).hasSize(sums.size());
        for (Chart panel : panels) {
            assertThat(panel.series()).as(panel.file()).allSatisfy(line ->
                    assertThat(line.name()).startsWith(panel.title() + ":"));
        }
        for (Chart.Series s : slippageLines) {
            for (int i = 0; i < s.x().length; i++) {
                double[] acc = sums.get(s.name()).get(Math.round(s.x()[i]));
                assertThat(s.y()[i]).isCloseTo(acc[0] / acc[1], within(1e-9));
            }
        }

        // ranking: the latest window's instruments in overall-rank order, with their ranks
        List<Row> latest = sql.query("SELECT * FROM market_ranking");
        Instant last = latest.stream().map(r -> (Instant) r.getField("event_time")).max(Comparator.naturalOrder())
                .orElseThrow();
        List<Row> ranked = latest.stream().filter(r -> r.getField("event_time").equals(last))
                .sorted(Comparator.comparingInt(r -> (Integer) r.getField("overall_rank"))).toList();
        Chart ranking = byFile.get("market_ranking");
        assertThat(ranking.categories()).containsExactlyElementsOf(
                ranked.stream().map(r -> r.getField("venue") + ":" + r.getField("symbol")).toList());
        // taller is better: the score is the number ranked + 1 - the rank
        assertThat(series(ranking, "traded volume").y()).containsExactly(ranked.stream()
                .mapToDouble(r -> ranked.size() + 1 - (Integer) r.getField("volume_rank")).toArray());
        assertThat(series(ranking, "overall").y()).as("the best first, tallest").isSortedAccordingTo(
                Comparator.reverseOrder());
    }

    @Test
    void momentumEntriesFollowASustainedImbalanceOfTheirSignAndTakeLiquidity() throws Exception {
        List<Row> entries = sql.query("SELECT venue, symbol, side, event_time FROM order_intents "
                + "WHERE strategy = 'imbalance-momentum' AND reason LIKE '%momentum entry' AND accepted");
        assertThat(entries).as("momentum entries (the planted order-flow runs)").isNotEmpty();
        List<Row> sustained = sql.query("SELECT venue, symbol, event_time, imbalance_end FROM patterns "
                + "WHERE pattern_name = 'sustained_imbalance'");
        for (Row e : entries) {
            Instant at = (Instant) e.getField("event_time");
            boolean buy = "BUY".equals(e.getField("side"));
            assertThat(sustained).as("a %s sustained imbalance on %s:%s ending within 10 s before %s",
                            buy ? "bid" : "offer", e.getField("venue"), e.getField("symbol"), at)
                    .anySatisfy(p -> {
                        assertThat(p.getField("venue")).isEqualTo(e.getField("venue"));
                        assertThat(p.getField("symbol")).isEqualTo(e.getField("symbol"));
                        // the trigger matches every sample, the table's CEP drops the samples behind the
                        // watermark: after late data the same episode may end a sample or two apart in the two
                        Instant end = (Instant) p.getField("event_time");
                        assertThat(end).isBetween(at.minusSeconds(10), at.plusSeconds(1));
                        assertThat((Double) p.getField("imbalance_end") > 0).isEqualTo(buy);
                    });
        }
        assertThat(sql.query("SELECT * FROM order_intents WHERE strategy = 'imbalance-momentum' "
                + "AND reason LIKE 'exit%'")).as("exits (held 5 s or turned)").isNotEmpty();
        assertThat(sql.query("SELECT * FROM fills WHERE strategy = 'imbalance-momentum' AND maker"))
                .as("IOC orders at the opposite touch only take").isEmpty();
    }

    /** Every pair order of the venue between the two times belongs to the same decision (its text ends alike). */
    private static boolean oneDecision(List<Row> pairOrders, Object venue, Instant a, Instant b, String decision) {
        Instant from = a.isBefore(b) ? a : b;
        Instant to = a.isBefore(b) ? b : a;
        return pairOrders.stream().filter(r -> r.getField("venue").equals(venue)
                        && !((Instant) r.getField("event_time")).isBefore(from)
                        && !((Instant) r.getField("event_time")).isAfter(to))
                .allMatch(r -> r.getField("reason").toString().endsWith(decision));
    }

    @Test
    void pairTradesEnterBothLegsOppositeWaysSizedByBeta() throws Exception {
        List<Row> legs = sql.query("SELECT venue, symbol, side, event_time, price, quantity, reason "
                + "FROM order_intents WHERE strategy = 'pair-mean-reversion' AND reason LIKE 'pair _ leg%' "
                + "ORDER BY venue, event_time");
        assertThat(legs).as("pair entries").isNotEmpty();
        List<Row> pairOrders = sql.query("SELECT venue, event_time, reason FROM order_intents "
                + "WHERE strategy = 'pair-mean-reversion'"); // entries and exits
        Instant lastDecision = (Instant) sql.query("SELECT MAX(event_time) FROM order_intents").get(0).getField(0);
        int checked = 0;
        java.util.Set<String> decisions = new java.util.HashSet<>();
        for (Row y : legs) {
            if (isBtc(y.getField("symbol"))) {
                continue;
            }
            Instant at = (Instant) y.getField("event_time");
            String reason = (String) y.getField("reason");
            double beta = Double.parseDouble(reason.substring(reason.indexOf("beta ") + 5));
            String decision = reason.substring(reason.indexOf(": z")); // the same z and beta on both legs
            if (!decisions.add(y.getField("venue") + decision)) {
                continue; // a later order of the same decision: the rest of a partly filled leg
            }
            // the x legs of this decision: same z and beta, with no other pair decision on the venue (entry or exit)
            // between them and this y leg. Each leg trades when its own book next moves, so the two may be seconds
            // apart on a quiet book; the first x order is the whole leg, later ones carry the rest of a partial fill
            Instant yAt = at;
            Row x = legs.stream().filter(r -> r.getField("venue").equals(y.getField("venue"))
                            && isBtc(r.getField("symbol")) && r.getField("reason").toString().endsWith(decision)
                            && oneDecision(pairOrders, y.getField("venue"), yAt, (Instant) r.getField("event_time"),
                                    decision))
                    .min(java.util.Comparator.comparing(r -> (Instant) r.getField("event_time"))).orElse(null);
            if (x == null) { // only a decision in the market's last seconds may lack its other leg
                assertThat(at).as("y leg without an x leg: %s", y).isAfter(lastDecision.minusSeconds(2));
                continue;
            }
            assertThat(x.getField("side")).isNotEqualTo(y.getField("side"));
            double notionalY = ((BigDecimal) y.getField("price")).multiply((BigDecimal) y.getField("quantity"))
                    .doubleValue();
            double notionalX = ((BigDecimal) x.getField("price")).multiply((BigDecimal) x.getField("quantity"))
                    .doubleValue();
            if (Math.abs(notionalY - 2_000) < 20) { // a whole entry (not the rest of a partly filled leg)
                // within 5%, or one lot (0.0001) of x where beta is small and the x leg only a few lots
                double lotNotional = ((BigDecimal) x.getField("price")).doubleValue() * 0.0001;
                assertThat(notionalX).as("x notional of %s", reason)
                        .isCloseTo(beta * notionalY, within(Math.max(0.05 * beta * notionalY, lotNotional)));
                checked++;
            }
        }
        assertThat(checked).as("whole pair entries checked").isPositive();
        List<Row> predicted = sql.query("SELECT predicted_maker_share FROM order_intents");
        assertThat(predicted).isNotEmpty().allSatisfy(r -> assertThat((Double) r.getField(0)).isBetween(0.0, 1.0));
        assertThat(sql.query("SELECT * FROM fills WHERE strategy = 'imbalance' AND maker"))
                .as("resting orders fill as maker through the queue").isNotEmpty();
    }


    @Test
    void theMidPredictorEntersCancelsTakesProfitAndStopsOutOnPaper() throws Exception {
        List<Row> orders = sql.query("SELECT client_order_id, status, reason, order_type FROM orders "
                + "WHERE strategy = 'mid-predictor'");
        java.util.function.Function<String, Long> count = prefix -> orders.stream()
                .filter(o -> o.getField("reason") != null && o.getField("reason").toString().startsWith(prefix)).count();
        assertThat(count.apply("entry: predicted")).as("entries").isPositive();
        assertThat(count.apply("take-profit ")).as("take-profits placed").isPositive();
        assertThat(count.apply("entry not filled within 10 s")).as("10-second cancels").isPositive();
        assertThat(count.apply("stop-out")).as("stop-outs").isPositive();
        // take-profits that filled: a take-profit order id with a FILLED row
        java.util.Set<String> tps = new java.util.HashSet<>();
        java.util.Set<String> filled = new java.util.HashSet<>();
        for (Row o : orders) {
            String id = (String) o.getField("client_order_id");
            if (o.getField("reason") != null && o.getField("reason").toString().startsWith("take-profit ")) {
                tps.add(id);
            }
            if ("FILLED".equals(o.getField("status"))) {
                filled.add(id);
            }
        }
        tps.retainAll(filled);
        assertThat(tps).as("take-profits filled").isNotEmpty();
        assertThat(sql.query("SELECT * FROM positions WHERE strategy = 'mid-predictor'")).isNotEmpty();
        // PnL is marked on the first book of each period (10 s in the test demo): every instrument whose books
        // crossed a period after its first fill has a mark
        List<Row> pnl = sql.query("SELECT venue, symbol FROM pnl WHERE strategy = 'mid-predictor'");
        int marked = 0;
        for (Row f : sql.query("SELECT venue, symbol, MIN(event_time) AS first_fill FROM fills "
                + "WHERE strategy = 'mid-predictor' GROUP BY venue, symbol")) {
            Instant lastBook = (Instant) sql.query("SELECT MAX(event_time) FROM bbo WHERE venue = '"
                    + f.getField("venue") + "' AND symbol = '" + f.getField("symbol") + "'").get(0).getField(0);
            if (lastBook.getEpochSecond() / 10 > ((Instant) f.getField("first_fill")).getEpochSecond() / 10) {
                assertThat(pnl).as("a PnL mark of %s", f).anySatisfy(p -> {
                    assertThat(p.getField("venue")).isEqualTo(f.getField("venue"));
                    assertThat(p.getField("symbol")).isEqualTo(f.getField("symbol"));
                });
                marked++;
            }
        }
        assertThat(marked).as("instruments whose fills a PnL mark followed").isPositive();
    }

    /**
     * The fill probability each mid-predictor entry was weighed by (in its reason), against what then happened to
     * it in the tables: whether the paper exchange, matching against the simulated market, filled it within 10 s
     * (its first row in {@code fills}). Entries priced by a model that has learned from 10 orders or more are
     * calibrated in the large.
     */
    @Test
    void entriesFillAsOftenAsTheFillModelSaid() throws Exception {
        java.util.regex.Pattern said = java.util.regex.Pattern.compile(
                "fill probability ([0-9.]+) in 10 s \\((?:prior, not yet used: )?learned from (\\d+) orders\\)");
        Map<String, Instant> firstFill = new HashMap<>();
        for (Row f : sql.query("SELECT client_order_id, MIN(event_time) AS t FROM fills "
                + "WHERE strategy = 'mid-predictor' GROUP BY client_order_id")) {
            firstFill.put((String) f.getField("client_order_id"), (Instant) f.getField("t"));
        }
        int learned = 0;
        int filledWithin = 0;
        double predicted = 0;
        int entries = 0;
        for (Row o : sql.query("SELECT client_order_id, event_time, reason FROM orders WHERE strategy = "
                + "'mid-predictor' AND status = 'ACKED' AND reason LIKE 'entry: predicted%'")) {
            java.util.regex.Matcher m = said.matcher((String) o.getField("reason"));
            assertThat(m.find()).as("an entry says its fill probability: %s", o.getField("reason")).isTrue();
            entries++;
            if (Integer.parseInt(m.group(2)) < 10) {
                continue; // still mostly the prior
            }
            Instant fill = firstFill.get((String) o.getField("client_order_id"));
            learned++;
            predicted += Double.parseDouble(m.group(1));
            if (fill != null && !fill.isAfter(((Instant) o.getField("event_time")).plusSeconds(10))) {
                filledWithin++;
            }
        }
        System.out.printf("mid-predictor entries %d, %d priced by a fill model that learned from 10 orders or more: "
                + "predicted %.3f, filled within 10 s %.3f%n", entries, learned, predicted / learned,
                (double) filledWithin / learned);
        assertThat(learned).as("entries priced by a fill model that has learned").isGreaterThanOrEqualTo(15);
        double rate = (double) filledWithin / learned;
        double standardError = Math.sqrt(Math.max(rate * (1 - rate), 0.05) / learned);
        assertThat(predicted / learned).as("mean predicted fill probability against the realized rate")
                .isCloseTo(rate, org.assertj.core.api.Assertions.within(3 * standardError + 0.05));
    }

    @Test
    void trainingSolvesTheLeastSquaresProblemAndTheStrategyStartsFromTheModel(@TempDir Path dir) throws Exception {
        ModelTrainer.Samples samples = ModelTrainer.samples(sql, 10, null);
        // as many samples as (instrument, second) pairs of two-sided rows recorded 10 s apart, counted here
        java.util.Set<String> twoSided = new java.util.HashSet<>();
        for (Row r : sql.query("SELECT venue, symbol, event_time FROM book_top10_1s "
                + "WHERE bid_px_1 IS NOT NULL AND ask_px_1 IS NOT NULL")) {
            twoSided.add(r.getField("venue") + ":" + r.getField("symbol") + "@"
                    + ((Instant) r.getField("event_time")).getEpochSecond());
        }
        long pairs = twoSided.stream().filter(k -> {
            int at = k.lastIndexOf('@');
            return twoSided.contains(k.substring(0, at + 1) + (Long.parseLong(k.substring(at + 1)) + 10));
        }).count();
        assertThat((long) samples.targets().size()).isEqualTo(pairs).isGreaterThan(300);
        MidPredictorModel model = ModelTrainer.train(samples, 10);
        // the ridge normal equations (X'X + I/100) b = X'y, solved directly by Commons Math
        int d = model.coefficients().length;
        double[][] a = new double[d][d + 1];
        for (int i = 0; i < samples.targets().size(); i++) {
            double[] x = samples.features().get(i);
            for (int r = 0; r < d; r++) {
                a[r][d] += x[r] * samples.targets().get(i);
                for (int c = 0; c < d; c++) {
                    a[r][c] += x[r] * x[c];
                }
            }
        }
        for (int r = 0; r < d; r++) {
            a[r][r] += 1 / 100.0;
        }
        double[] direct = solveAugmented(a);
        for (int i = 0; i < d; i++) {
            assertThat(model.coefficients()[i]).as("coefficient " + i)
                    .isCloseTo(direct[i], within(1e-6 * Math.max(1, Math.abs(direct[i]))));
        }
        Path file = dir.resolve("mid.model");
        model.write(file);
        MidPredictorModel back = MidPredictorModel.read(file);
        assertThat(back.coefficients()).containsExactly(model.coefficients());
        assertThat(back.covariance()).containsExactly(model.covariance());
        // the strategy starts from the trained coefficients, then learns on
        io.orderflow.execution.state.TradingState state = new io.orderflow.execution.state.TradingState();
        MidPredictorStrategy.defaults(2_000).withModel(back).onBook(new io.orderflow.model.BookTop("v", "S",
                1_700_000_000_000L, 0, 1, io.orderflow.model.PriceLevels.wrap(new long[] {100_00000000L},
                new long[] {100000000L}), io.orderflow.model.PriceLevels.wrap(new long[] {100_10000000L},
                new long[] {100000000L}), true), state);
        assertThat(java.util.Arrays.copyOf(state.memory().numbers(), d)).containsExactly(model.coefficients());
    }

    @Test
    void trainScoresLeastSquaresAndTheLassoOnlyOnSecondsAfterEverythingTheyLearnedFrom(@TempDir Path dir)
            throws Exception {
        ModelTrainer.Samples samples = ModelTrainer.samples(sql, 10, null);
        ModelTrainer.Selection selection = ModelTrainer.select(samples, 10);
        var r = selection.result();
        // the same split recomputed here: samples in time order, the holdout the last fifth of the span, training
        // whatever second ends its 10 s target before the holdout starts
        int n = samples.targets().size(), d = samples.features().get(0).length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparing(samples.seconds()::get));
        long first = samples.seconds().get(order[0]), last = samples.seconds().get(order[n - 1]);
        long holdoutSecond = first + Math.round((last - first) * 0.8);
        List<double[]> trainX = new ArrayList<>(), testX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>(), testY = new ArrayList<>();
        for (Integer i : order) {
            long t = samples.seconds().get(i);
            double[] x = java.util.Arrays.copyOfRange(samples.features().get(i), 1, d);
            if (t < holdoutSecond - 10) {
                trainX.add(x);
                trainY.add(samples.targets().get(i));
            } else if (t >= holdoutSecond) {
                testX.add(x);
                testY.add(samples.targets().get(i));
            }
        }
        assertThat(r.trainSamples()).isEqualTo(trainX.size());
        assertThat(r.leastSquares().samples()).isEqualTo(testX.size()).isGreaterThan(50);
        // least squares by Commons Math (an outside reference), scored by the definitions written out here
        var ols = new org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression();
        ols.newSampleData(trainY.stream().mapToDouble(Double::doubleValue).toArray(), trainX.toArray(double[][]::new));
        double[] b = ols.estimateRegressionParameters();
        double trainMean = trainY.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sse = 0, sst = 0;
        int moved = 0, hits = 0, naiveHits = 0;
        for (int i = 0; i < testX.size(); i++) {
            double forecast = b[0];
            for (int j = 0; j < testX.get(i).length; j++) {
                forecast += b[j + 1] * testX.get(i)[j];
            }
            double y = testY.get(i);
            sse += (y - forecast) * (y - forecast);
            sst += (y - trainMean) * (y - trainMean);
            if (y != 0) {
                moved++;
                hits += Math.signum(forecast) == Math.signum(y) ? 1 : 0;
                naiveHits += Math.signum(testX.get(i)[0]) == Math.signum(y) ? 1 : 0;
            }
        }
        assertThat(r.leastSquares().r2()).isCloseTo(1 - sse / sst, within(1e-6));
        assertThat(r.leastSquares().hitRate()).isCloseTo((double) hits / moved, within(1e-12));
        assertThat(selection.naiveHitRate()).isCloseTo((double) naiveHits / moved, within(1e-12));
        // λ from the path, chosen by the folds; the lasso's figures on the same holdout, never better than a
        // perfect forecast and never claiming a feature the fit does not use
        assertThat(r.path()).contains(r.lambda());
        assertThat(r.lasso().samples()).isEqualTo(testX.size());
        assertThat(r.lasso().r2()).isLessThan(1);
        assertThat(r.lasso().hitRate()).isBetween(0.0, 1.0);
        assertThat(r.lassoFit().nonZero()).isBetween(0, d - 1);
        String report = selection.describe(10);
        assertThat(report).contains("OLS", "LASSO", "naive sign(imbalance_1)", "R2 out-of-s.", "hit rate")
                .contains(String.format(java.util.Locale.ROOT, "%.5f", r.leastSquares().r2()));
        // the lasso model file: the lasso refitted on every sample at that λ, loadable by the strategy
        MidPredictorModel model = ModelTrainer.train(samples, 10, ModelTrainer.Fit.LASSO, r.lambda());
        // through the command line, as a user runs it: the report, then the lasso written
        Path file = dir.resolve("lasso.model");
        String out = cli("train", "--warehouse", DemoRun.get().warehouse.toString(), "--out", file.toString());
        assertThat(out).contains(report).contains("wrote LASSO");
        assertThat(MidPredictorModel.read(file).coefficients()).containsExactly(model.coefficients());
    }

    @Test
    void scheduleEstimatesAlmgrenChrissFromTheTablesAndReplaysTheParentOrderOnTheRecordedBooks() throws Exception {
        String instrument = "okx:BTC-USDT";
        ExecutionPlanner.Parameters p = ExecutionPlanner.parameters(sql, instrument);
        // the slippage regression against Commons Math's least squares on the rows read here
        List<Row> walks = sql.query("SELECT order_notional, depth, volatility_bps, spread_bps, slippage_bps "
                + "FROM slippage WHERE venue = 'okx' AND symbol = 'BTC-USDT' AND NOT partial "
                + "AND slippage_bps IS NOT NULL AND depth > 0");
        double[][] x = new double[walks.size()][];
        double[] y = new double[walks.size()];
        for (int i = 0; i < y.length; i++) {
            Row w = walks.get(i);
            x[i] = new double[] {(Double) w.getField(0) / (Double) w.getField(1), (Double) w.getField(2),
                    (Double) w.getField(3)};
            y[i] = (Double) w.getField(4);
        }
        var ols = new org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] b = ols.estimateRegressionParameters();
        double[] se = ols.estimateRegressionParametersStandardErrors();
        assertThat(p.slippage().fit().samples()).isEqualTo(y.length);
        for (int j = 0; j < b.length; j++) {
            assertThat(p.slippage().fit().coefficients()[j]).isCloseTo(b[j], within(1e-9 + 1e-6 * Math.abs(b[j])));
            assertThat(p.slippage().fit().standardErrors()[j]).isCloseTo(se[j], within(1e-9 + 1e-6 * se[j]));
        }
        assertThat(p.slippage().fit().rSquared()).isCloseTo(ols.calculateRSquared(), within(1e-9));
        // walking deeper costs more: the size slope is positive, many standard errors from 0
        assertThat(p.slippage().fit().tStatistic(1)).isGreaterThan(5);
        assertThat(p.impactPerShare()).isPositive();
        assertThat(p.sigma()).isPositive();
        // γ counts only when the data tell it from 0: else the model could have no optimum (η̃ ≤ 0)
        assertThat(p.gamma()).isEqualTo(p.permanentImpact().tStatistic(1) >= 3 ? p.permanentImpact().coefficients()[1]
                : 0.0);

        double lambda = 1e-7;
        ExecutionPlanner.Plan plan = ExecutionPlanner.plan(p, false, 100_000, 10, 5, lambda);
        assertThat(plan.quantity()).isCloseTo(100_000 / p.mid(), within(1e-12));
        assertThat(java.util.Arrays.stream(plan.trades()).sum()).isCloseTo(plan.quantity(), within(1e-9));
        // κ solves the paper's discrete equation (2/τ²)(cosh κτ − 1) = λσ²/η̃, with η = k·τ and η̃ = η − γτ/2
        double tau = 2, etaTilde = p.impactPerShare() * tau - 0.5 * p.gamma() * tau;
        assertThat(2 / (tau * tau) * (Math.cosh(plan.kappa() * tau) - 1))
                .isCloseTo(lambda * p.sigma() * p.sigma() / etaTilde, within(1e-9 * lambda * p.sigma() * p.sigma() / etaTilde));
        // a risk-averse seller trades front-loaded
        for (int k = 1; k < plan.slices(); k++) {
            assertThat(plan.trades()[k]).isLessThan(plan.trades()[k - 1]);
        }

        ExecutionPlanner.Backtest backtest = ExecutionPlanner.backtest(sql, p, plan);
        assertThat(backtest.scheduled()).hasSizeGreaterThanOrEqualTo(3).hasSameSizeAs(backtest.twap());
        // every run recomputed here from the book_top10_1s rows: child k sells into the bids of the book recorded
        // at second start + 2k (or the latest up to 2 s before), cost against the mid at the start
        Map<Long, Row> books = new TreeMap<>();
        for (Row r : sql.query("SELECT * FROM book_top10_1s WHERE venue = 'okx' AND symbol = 'BTC-USDT' "
                + "AND bid_px_1 IS NOT NULL AND ask_px_1 IS NOT NULL")) {
            books.put(((Instant) r.getField("event_time")).getEpochSecond(), r);
        }
        TreeMap<Long, Row> bySecond = new TreeMap<>(books);
        for (ExecutionPlanner.Run run : backtest.scheduled()) {
            Row arrival = bySecond.get(run.startSecond());
            double mid = (((BigDecimal) arrival.getField("bid_px_1")).doubleValue()
                    + ((BigDecimal) arrival.getField("ask_px_1")).doubleValue()) / 2;
            double received = 0, sold = 0;
            for (int k = 0; k < plan.slices(); k++) {
                Map.Entry<Long, Row> at = bySecond.floorEntry(run.startSecond() + 2L * k);
                assertThat(run.startSecond() + 2L * k - at.getKey()).isLessThanOrEqualTo(2);
                double left = plan.trades()[k];
                for (int level = 1; level <= 10 && left > 1e-12; level++) {
                    BigDecimal px = (BigDecimal) at.getValue().getField("bid_px_" + level);
                    BigDecimal sz = (BigDecimal) at.getValue().getField("bid_sz_" + level);
                    if (px == null) {
                        break;
                    }
                    double take = Math.min(left, sz.doubleValue());
                    received += take * px.doubleValue();
                    sold += take;
                    left -= take;
                }
            }
            assertThat(run.costBps()).as("run from %d", run.startSecond())
                    .isCloseTo((mid - received / sold) / mid * 1e4, within(1e-6));
        }
        // through the command line, as a user runs it: the schedule table and its realized cost
        String out = cli("schedule", "--warehouse", DemoRun.get().warehouse.toString(), "--instrument", instrument,
                "--side", "sell", "--horizon", "10s", "--slices", "5");
        assertThat(out).contains("slippage regression", "notional/depth", "adjusted R2", "Almgren-Chriss parameters",
                "kappa*T", "AC quantity", "realized mean")
                .contains(String.format(java.util.Locale.ROOT, "%d runs", backtest.scheduled().size()));
    }

    /**
     * {@code --schedule ac} live: parameters estimated from the demo's tables by {@code schedule --save-params}, a
     * second market run with them, its entries worked in children. Held to the Almgren–Chriss paper: the children
     * are the differences of its closed-form holdings x(t) = X·sinh(κ(T − t))/sinh(κT) (to a unit), κ solves its
     * discrete equation, the model cost is its E[x]; and to the tables: each child left as a market order when due
     * while the strategy waited, and the realized cost {@code execution_cost.sql} prints is the fills' own.
     */
    @Test
    void aLiveScheduleWorksEntriesOnTheAlmgrenChrissTrajectoryAndTheTableSaysWhatTheyCost(@TempDir Path dir)
            throws Exception {
        Path params = dir.resolve("ac.params");
        cli("schedule", "--warehouse", DemoRun.get().warehouse.toString(), "--instrument", "okx:BTC-USDT",
                "--horizon", "10s", "--slices", "5", "--save-params", params.toString());
        double lambda = 1e-7;
        io.orderflow.execution.schedule.ExecutionSchedule schedule = new io.orderflow.execution.schedule
                .ExecutionSchedule(20, java.time.Duration.ofSeconds(10), 5, lambda,
                io.orderflow.execution.schedule.AcParameters.load(params));
        io.orderflow.job.iceberg.IcebergOutput output = new io.orderflow.job.iceberg.IcebergOutput(
                dir.resolve("warehouse").toString(), "orderflow");
        new Demo(output, 10, 6, JobSettings.defaults().withCheckpointInterval(java.time.Duration.ofSeconds(1))
                .withSchedule(schedule), System.out, List.of(Demo.DemoVenue.of("okx"))).run(() -> {
                    org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                            org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                                    .getExecutionEnvironment();
                    env.setParallelism(2);
                    return env;
                });
        SqlRunner live = new SqlRunner(output);

        Map<String, List<Row>> parents = new TreeMap<>();
        for (Row r : live.query("SELECT * FROM execution_schedule")) {
            parents.computeIfAbsent((String) r.getField("parent_id"), k -> new ArrayList<>()).add(r);
        }
        assertThat(parents).as("scheduled entries").hasSizeGreaterThanOrEqualTo(3);
        Map<String, Row> orders = new HashMap<>();
        for (Row o : live.query("SELECT client_order_id, strategy, symbol, event_time, order_type, reason, status "
                + "FROM orders WHERE status <> 'FILLED'")) {
            orders.putIfAbsent((String) o.getField("client_order_id"), o);
        }
        Map<String, double[]> fills = new HashMap<>(); // child id → {quantity, notional}
        for (Row f : live.query("SELECT client_order_id, price, quantity FROM fills")) {
            double[] v = fills.computeIfAbsent((String) f.getField("client_order_id"), k -> new double[2]);
            double q = ((BigDecimal) f.getField("quantity")).doubleValue();
            v[0] += q;
            v[1] += q * ((BigDecimal) f.getField("price")).doubleValue();
        }
        Map<String, Double> realized = new HashMap<>();
        for (Row r : live.query(Files.readString(Path.of("..", "..", "sql", "queries", "execution_cost.sql")))) {
            realized.put((String) r.getField("parent_id"), (Double) r.getField("realized_cost_bps"));
        }
        int worked = 0;
        for (Map.Entry<String, List<Row>> e : parents.entrySet()) {
            List<Row> slices = e.getValue();
            slices.sort(Comparator.comparing(r -> (Integer) r.getField("slice")));
            Row first = slices.get(0);
            assertThat(slices).extracting(r -> (Integer) r.getField("slice")).containsExactly(1, 2, 3, 4, 5);
            long total = ((BigDecimal) first.getField("parent_quantity")).movePointRight(8).longValueExact();
            double kappa = (Double) first.getField("kappa");
            double sigma = (Double) first.getField("sigma");
            double eta = (Double) first.getField("eta");
            double gamma = (Double) first.getField("gamma");
            double epsilon = (Double) first.getField("epsilon");
            double tau = 2;
            double etaTilde = eta - 0.5 * gamma * tau;
            assertThat(2 / (tau * tau) * (Math.cosh(kappa * tau) - 1)).as("the paper's discrete kappa")
                    .isCloseTo(lambda * sigma * sigma / etaTilde, within(1e-9 * lambda * sigma * sigma / etaTilde));
            long sum = 0;
            double x = total / 1e8;
            double expected = 0.5 * gamma * x * x;
            for (int k = 0; k < 5; k++) {
                long child = ((BigDecimal) slices.get(k).getField("child_quantity")).movePointRight(8).longValueExact();
                double heldBefore = x * Math.sinh(kappa * (10 - k * tau)) / Math.sinh(kappa * 10);
                double heldAfter = x * Math.sinh(kappa * (10 - (k + 1) * tau)) / Math.sinh(kappa * 10);
                assertThat((double) child).as("child %d of %s", k + 1, e.getKey())
                        .isCloseTo((heldBefore - heldAfter) * 1e8, within(2.0));
                sum += child;
                expected += epsilon * child / 1e8 + etaTilde / tau * Math.pow(child / 1e8, 2);
                assertThat(((Instant) slices.get(k).getField("scheduled_at")).toEpochMilli() - ((Instant) first
                        .getField("event_time")).toEpochMilli()).isEqualTo(k * 2_000L);
            }
            assertThat(sum).as("the children add up to the parent exactly").isEqualTo(total);
            double arrival = ((BigDecimal) first.getField("arrival_mid")).doubleValue();
            assertThat((Double) first.getField("model_cost_bps")).as("E[x] of the paper, in bps")
                    .isCloseTo(expected / (x * arrival) * 1e4, within(1e-9));

            double quantity = 0;
            double notional = 0;
            for (Row slice : slices) {
                String child = (String) slice.getField("child_order_id");
                Row order = orders.get(child);
                if (order == null) {
                    continue; // due after the market ended
                }
                assertThat(order.getField("order_type")).isEqualTo("MARKET");
                assertThat((String) order.getField("reason")).isEqualTo("ac slice " + slice.getField("slice")
                        + "/5 of parent " + e.getKey());
                long late = ((Instant) order.getField("event_time")).toEpochMilli()
                        - ((Instant) slice.getField("scheduled_at")).toEpochMilli();
                assertThat(late).as("a child leaves on the first book it is due").isBetween(0L, 1_000L);
                double[] f = fills.get(child);
                if (f != null) {
                    quantity += f[0];
                    notional += f[1];
                }
            }
            if (quantity > 0) {
                double sign = "BUY".equals(first.getField("side")) ? 1 : -1;
                assertThat(realized.get(e.getKey())).as("execution_cost.sql for %s", e.getKey())
                        .isCloseTo(sign * (notional / quantity - arrival) / arrival * 1e4, within(1e-6));
                worked++;
            }
            // the strategy waited: none of its own orders on the instrument while the parent was worked
            long from = ((Instant) first.getField("event_time")).toEpochMilli();
            long to = ((Instant) slices.get(4).getField("scheduled_at")).toEpochMilli();
            java.util.Set<String> children = new java.util.HashSet<>();
            slices.forEach(r -> children.add((String) r.getField("child_order_id")));
            for (Row o : orders.values()) {
                long at = ((Instant) o.getField("event_time")).toEpochMilli();
                if (o.getField("strategy").equals(first.getField("strategy"))
                        && o.getField("symbol").equals(first.getField("symbol")) && at > from && at < to) {
                    assertThat(children).as("an order of %s while its parent was worked: %s", first.getField(
                            "strategy"), o).contains((String) o.getField("client_order_id"));
                }
            }
        }
        assertThat(worked).as("parents with fills").isGreaterThanOrEqualTo(3);
        assertThat(realized).hasSize(worked);
    }

    @Test
    void stoikovsMicroPriceForecastsTheMidBetterThanTheMidAndTheWeightedMidOnEveryVenue() throws Exception {
        // Stoikov (2018) judges a micro-price by how well it forecasts the mid after the next mid changes; six are
        // close to the limit it estimates. Errors in bps of the mid, pooled over each venue's instruments, against
        // the mid the book_features rows themselves show six changes later (in the order the book applied them)
        Map<String, List<Row>> byInstrument = new TreeMap<>();
        for (Row r : sql.query("SELECT venue, symbol, event_time, update_id, mid, weighted_mid, stoikov_microprice "
                + "FROM book_features")) {
            byInstrument.computeIfAbsent(r.getField("venue") + ":" + r.getField("symbol"), k -> new ArrayList<>()).add(r);
        }
        Map<String, double[]> errors = new TreeMap<>(); // venue → {Σ mid², Σ weighted mid², Σ micro-price², n}
        Map<String, Integer> priced = new TreeMap<>();
        for (Map.Entry<String, List<Row>> e : byInstrument.entrySet()) {
            List<Row> rows = e.getValue();
            rows.sort(Comparator.comparing((Row r) -> (Instant) r.getField("event_time"))
                    .thenComparing(r -> (Long) r.getField("update_id")));
            String venue = e.getKey().substring(0, e.getKey().indexOf(':'));
            int j = 0;
            for (int i = 0; i < rows.size(); i++) {
                Double stoikov = (Double) rows.get(i).getField("stoikov_microprice");
                if (stoikov == null) {
                    continue;
                }
                priced.merge(e.getKey(), 1, Integer::sum);
                double mid = (Double) rows.get(i).getField("mid");
                j = i;
                double current = mid;
                int changes = 0;
                while (changes < 6 && j + 1 < rows.size()) {
                    double next = (Double) rows.get(++j).getField("mid");
                    if (next != current) {
                        changes++;
                        current = next;
                    }
                }
                if (changes < 6) {
                    break;
                }
                double[] v = errors.computeIfAbsent(venue, k -> new double[4]);
                v[0] += Math.pow((current - mid) / mid * 1e4, 2);
                v[1] += Math.pow((current - (Double) rows.get(i).getField("weighted_mid")) / mid * 1e4, 2);
                v[2] += Math.pow((current - stoikov) / mid * 1e4, 2);
                v[3]++;
            }
        }
        assertThat(priced.keySet()).as("instruments priced once the model had learned").isEqualTo(byInstrument.keySet());
        for (Map.Entry<String, double[]> e : errors.entrySet()) {
            double[] v = e.getValue();
            System.out.printf(java.util.Locale.ROOT, "micro-price %s: MSE against the mid 6 changes later, relative to "
                    + "the mid's: weighted mid %.3f, Stoikov %.3f (%d rows)%n", e.getKey(), v[1] / v[0], v[2] / v[0],
                    (long) v[3]);
            assertThat(v[3]).as(e.getKey()).isGreaterThan(300);
            assertThat(v[2]).as("%s: Stoikov's squared error against the mid's", e.getKey()).isLessThan(v[0]);
            assertThat(v[2]).as("%s: Stoikov's squared error against the weighted mid's", e.getKey()).isLessThan(v[1]);
        }
        assertThat(errors).hasSize(Demo.ALL_VENUES.size());
    }

    /** Runs a command as a user types it; fails unless it exits 0; returns what it printed on stdout. */
    private static String cli(String... args) {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = io.orderflow.job.cli.OrderflowCli.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        return out;
    }

    /** Solves the augmented system [A | b] with Apache Commons Math's LU decomposition (an outside reference). */
    private static double[] solveAugmented(double[][] augmented) {
        int d = augmented.length;
        double[][] a = new double[d][];
        double[] b = new double[d];
        for (int r = 0; r < d; r++) {
            a[r] = java.util.Arrays.copyOf(augmented[r], d);
            b[r] = augmented[r][d];
        }
        return new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().solve(new ArrayRealVector(b)).toArray();
    }

    @Test
    void liveModeCanSubscribeToTheBestRankedInstruments() throws Exception {
        List<Row> latest = sql.query("SELECT symbol, overall_rank, event_time FROM market_ranking WHERE venue = 'okx'");
        Instant last = latest.stream().map(r -> (Instant) r.getField("event_time")).max(Comparator.naturalOrder())
                .orElseThrow();
        String best = latest.stream().filter(r -> r.getField("event_time").equals(last))
                .min(Comparator.comparingInt(r -> (Integer) r.getField("overall_rank"))).orElseThrow()
                .getField("symbol").toString();
        assertThat(RankedSymbols.top(sql, "okx", 1)).containsExactly(best);
        assertThat(RankedSymbols.top(sql, "okx", 5)).containsExactlyInAnyOrder("BTC-USDT", "ETH-USDT");
        assertThatThrownBy(() -> RankedSymbols.top(sql, "no-such-venue", 1)).hasMessageContaining("--symbols");
    }

    private static Chart.Series series(Chart chart, String name) {
        return chart.series().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
