package io.orderflow.job.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.features.FeatureSample;
import io.orderflow.job.features.FeatureSampleSerializer;
import io.orderflow.job.signals.InstrumentSignals.Features;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import io.orderflow.job.records.PatternMatch;
import org.junit.jupiter.api.Test;

/**
 * Each pattern through Flink's CEP operator on a keyed test harness, in event time: what matches, what must not
 * (mixed signs, too slow), and the timeout of a blowout that never recovers.
 */
class PatternsTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void sustainedImbalanceNeedsOneSignForKSamplesWithinT() throws Exception {
        Pattern<FeatureSample, ?> p = Patterns.sustainedImbalance(0.6, 5, Duration.ofSeconds(2));
        // mixed signs first (no match), then five bid-heavy samples 100 ms apart (a match)
        List<PatternMatch> out = run(p, "sustained_imbalance", List.of(
                s(0, 0.7), s(100, 0.7), s(200, -0.7), s(300, 0.7), s(400, 0.2),
                s(1000, 0.8), s(1100, 0.7), s(1200, 0.9), s(1300, 0.65), s(1400, 0.7)), 5_000).matches;
        assertThat(out).hasSize(1);
        PatternMatch m = out.get(0);
        assertThat(m.pattern()).isEqualTo("sustained_imbalance");
        assertThat(m.events()).isEqualTo(5);
        assertThat(m.startMs()).isEqualTo(T0 + 1000);
        assertThat(m.endMs()).isEqualTo(T0 + 1400);
        assertThat(m.imbalanceStart()).isEqualTo(0.8);

        // the same five samples spread over 2.4 s: outside T, no match
        assertThat(run(p, "sustained_imbalance", List.of(s(0, 0.8), s(600, 0.8), s(1200, 0.8), s(1800, 0.8),
                s(2400, 0.8)), 10_000).matches).isEmpty();
    }

    @Test
    void imbalanceFlipNeedsTheOtherSideWithinT() throws Exception {
        Pattern<FeatureSample, ?> p = Patterns.imbalanceFlip(0.5, Duration.ofSeconds(1));
        List<PatternMatch> out = run(p, "imbalance_flip", List.of(s(0, 0.6), s(300, 0.1), s(600, -0.7)), 5_000).matches;
        assertThat(out).hasSize(1);
        assertThat(out.get(0).imbalanceStart()).isEqualTo(0.6);
        assertThat(out.get(0).imbalanceEnd()).isEqualTo(-0.7);
        assertThat(run(p, "imbalance_flip", List.of(s(0, 0.6), s(1500, -0.7)), 5_000).matches).isEmpty();
        assertThat(run(p, "imbalance_flip", List.of(s(0, 0.6), s(300, 0.9)), 5_000).matches)
                .as("same side is no flip").isEmpty();
    }

    @Test
    void liquidityWithdrawalIsDepthFallingByXWithinT() throws Exception {
        Pattern<FeatureSample, ?> p = Patterns.liquidityWithdrawal(0.5, Duration.ofSeconds(2));
        List<PatternMatch> out = run(p, "liquidity_withdrawal", List.of(
                depth(0, 100), depth(500, 80), depth(1000, 45)), 5_000).matches;
        assertThat(out).hasSize(1);
        assertThat(out.get(0).depthStart()).isEqualTo(100);
        assertThat(out.get(0).depthEnd()).isEqualTo(45);
        assertThat(run(p, "liquidity_withdrawal", List.of(depth(0, 100), depth(2500, 40)), 6_000).matches)
                .as("too slow").isEmpty();
        assertThat(run(p, "liquidity_withdrawal", List.of(depth(0, 100), depth(500, 60)), 5_000).matches)
                .as("only 40% withdrawn").isEmpty();
    }

    @Test
    void spreadBlowoutRecoversOrTimesOut() throws Exception {
        Pattern<FeatureSample, ?> p = Patterns.spreadBlowout(3, Duration.ofSeconds(3));
        Result recovered = run(p, "spread_blowout", List.of(spread(0, 1), spread(100, 5), spread(200, 6),
                spread(900, 1)), 10_000);
        assertThat(recovered.matches).hasSize(1);
        assertThat(recovered.matches.get(0).pattern()).isEqualTo("spread_blowout");
        // the match is onset and recovery (relaxed contiguity skips the wide samples between)
        assertThat(recovered.matches.get(0).spreadMaxBps()).isEqualTo(5);
        assertThat(recovered.matches.get(0).events()).isEqualTo(3);
        assertThat(recovered.timedOut).isEmpty();

        // wide for longer than T: no match, but a timed-out partial match, labelled unrecovered
        Result stuck = run(p, "spread_blowout", List.of(spread(0, 1), spread(100, 5), spread(1000, 5),
                spread(2000, 5), spread(3500, 1)), 10_000);
        assertThat(stuck.matches).isEmpty();
        assertThat(stuck.timedOut).hasSize(1);
        assertThat(stuck.timedOut.get(0).pattern()).isEqualTo("spread_blowout_unrecovered");
        assertThat(stuck.timedOut.get(0).startMs()).isEqualTo(T0);
    }

    record Result(List<PatternMatch> matches, List<PatternMatch> timedOut) {}

    private static Result run(Pattern<FeatureSample, ?> pattern, String name, List<FeatureSample> samples,
            long finalWatermarkOffset) throws Exception {
        CepOperator<FeatureSample, String, PatternMatch> operator = new CepOperator<>(FeatureSampleSerializer.INSTANCE,
                false, NFACompiler.compileFactory(pattern, true), null, pattern.getAfterMatchSkipStrategy(),
                new Patterns.ToMatches(name), null);
        try (KeyedOneInputStreamOperatorTestHarness<String, FeatureSample, PatternMatch> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(operator, s -> s.venue() + ":" + s.symbol(),
                        Types.STRING)) {
            harness.open();
            for (FeatureSample s : samples) {
                harness.processElement(new StreamRecord<>(s, s.timeMs()));
                harness.processWatermark(new Watermark(s.timeMs()));
            }
            harness.processWatermark(new Watermark(T0 + finalWatermarkOffset));
            ConcurrentLinkedQueue<StreamRecord<PatternMatch>> timedOut = harness.getSideOutput(Patterns.ToMatches.TIMED_OUT);
            return new Result(harness.extractOutputValues(),
                    timedOut == null ? List.of() : timedOut.stream().map(StreamRecord::getValue).toList());
        }
    }

    private static FeatureSample sample(long dt, double imbalance, double spread, double depth) {
        return new FeatureSample("venue", "BTC", new Features(T0 + dt, dt, 100, imbalance, 0, 100, 100, spread,
                depth / 2, depth / 2, 1, 100));
    }

    private static FeatureSample s(long dt, double imbalance) {
        return sample(dt, imbalance, 1, 100);
    }

    private static FeatureSample depth(long dt, double depth) {
        return sample(dt, 0, 1, depth);
    }

    private static FeatureSample spread(long dt, double spread) {
        return sample(dt, 0, spread, 100);
    }
}
