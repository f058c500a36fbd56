package io.orderflow.job.patterns;

import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.job.features.FeatureSample;
import io.orderflow.job.records.PatternMatch;
import io.orderflow.execution.strategy.ImbalanceTriggers.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The order-book patterns, each named and parameterized, matched by Flink CEP per instrument on the book features
 * sampled every 200 ms (a fixed cadence, so "k consecutive updates" means the same on a venue that sends one
 * message per level as on one that batches). Every pattern skips past its last event, so matches do not overlap.
 * <ul>
 *   <li>{@code sustained_imbalance}: |imbalance| beyond θ with one sign for k consecutive samples within T;</li>
 *   <li>{@code imbalance_flip}: beyond θ one way, then beyond θ the other way within T;</li>
 *   <li>{@code liquidity_withdrawal}: depth at or above its baseline, then fallen by x% within T;</li>
 *   <li>{@code spread_blowout}: the spread jumps from within to beyond k× its baseline, then recovers within T;
 *       if it does not, the partial match times out as {@code spread_blowout_unrecovered}.</li>
 * </ul>
 */
public final class Patterns {
    private Patterns() {}

    public static final String SUSTAINED_IMBALANCE = "sustained_imbalance";
    public static final String IMBALANCE_FLIP = "imbalance_flip";
    public static final String LIQUIDITY_WITHDRAWAL = "liquidity_withdrawal";
    public static final String SPREAD_BLOWOUT = "spread_blowout";
    public static final String SPREAD_BLOWOUT_UNRECOVERED = "spread_blowout_unrecovered";

    /** A named pattern. */
    public record Definition(String name, Pattern<FeatureSample, ?> pattern) {}

    /**
     * The patterns the job runs, with their default parameters: sustained imbalance beyond 0.6 for 5 samples
     * within 1.5 s; a flip beyond ±0.5 within 1 s (both the strategies' triggers' own, {@link
     * io.orderflow.execution.strategy.ImbalanceTriggers}, which match them again where the strategies decide); depth
     * down 50% within 1 s; the spread beyond 3× its baseline, recovering within 3 s. Windows are short on purpose:
     * every open partial match costs state per event.
     */
    public static List<Definition> defaults() {
        return List.of(
                new Definition(SUSTAINED_IMBALANCE, sustainedImbalance(Settings.SUSTAINED_THRESHOLD,
                        Settings.SUSTAINED_SAMPLES, Duration.ofMillis(Settings.SUSTAINED_WITHIN_MS))),
                new Definition(IMBALANCE_FLIP, imbalanceFlip(Settings.FLIP_THRESHOLD,
                        Duration.ofMillis(Settings.FLIP_WITHIN_MS))),
                new Definition(LIQUIDITY_WITHDRAWAL, liquidityWithdrawal(0.5, Duration.ofSeconds(1))),
                new Definition(SPREAD_BLOWOUT, spreadBlowout(3, Duration.ofSeconds(3))));
    }

    public static Pattern<FeatureSample, ?> sustainedImbalance(double threshold, int samples, Duration within) {
        check(threshold > 0 && threshold < 1, "imbalance threshold must be in (0, 1)");
        check(samples >= 2, "a sustained imbalance needs at least 2 samples");
        return Pattern.<FeatureSample>begin("imbalanced", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new IterativeCondition<>() {
                    @Override
                    public boolean filter(FeatureSample e, Context<FeatureSample> ctx) throws Exception {
                        if (Math.abs(e.imbalance()) <= threshold) {
                            return false;
                        }
                        for (FeatureSample first : ctx.getEventsForPattern("imbalanced")) {
                            return Math.signum(first.imbalance()) == Math.signum(e.imbalance()); // one side
                        }
                        return true;
                    }
                })
                .times(samples).consecutive()
                .within(within);
    }

    public static Pattern<FeatureSample, ?> imbalanceFlip(double threshold, Duration within) {
        check(threshold > 0 && threshold < 1, "imbalance threshold must be in (0, 1)");
        return Pattern.<FeatureSample>begin("from", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> Math.abs(e.imbalance()) > threshold))
                .followedBy("to")
                .where(new IterativeCondition<>() {
                    @Override
                    public boolean filter(FeatureSample e, Context<FeatureSample> ctx) throws Exception {
                        for (FeatureSample from : ctx.getEventsForPattern("from")) {
                            return Math.abs(e.imbalance()) > threshold
                                    && Math.signum(e.imbalance()) == -Math.signum(from.imbalance());
                        }
                        return false;
                    }
                })
                .within(within);
    }

    public static Pattern<FeatureSample, ?> liquidityWithdrawal(double fraction, Duration within) {
        check(fraction > 0 && fraction < 1, "withdrawn fraction must be in (0, 1)");
        return Pattern.<FeatureSample>begin("before", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.depth() > 0 && e.depth() >= e.features().depthBaseline()))
                .followedBy("after")
                .where(new IterativeCondition<>() {
                    @Override
                    public boolean filter(FeatureSample e, Context<FeatureSample> ctx) throws Exception {
                        for (FeatureSample before : ctx.getEventsForPattern("before")) {
                            return e.depth() <= (1 - fraction) * before.depth();
                        }
                        return false;
                    }
                })
                .within(within);
    }

    public static Pattern<FeatureSample, ?> spreadBlowout(double factor, Duration recoverWithin) {
        check(factor > 1, "blowout factor must exceed 1");
        return Pattern.<FeatureSample>begin("calm", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.spreadBps() <= factor * e.features().spreadBaseline()))
                .next("blowout") // strictly the next sample: the onset, once per episode
                .where(SimpleCondition.of(e -> e.spreadBps() > factor * e.features().spreadBaseline()))
                .followedBy("recovered")
                .where(SimpleCondition.of(e -> e.spreadBps() <= factor * e.features().spreadBaseline()))
                .within(recoverWithin);
    }

    /** Runs every pattern over the keyed samples; one CEP operator per pattern (uid {@code pattern-<name>}). */
    public static DataStream<PatternMatch> detect(KeyedStream<FeatureSample, String> samples,
            List<Definition> patterns) {
        DataStream<PatternMatch> all = null;
        for (Definition d : patterns) {
            SingleOutputStreamOperator<PatternMatch> matches = CEP.pattern(samples, d.pattern())
                    .inEventTime()
                    .process(new ToMatches(d.name()), ToMatches.TYPE)
                    .uid("pattern-" + d.name())
                    .name("pattern: " + d.name());
            DataStream<PatternMatch> withTimeouts = matches.union(matches.getSideOutput(ToMatches.TIMED_OUT));
            all = all == null ? withTimeouts : all.union(withTimeouts);
        }
        return all;
    }

    /** Turns matches (and timed-out partial matches, as {@code <name>_unrecovered}) into {@link PatternMatch}es. */
    public static final class ToMatches extends PatternProcessFunction<FeatureSample, PatternMatch>
            implements TimedOutPartialMatchHandler<FeatureSample> {
        private static final long serialVersionUID = 1L;
        static final TypeInformation<PatternMatch> TYPE = ImmutableRecordTypeInfo.forRecord(PatternMatch.class);
        public static final OutputTag<PatternMatch> TIMED_OUT = new OutputTag<>("timed-out", TYPE);

        private final String name;

        public ToMatches(String name) {
            this.name = name;
        }

        @Override
        public void processMatch(Map<String, List<FeatureSample>> match, Context ctx, Collector<PatternMatch> out) {
            out.collect(matchOf(name, match));
        }

        @Override
        public void processTimedOutMatch(Map<String, List<FeatureSample>> match, Context ctx) {
            if (match.containsKey("blowout")) { // only a blowout that never recovered is news
                ctx.output(TIMED_OUT, matchOf(name + "_unrecovered", match));
            }
        }

        /** The events of a match in time order (the pattern's stages are in order). */
        static List<FeatureSample> events(Map<String, List<FeatureSample>> match) {
            List<FeatureSample> events = new ArrayList<>();
            match.values().forEach(events::addAll);
            events.sort((a, b) -> Long.compare(a.timeMs(), b.timeMs()));
            return events;
        }

        static PatternMatch matchOf(String pattern, Map<String, List<FeatureSample>> match) {
            List<FeatureSample> events = events(match);
            FeatureSample first = events.get(0);
            FeatureSample last = events.get(events.size() - 1);
            double spreadMax = events.stream().mapToDouble(FeatureSample::spreadBps).max().orElse(Double.NaN);
            return new PatternMatch(first.venue(), first.symbol(), first.timeMs(), last.timeMs(), pattern,
                    events.size(), first.imbalance(), last.imbalance(), first.depth(), last.depth(), spreadMax,
                    last.features().mid());
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
