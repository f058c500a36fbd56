package io.orderflow.job;

import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.execution.state.PairLegs;
import io.orderflow.execution.paper.PaperExchange;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.execution.strategy.ImbalanceTriggers;
import io.orderflow.execution.risk.KillSwitch;
import io.orderflow.flink.types.BookTopSerializer;
import io.orderflow.job.book.OrderBookFunction;
import io.orderflow.job.windows.CrossSectionFunctions;
import io.orderflow.job.crosssection.Tick;
import io.orderflow.job.features.BookSignalsFunction;
import io.orderflow.job.features.FeatureSample;
import io.orderflow.job.features.FeatureSampleSerializer;
import io.orderflow.job.features.ReferenceMidsFunction;
import io.orderflow.job.features.SignalTick;
import io.orderflow.job.signals.InstrumentSignals;
import io.orderflow.job.iceberg.TableOutput;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.patterns.Patterns;
import io.orderflow.job.records.PatternMatch;
import io.orderflow.job.records.RiskDecision;
import io.orderflow.job.records.VolatilitySpike;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.job.patterns.SpikeLabeller;
import io.orderflow.estimators.BookFeatures;
import io.orderflow.job.windows.VolatilityFunctions;
import io.orderflow.job.trading.PairTradingFunction;
import io.orderflow.job.trading.TradingFunction;
import io.orderflow.job.trading.VenueConnection;
import io.orderflow.job.trading.VenueTradingFunction;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.InstrumentKey;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.Trade;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.OutputTag;

/**
 * The analytics job: market events → keyed books → BBO, per-second top-10, volatility, book signals (features,
 * slippage, forecasts, CEP patterns and the volatility spikes they precede), the cross-section of all instruments
 * (lead-lag, beta, ranking), the demo strategy through risk and paper execution → Iceberg. It takes its source and output in the constructor (flink-training's
 * shape); {@code main} wires the real ones, tests may wire others. Every stateful operator has a fixed uid, so
 * savepoints survive code changes.
 */
public final class OrderflowJob {
    private final Source<MarketEvent, ?, ?> source;
    private final TableOutput output;
    private final JobSettings settings;

    public OrderflowJob(Source<MarketEvent, ?, ?> source, TableOutput output, JobSettings settings) {
        this.source = source;
        this.output = output;
        this.settings = settings;
    }

    /**
     * A bounded Kafka read: every record is already in the topic, so a partition that has given nothing yet is
     * waiting for its turn in the consumer's fetches, not idle. Marking it idle (after {@code sourceIdleness} of
     * wall time) would let the other partitions' watermark run ahead of it, and its records would arrive late:
     * windows would drop them and books be evicted, differently on every run (a slow or restarted reader takes
     * longer to reach a partition). Without idleness, event time is the same whatever the interleaving, which is
     * what exact replay needs. Live sources keep idleness: a quiet venue must not stop the clock.
     */
    static boolean isRewindableReplay(Source<?, ?, ?> source) {
        return source instanceof org.apache.flink.connector.kafka.source.KafkaSource<?>
                && source.getBoundedness() == org.apache.flink.api.connector.source.Boundedness.BOUNDED;
    }

    /** Adds the pipeline to the environment (and turns on exactly-once checkpoints and the no-Kryo rule). */
    public void build(StreamExecutionEnvironment env) {
        configure(env);
        output.ensureTables();
        DataStream<MarketEvent> events = marketData(env);
        SingleOutputStreamOperator<BookTop> books = orderBooks(events);
        output.write(OrderflowTables.BOOK_UPDATES, books.getSideOutput(OrderBookFunction.BOOK_UPDATES));
        output.write(OrderflowTables.TRADES, books.getSideOutput(OrderBookFunction.TRADES));
        output.write(OrderflowTables.BOOK_TOP10_1S, books.getSideOutput(OrderBookFunction.TOP_LEVELS));

        DataStream<BookTop> bboChanges = books.filter(t -> t.bboChanged() && t.twoSided()).name("bbo changes");
        output.write(OrderflowTables.BBO, bboChanges);

        VolatilityFunctions.Outputs volatility =
                VolatilityFunctions.wire(alreadyKeyed(bboChanges), settings.signals().window());
        output.write(OrderflowTables.VOLATILITY, volatility.windows());

        addSignals(events, books, bboChanges, volatility.late());

        KillSwitch killSwitch = KillSwitch.file(java.nio.file.Path.of(settings.trading().killSwitchFile()));
        List<SingleOutputStreamOperator<OrderUpdate>> trading = trading(books, killSwitch);
        List<PairLegs> pairTrades = settings.trading().pairTrades(); // captured by value, not via `this`
        if (!pairTrades.isEmpty() && settings.trading().execution() == null) {
            // the pair strategy reads two instruments under one key: its legs cross a network edge, flushed per book
            trading.add(onDecisionPath(books.filter(b -> PairTradingFunction.isLeg(pairTrades, b)).name("pair legs"))
                    .keyBy(BookTop::venue, Types.STRING)
                    .process(new PairTradingFunction(settings.trading().pairStrategy(), pairTrades,
                            new RiskGate(StrategyRoster.QUOTE_SIZED_LIMITS, killSwitch),
                            new PaperExchange(StrategyRoster.MAKER_FEE_BPS, StrategyRoster.TAKER_FEE_BPS, 10_000),
                            settings.trading().pnlInterval().toMillis(), settings.trading().inEventTime()),
                            TradingFunction.ORDER_UPDATES)
                    .uid("trading-pairs")
                    .name("pair mean reversion, risk, paper execution"));
        }
        // one sink per table for every strategy's records (one committer per Iceberg table)
        output.write(OrderflowTables.ORDERS, new ArrayList<>(trading));
        output.write(OrderflowTables.FILLS, sideOutputs(trading, TradingFunction.FILLS));
        List<DataStream<RiskDecision>> decisions = sideOutputs(trading, TradingFunction.DECISIONS);
        output.write(OrderflowTables.ORDER_INTENTS, decisions);
        output.write(OrderflowTables.RISK_REJECTIONS, decisions.stream()
                .map(d -> (DataStream<RiskDecision>) d.filter(RiskDecision::rejected).name("rejected"))
                .toList());
        output.write(OrderflowTables.POSITIONS, sideOutputs(trading, TradingFunction.POSITIONS));
        output.write(OrderflowTables.PNL, sideOutputs(trading, TradingFunction.PNL));
        output.write(OrderflowTables.EXECUTION_SCHEDULE, sideOutputs(trading, TradingFunction.SCHEDULES));
    }

    /** Book features, slippage, forecasts, patterns and spikes per instrument; pairs and ranking across them. */
    private void addSignals(DataStream<MarketEvent> events, SingleOutputStreamOperator<BookTop> books,
            DataStream<BookTop> bboChanges, DataStream<DataQualityEvent> lateVolatility) {
        double depthBps = settings.signals().perInstrument().depthBps(); // captured by value, not via `this`
        DataStream<MarketEvent> trades = events.filter(e -> e instanceof Trade).name("trades");
        DataStream<Tick> midTicks = bboChanges
                .map(t -> Tick.mid(t.instrumentKey(), t.exchangeTimeMs(), t.mid(),
                                t.depth() != null ? t.depth().bidNotional() + t.depth().askNotional()
                                        : BookFeatures.depthWithinBps(t.bids(), t.mid(), depthBps)
                                                + BookFeatures.depthWithinBps(t.asks(), t.mid(), depthBps),
                                t.afterGap()),
                        CrossSectionFunctions.TickSerializer.TYPE_INFO)
                .name("mid ticks");
        // each venue's BTC mids to the venue's other instruments, for their forecasts' cross-asset features
        java.util.Map<String, String> references = io.orderflow.venue.Venues.btcInstrumentKeys();
        DataStream<SignalTick> referenceMids = midTicks
                .filter(ReferenceMidsFunction.needed(references))
                .name("reference and follower sightings")
                .keyBy(t -> InstrumentKey.venueOf(t.key()), Types.STRING)
                .process(new ReferenceMidsFunction(references, settings.book().idleEviction()), SignalTick.TYPE_INFO)
                .uid("reference-mids")
                .name("reference mids to each venue's instruments");
        DataStream<SignalTick> flows = trades.map(e -> SignalTick.flow(e.instrumentKey(), e.exchangeTimeMs(),
                InstrumentSignals.signedQuantity((Trade) e)), SignalTick.TYPE_INFO).name("trade flow");
        SingleOutputStreamOperator<FeatureSample> samples = alreadyKeyed(books)
                .connect(flows.union(referenceMids).keyBy(SignalTick::key, Types.STRING))
                .process(new BookSignalsFunction(settings.signals().perInstrument(), settings.book().idleEviction()),
                        FeatureSampleSerializer.TYPE_INFO)
                .uid("book-signals")
                .name("book features, slippage, forecasts, spikes");
        output.write(OrderflowTables.BOOK_FEATURES, samples.getSideOutput(BookSignalsFunction.BOOK_FEATURES));
        output.write(OrderflowTables.SLIPPAGE, samples.getSideOutput(BookSignalsFunction.SLIPPAGE));
        output.write(OrderflowTables.PREDICTIONS, samples.getSideOutput(BookSignalsFunction.PREDICTIONS));
        // the book operator's data-quality rows and the signals' own late books, one sink

        KeyedStream<FeatureSample, String> keyedSamples = DataStreamUtils.reinterpretAsKeyedStream(samples,
                s -> InstrumentKey.of(s.venue(), s.symbol()), Types.STRING);
        DataStream<PatternMatch> patterns = Patterns.detect(keyedSamples, Patterns.defaults());
        output.write(OrderflowTables.PATTERNS, patterns);
        DataStream<VolatilitySpike> spikes = patterns
                .keyBy(p -> InstrumentKey.of(p.venue(), p.symbol()), Types.STRING)
                .connect(samples.getSideOutput(BookSignalsFunction.SPIKES)
                        .keyBy(s -> InstrumentKey.of(s.venue(), s.symbol()), Types.STRING))
                .process(new SpikeLabeller(settings.signals().precursorHorizon()), ImmutableRecordTypeInfo.forRecord(VolatilitySpike.class))
                .uid("spike-precursors")
                .name("volatility spikes and their precursors");
        output.write(OrderflowTables.VOLATILITY_SPIKES, spikes);

        DataStream<Tick> ticks = midTicks
                .union(trades.map(e -> {
                    Trade t = (Trade) e;
                    return Tick.trade(t.instrumentKey(), t.exchangeTimeMs(),
                            Decimals.toDouble(t.price()) * Decimals.toDouble(t.size()));
                }, CrossSectionFunctions.TickSerializer.TYPE_INFO).name("trade ticks"));
        CrossSectionFunctions.Outputs crossSection =
                CrossSectionFunctions.wire(ticks, settings.signals().window(), settings.signals().pairs());
        output.write(OrderflowTables.PAIR_SIGNALS, crossSection.pairs());
        output.write(OrderflowTables.MARKET_RANKING, crossSection.ranking());
        output.write(OrderflowTables.DATA_QUALITY, List.of(books.getSideOutput(OrderBookFunction.QUALITY),
                samples.getSideOutput(BookSignalsFunction.QUALITY), lateVolatility, crossSection.late()));
    }

    /**
     * The single-instrument strategies behind their risk gates, each operator one-input over the books so that it
     * chains into the book's task: the decision path has no hand-over after the book (issue 17). On paper, one
     * operator (uid {@code paper-trading}) runs every strategy, each with its state under its roster uid. With a
     * venue account configured, one operator per strategy (uid {@code venue-<uid>}: a savepoint of paper positions
     * never becomes a venue's) on that venue's books only. Both match the imbalance triggers on the books they
     * decide on ({@link ImbalanceTriggers}). Working orders older than each strategy's time to live are cancelled.
     */
    private List<SingleOutputStreamOperator<OrderUpdate>> trading(SingleOutputStreamOperator<BookTop> books,
            KillSwitch killSwitch) {
        List<StrategyRoster.Entry> roster = StrategyRoster.of(settings);
        if (roster.isEmpty()) {
            return new ArrayList<>();
        }
        ImbalanceTriggers triggers = new ImbalanceTriggers(ImbalanceTriggers.Settings.defaults(
                settings.signals().perInstrument().samplingMs(), settings.signals().perInstrument().imbalanceLevels()));
        long pnlIntervalMs = settings.trading().pnlInterval().toMillis();
        VenueConnection venue = settings.trading().execution();
        List<SingleOutputStreamOperator<OrderUpdate>> trading = new ArrayList<>();
        if (venue == null) {
            List<TradingFunction.Desk> desks = roster.stream().map(e -> new TradingFunction.Desk(e.uid(),
                    e.strategy(), new RiskGate(e.limits(), killSwitch),
                    new PaperExchange(e.makerFeeBps(), e.takerFeeBps(), e.restingTtlMs()))).toList();
            trading.add(alreadyKeyed(books)
                    .process(new TradingFunction(desks, triggers, pnlIntervalMs, settings.trading().schedule()),
                            TradingFunction.ORDER_UPDATES)
                    .uid("paper-trading")
                    .name("strategies, risk, paper execution (" + String.join(", ",
                            roster.stream().map(StrategyRoster.Entry::name).toList()) + ")"));
            return trading;
        }
        String venueId = venue.venue();
        for (StrategyRoster.Entry entry : roster) {
            trading.add(alreadyKeyed(books.filter(b -> b.venue().equals(venueId)).name("books on " + venueId))
                    .process(new VenueTradingFunction(entry.strategy(), triggers,
                            new RiskGate(entry.limits(), killSwitch), venue, java.time.Duration.ofSeconds(1),
                            entry.restingTtlMs(), pnlIntervalMs, VenueTradingFunction.DEFAULT_MAX_RESEND_AGE,
                            roster.size() > 1, settings.trading().schedule()), TradingFunction.ORDER_UPDATES)
                    .uid("venue-" + entry.uid())
                    .name("strategy, risk, " + venueId + " execution (" + entry.uid() + ")"));
        }
        return trading;
    }

    /**
     * Checkpoints at the sink's interval, exactly-once unless the cluster's configuration chooses a mode, and no type
     * without an explicit serializer (no Kryo). Every other checkpoint setting (storage, timeout, pauses, retention)
     * is the cluster's.
     */
    public void configure(StreamExecutionEnvironment env) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every type has an explicit serializer; fail otherwise
        env.configure(conf);
        env.enableCheckpointing(settings.sink().checkpointInterval().toMillis(), env.getConfiguration()
                .getOptional(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE).orElse(CheckpointingMode.EXACTLY_ONCE));
    }

    /**
     * The checkpoint interval a job uses when its command line gives none: the one the configuration it is submitted
     * with sets ({@code execution.checkpointing.interval} of the cluster's {@code config.yaml}, or {@code -D}), so a
     * job submitted to a cluster leaves the cluster's choice alone; else the default, 10 s.
     */
    public static java.time.Duration configuredCheckpointInterval(ReadableConfig configuration) {
        return configuration.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                .orElse(JobSettings.defaults().sink().checkpointInterval());
    }

    /** The market data, stamped with exchange time, with watermarks that allow the configured out-of-orderness. */
    public DataStream<MarketEvent> marketData(StreamExecutionEnvironment env) {
        long outOfOrdernessMs = settings.source().maxOutOfOrderness().toMillis(); // captured by value, not via `this`
        WatermarkStrategy<MarketEvent> watermarks = WatermarkStrategy
                .<MarketEvent>forGenerator(ctx -> new ExchangeTimeWatermarks(outOfOrdernessMs))
                .withTimestampAssigner((event, ts) -> event.exchangeTimeMs());
        if (!isRewindableReplay(source)) {
            watermarks = watermarks.withIdleness(settings.source().idleness());
        }
        org.apache.flink.streaming.api.datastream.DataStreamSource<MarketEvent> stream =
                env.fromSource(source, watermarks, "market data");
        if (source instanceof io.orderflow.connector.websocket.WebSocketSource ws && env.getParallelism() > 0
                && ws.splits().size() < env.getParallelism()) {
            // no reader without a connection: it would only sit idle, and in a bounded run (the demo, a replay)
            // end at once, and its end-of-time watermark would flush every window the first time the readers
            // with connections fell quiet for the idleness timeout
            stream.setParallelism(ws.splits().size());
        }
        return onDecisionPath(stream.uid("market-data-source"));
    }

    /** Every instrument's book, keyed by instrument: book tops out, updates, trades, per-second rows on the side. */
    public SingleOutputStreamOperator<BookTop> orderBooks(DataStream<MarketEvent> events) {
        return events
                .keyBy(MarketEvent::instrumentKey, Types.STRING)
                .process(new OrderBookFunction(settings.book().depth(), settings.book().idleEviction().toMillis(), 60,
                                settings.signals().perInstrument().depthBps(),
                                settings.signals().perInstrument().largestSlippageNotional()),
                        BookTopSerializer.TYPE_INFO)
                .uid("order-book")
                .name("order book");
    }

    /**
     * Marks an operator whose records a decision waits for across a network edge: the market data on its way to the
     * books, and the pair strategy's legs (the single-instrument strategies run in the book's task). Each record it
     * emits across a network edge leaves at once (buffer timeout 0) instead of waiting up to the environment's buffer
     * timeout for its buffer to fill.
     * Only its own edges: a chained operator behind it keeps the environment's timeout on its own edges, so storage,
     * the signals and the cross-section still ship full buffers. A flush per record costs about twice the CPU per
     * event (issue 17), so the whole job is not run at 0.
     */
    private static <T> SingleOutputStreamOperator<T> onDecisionPath(SingleOutputStreamOperator<T> operator) {
        return operator.setBufferTimeout(0);
    }

    /**
     * The books as the keyed stream they already are: the order-book operator's output is partitioned by
     * instrument, so operators keyed the same way chain to it instead of re-serializing every book over a shuffle.
     */
    private static KeyedStream<BookTop, String> alreadyKeyed(DataStream<BookTop> books) {
        return DataStreamUtils.reinterpretAsKeyedStream(books, BookTop::instrumentKey, Types.STRING);
    }

    /** One side output of every trading operator. */
    private static <T> List<DataStream<T>> sideOutputs(List<SingleOutputStreamOperator<OrderUpdate>> operators,
            OutputTag<T> tag) {
        return operators.stream().map(o -> (DataStream<T>) o.getSideOutput(tag)).toList();
    }
}
