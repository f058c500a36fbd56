package io.orderflow.job.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.job.records.InstrumentFeatures;
import io.orderflow.job.records.MarketRank;
import io.orderflow.job.records.MidForecast;
import io.orderflow.job.records.PairSignal;
import io.orderflow.job.records.PatternMatch;
import io.orderflow.job.records.PnlMark;
import io.orderflow.job.records.PositionChange;
import io.orderflow.job.records.RiskDecision;
import io.orderflow.job.records.ScheduledSlice;
import io.orderflow.job.records.SlippageEstimate;
import io.orderflow.job.records.TopLevelsSecond;
import io.orderflow.job.records.VolatilitySpike;
import io.orderflow.job.records.VolatilityWindow;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderUpdate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Every table orderflow writes, defined once. Conventions (GUIDE §8): snake_case; {@code event_time} is the
 * venue's timestamp as timestamptz (UTC), next to the venue's own integer time where it has one; prices and sizes
 * are exact decimals with 8 places, the scaled longs of the book ({@link #MARKET} for market data, {@link #MONEY}
 * for orders, fills and accounts); every table is partitioned by day(event_time).
 * {@code sql/ddl/tables.sql} is generated from these definitions ({@code DdlWriter}) and a test keeps it in step.
 */
public final class OrderflowTables {
    private OrderflowTables() {}

    /**
     * Market data's prices and sizes (book_updates, trades, bbo, book_top10_1s): below 10<sup>10</sup> by {@code
     * EventChecks} at every source, so DECIMAL(18,8) holds each exactly, and 18 digits is the widest decimal Flink
     * keeps in a long and Parquet stores as INT64 (wider ones are BigDecimals and fixed-length byte arrays: about
     * twice the CPU per written row, BENCHMARKS.md).
     */
    public static final Type MARKET = Types.DecimalType.of(18, 8);
    /**
     * Orders', fills' and accounts' prices, quantities and amounts: the full range of the book's scaled longs, for
     * values no source check bounds (a strategy's quantity, a venue's fee, a running PnL). These tables take a row
     * per order or mark, so the width costs nothing measurable.
     */
    public static final Type MONEY = Types.DecimalType.of(20, 8);
    private static final Type TS = Types.TimestampType.withZone();

    public static final TableDef<AppliedBookUpdate> BOOK_UPDATES = table("book_updates",
            "Every book message that reached an in-sync book: REST/stream snapshots (is_snapshot) and deltas, with "
                    + "all their levels (size 0 deletes). Replaying them per instrument in apply_order rebuilds "
                    + "every book exactly (update ids restart on some venues, e.g. at each Gemini connection).",
            f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "exchange_time_ms", Types.LongType.get()),
                    required(f.incrementAndGet(), "received_at", TS),
                    required(f.incrementAndGet(), "is_snapshot", Types.BooleanType.get()),
                    required(f.incrementAndGet(), "first_update_id", Types.LongType.get()),
                    required(f.incrementAndGet(), "last_update_id", Types.LongType.get()),
                    optional(f.incrementAndGet(), "prev_update_id", Types.LongType.get()),
                    required(f.incrementAndGet(), "bids", levels(f)),
                    required(f.incrementAndGet(), "asks", levels(f)),
                    // added after the first release: optional, as schema evolution adds it to existing tables
                    optional(f.incrementAndGet(), "apply_order", Types.LongType.get(), "the order in which the "
                            + "book operator applied this instrument's messages: strictly increasing per venue and "
                            + "symbol across reconnects, resyncs and restores; the event time in microseconds, or "
                            + "one more than the previous message's when that is not larger")), Rows::bookUpdate);

    public static final TableDef<MarketEvent> TRADES = table("trades", "Public trades.", f -> List.of(
            required(f.incrementAndGet(), "venue", Types.StringType.get()),
            required(f.incrementAndGet(), "symbol", Types.StringType.get()),
            required(f.incrementAndGet(), "event_time", TS),
            required(f.incrementAndGet(), "exchange_time_ms", Types.LongType.get()),
            required(f.incrementAndGet(), "received_at", TS),
            required(f.incrementAndGet(), "trade_id", Types.StringType.get()),
            required(f.incrementAndGet(), "price", MARKET),
            required(f.incrementAndGet(), "size", MARKET),
            required(f.incrementAndGet(), "aggressor", Types.StringType.get())), Rows::trade);

    public static final TableDef<BookTop> BBO = table("bbo",
            "Best bid and offer of the locally built book, one row each time either changed. after_gap marks the "
                    + "first quote of a book rebuilt from a snapshot (the first, or after a gap, a lost connection "
                    + "or a restore): how the book got there is unknown, so no return or change spans it.", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "exchange_time_ms", Types.LongType.get()),
                    required(f.incrementAndGet(), "received_at", TS),
                    required(f.incrementAndGet(), "update_id", Types.LongType.get()),
                    required(f.incrementAndGet(), "bid_price", MARKET),
                    required(f.incrementAndGet(), "bid_size", MARKET),
                    required(f.incrementAndGet(), "ask_price", MARKET),
                    required(f.incrementAndGet(), "ask_size", MARKET),
                    required(f.incrementAndGet(), "mid", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "spread_bps", Types.DoubleType.get()),
                    // added after the first release: optional, as schema evolution adds it to existing tables
                    optional(f.incrementAndGet(), "after_gap", Types.BooleanType.get())), Rows::bbo);

    public static final TableDef<TopLevelsSecond> BOOK_TOP10_1S = table("book_top10_1s",
            "The top 10 levels of each book as they stood at the end of each second (event time), one row per "
                    + "instrument and second: the per-second 10-tier recording used for model training. Absent "
                    + "levels are null. Only exact books are written: a second in which the book lost sync (gap, "
                    + "lost connection, crossed book) has no row (data_quality says why); last_update_age_ms tells "
                    + "a quiet second (no update for a while, book unchanged) from a busy one. event_time is the "
                    + "start of the second (the partition key); as_of is the instant the levels describe, its last "
                    + "millisecond.", f -> {
                java.util.ArrayList<Types.NestedField> cols = new java.util.ArrayList<>(List.of(
                        required(f.incrementAndGet(), "venue", Types.StringType.get()),
                        required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                        required(f.incrementAndGet(), "event_time", TS),
                        required(f.incrementAndGet(), "update_id", Types.LongType.get())));
                for (String side : new String[] {"bid", "ask"}) {
                    for (int i = 1; i <= TopLevelsSecond.LEVELS; i++) {
                        cols.add(optional(f.incrementAndGet(), side + "_px_" + i, MARKET));
                        cols.add(optional(f.incrementAndGet(), side + "_sz_" + i, MARKET));
                    }
                }
                // last, and optional: an older table gains it by name (IcebergOutput's schema union)
                cols.add(optional(f.incrementAndGet(), "last_update_age_ms", Types.LongType.get(),
                        "milliseconds from the last update applied to the book to the end of the second"));
                cols.add(optional(f.incrementAndGet(), "as_of", TS,
                        "the instant the levels describe: the second's last millisecond (event_time + 999 ms)"));
                return cols;
            }, Rows::topLevels);

    public static final TableDef<VolatilityWindow> VOLATILITY = table("volatility",
            "Realized volatility of the mid per instrument and event-time window: the last mid of each second "
                    + "(previous-tick sampling on a 1 s grid), log returns between consecutive sampled seconds "
                    + "except into a second where the book was rebuilt after a gap (bbo.after_gap), RV = sum of "
                    + "squared returns, annualized = sqrt(RV * 365 * 86400 / covered seconds), where the covered "
                    + "seconds are those the counted returns span (coverage = covered / window_seconds).", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "window_end", TS),
                    required(f.incrementAndGet(), "window_seconds", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "samples", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "returns", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "realized_variance", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "realized_vol_annualized", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "first_mid", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "last_mid", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "parkinson_vol_annualized", Types.DoubleType.get(),
                            "Parkinson (1980) from each second's high and low of the mid path (the previous close "
                                    + "included): var = sum(ln(H/L)^2) / (4 n ln 2) per second over the n covered "
                                    + "seconds (quiet ones have a zero range), annualized"),
                    optional(f.incrementAndGet(), "ewma_vol_annualized", Types.DoubleType.get(),
                            "RiskMetrics EWMA of the 1 s returns (lambda 0.94), seeded with the first squared "
                                    + "return, as of the window's end, annualized"),
                    // added after the first release: optional, as schema evolution adds it to existing tables
                    optional(f.incrementAndGet(), "coverage", Types.DoubleType.get(),
                            "Seconds spanned by the returns counted / window_seconds: below 1 when the instrument "
                                    + "was seen for part of the window (it started late, fell behind, or a gap "
                                    + "broke it)"),
                    optional(f.incrementAndGet(), "garman_klass_vol_annualized", Types.DoubleType.get(),
                            "Garman-Klass (1980) on the covered seconds as bars (open = the previous second's "
                                    + "close, high/low of the mid path, close = the second's last mid; a quiet "
                                    + "second is a flat bar): var = mean(0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2) "
                                    + "per second, annualized"),
                    optional(f.incrementAndGet(), "rogers_satchell_vol_annualized", Types.DoubleType.get(),
                            "Rogers-Satchell (1991) on the same bars: var = mean(ln(H/C) ln(H/O) + ln(L/C) "
                                    + "ln(L/O)) per second, annualized; unbiased under a drift")), Rows::volatility);

    public static final TableDef<OrderUpdate> ORDERS = table("orders",
            "Every order state transition (ACKED, REJECTED by risk or venue, PARTIALLY_FILLED, FILLED, CANCELLED, ...). "
                    + "The latest row per client_order_id is the order's state.", f -> List.of(
                    required(f.incrementAndGet(), "client_order_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "strategy", Types.StringType.get()),
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "side", Types.StringType.get()),
                    required(f.incrementAndGet(), "order_type", Types.StringType.get()),
                    optional(f.incrementAndGet(), "price", MONEY),
                    required(f.incrementAndGet(), "quantity", MONEY),
                    required(f.incrementAndGet(), "filled_quantity", MONEY),
                    required(f.incrementAndGet(), "status", Types.StringType.get()),
                    optional(f.incrementAndGet(), "reason", Types.StringType.get())), Rows::order);

    public static final TableDef<Fill> FILLS = table("fills",
            "Executions. slippage_bps is signed against the trader: positive = paid more (buy) or received less "
                    + "(sell) than the mid at decision time.", f -> List.of(
                    required(f.incrementAndGet(), "fill_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "client_order_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "strategy", Types.StringType.get()),
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "side", Types.StringType.get()),
                    required(f.incrementAndGet(), "price", MONEY),
                    required(f.incrementAndGet(), "quantity", MONEY),
                    required(f.incrementAndGet(), "fee", MONEY),
                    required(f.incrementAndGet(), "maker", Types.BooleanType.get()),
                    required(f.incrementAndGet(), "decision_mid", MONEY),
                    required(f.incrementAndGet(), "slippage_bps", Types.DoubleType.get())), Rows::fill);

    public static final TableDef<DataQualityEvent> DATA_QUALITY = table("data_quality",
            "Malformed frames (with the reason and an excerpt), sequence gaps, resyncs, dropped deltas, crossed "
                    + "books, late messages (LATE_EVENT: the per-second rows they missed), connects and disconnects. "
                    + "event_time is the venue's time where known, else local.",
            f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    optional(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "received_at", TS),
                    required(f.incrementAndGet(), "kind", Types.StringType.get()),
                    required(f.incrementAndGet(), "detail", Types.StringType.get()),
                    optional(f.incrementAndGet(), "sample", Types.StringType.get())), Rows::quality);


    public static final TableDef<InstrumentFeatures> BOOK_FEATURES = table("book_features",
            "Features of every in-sync book update: top-5 volume imbalance (sum bid - sum ask)/(sum bid + sum ask); "
                    + "OFI, the Cont-Kukanov-Stoikov order-flow event against the previous touch (base units); "
                    + "weighted mid I*ask + (1-I)*bid with I = bid size/(bid size + ask size) at the touch; "
                    + "microprice, the same with I over the top 5 levels (Stoikov's 2018 model is stoikov_microprice); spread in bps "
                    + "of the mid; depth within 10 bps of the mid per side in quote currency, over the whole book.", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "update_id", Types.LongType.get()),
                    required(f.incrementAndGet(), "mid", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "imbalance", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "ofi", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "weighted_mid", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "microprice", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "spread_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "bid_depth", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "ask_depth", Types.DoubleType.get()),
                    // added after the first release: optional, as schema evolution adds it to existing tables
                    optional(f.incrementAndGet(), "stoikov_microprice", Types.DoubleType.get(),
                            "Stoikov's (2018) micro-price: mid + g(touch imbalance, spread), g the expected mid "
                                    + "change over the mid's future changes, estimated from this instrument's own "
                                    + "earlier touch changes (a Markov chain on 5 imbalance x 3 spread states, "
                                    + "symmetrized); null until 300 touch changes were seen")), Rows::bookFeatures);

    public static final TableDef<SlippageEstimate> SLIPPAGE = table("slippage",
            "Once a second per instrument (its first book update, update_id), each configured order size in quote "
                    + "currency walked through the whole book: VWAP, slippage in bps against the mid (a cost is "
                    + "positive on either side), and whether the venue's whole visible side ran out (partial; its "
                    + "slippage is then that of the filled part). estimate_bps is the online model's cost "
                    + "estimate made before it saw this walk (recursive least squares of slippage on size/depth, "
                    + "recent volatility and spread; null while warming up).", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "side", Types.StringType.get()),
                    required(f.incrementAndGet(), "order_notional", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "filled_notional", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "vwap", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "slippage_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "partial", Types.BooleanType.get()),
                    required(f.incrementAndGet(), "levels_used", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "depth", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "volatility_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "spread_bps", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "estimate_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "model_samples", Types.LongType.get()),
                    // added after the first release: optional, as schema evolution adds it to existing tables
                    optional(f.incrementAndGet(), "update_id", Types.LongType.get())), Rows::slippage);

    public static final TableDef<MidForecast> PREDICTIONS = table("predictions",
            "Next-second forecasts: at the end of each second, recursive least squares (forgetting 0.999) of the "
                    + "next second's mid log return (bps) on imbalance, OFI and trade flow (each over the touch "
                    + "size) and spread, and, for an instrument other than its venue's BTC, BTC's returns over the "
                    + "last half second and the half second before (reference_*, bps; null without a reference); "
                    + "event_time is the forecast second, realized_bps what happened. hit is null "
                    + "when either is zero; hit_rate = hits / scored, the running share of hits among the forecasts "
                    + "scored; naive_hit scores the baseline to beat, the sign of the imbalance.", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "imbalance", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "ofi", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "spread_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "trade_flow", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "forecast_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "realized_bps", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "hit", Types.BooleanType.get()),
                    required(f.incrementAndGet(), "hits", Types.LongType.get()),
                    required(f.incrementAndGet(), "scored", Types.LongType.get()),
                    optional(f.incrementAndGet(), "hit_rate", Types.DoubleType.get()),
                    // added after the first release: optional, as schema evolution adds them to existing tables
                    optional(f.incrementAndGet(), "reference_return_bps", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "reference_prior_return_bps", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "naive_hit", Types.BooleanType.get())), Rows::prediction);

    public static final TableDef<PatternMatch> PATTERNS = table("patterns",
            "Book patterns matched by Flink CEP on the book features sampled every 200 ms (see Patterns): "
                    + "sustained_imbalance, imbalance_flip, liquidity_withdrawal, spread_blowout (recovered) and "
                    + "spread_blowout_unrecovered (timed out). event_time is the last event of the match.",
            f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "start_time", TS),
                    required(f.incrementAndGet(), "pattern_name", Types.StringType.get()),
                    required(f.incrementAndGet(), "events", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "imbalance_start", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "imbalance_end", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "depth_start", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "depth_end", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "spread_max_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "mid_end", Types.DoubleType.get())), Rows::pattern);

    public static final TableDef<VolatilitySpike> VOLATILITY_SPIKES = table("volatility_spikes",
            "Volatility spikes: the 5 s realized volatility of 1 s mid returns (annualized) above 3x its rolling "
                    + "60 s median, labelled at onset; precursors lists the book patterns that ended within "
                    + "horizon_seconds before the spike.", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "volatility", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "rolling_median", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "ratio", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "horizon_seconds", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "precursors", Types.ListType.ofRequired(f.incrementAndGet(),
                            Types.StringType.get())),
                    required(f.incrementAndGet(), "precursor_count", Types.IntegerType.get())), Rows::spike);

    public static final TableDef<PairSignal> PAIR_SIGNALS = table("pair_signals",
            "Per event-time window and pair of instruments (x, y): the Hayashi-Yoshida lead-lag curve of log mids "
                    + "over the lag grid (correlation of x with y shifted by each lag; best_lag_ms > 0 means x leads "
                    + "y), the leader and its lead, and on a previous-tick grid (1 s in windows of 100 s or more, "
                    + "finer in shorter ones so a window has 100 returns; none across a gap) the correlation of "
                    + "returns, beta "
                    + "of y on x (x +1% -> y +beta%, the follower read best_lag_ms later when a leader is named) with "
                    + "its standard error, and the z-score of the last spread "
                    + "log(y) - beta log(x). time_quality is 'inferred' when either venue's book messages carry no "
                    + "time of their own (Gemini): such a pair names no leader and has no beta.", f -> List.of(
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "window_end", TS),
                    required(f.incrementAndGet(), "x_venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "x_symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "y_venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "y_symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "x_observations", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "y_observations", Types.IntegerType.get()),
                    optional(f.incrementAndGet(), "leader", Types.StringType.get()),
                    required(f.incrementAndGet(), "lead_ms", Types.LongType.get()),
                    required(f.incrementAndGet(), "best_lag_ms", Types.LongType.get()),
                    optional(f.incrementAndGet(), "best_correlation", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "lags_ms", Types.ListType.ofRequired(f.incrementAndGet(),
                            Types.LongType.get())),
                    required(f.incrementAndGet(), "correlations", Types.ListType.ofOptional(f.incrementAndGet(),
                            Types.DoubleType.get())),
                    required(f.incrementAndGet(), "grid_returns", Types.IntegerType.get()),
                    optional(f.incrementAndGet(), "correlation", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "beta", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "beta_se", Types.DoubleType.get()),
                    optional(f.incrementAndGet(), "spread_zscore", Types.DoubleType.get()),
                    // added after the first release: optional, as schema evolution adds it to existing tables
                    optional(f.incrementAndGet(), "time_quality", Types.StringType.get())), Rows::pairSignal);

    public static final TableDef<MarketRank> MARKET_RANKING = table("market_ranking",
            "Per event-time window, every instrument ranked (1 = first) by traded quote volume, realized "
                    + "volatility of the mid (1 s grid, per second of the returns counted, annualized), mean depth "
                    + "within 10 bps, and by how many "
                    + "markets it leads minus how many lead it (lead_score, from pair_signals); overall_rank orders "
                    + "by the sum of the volume, volatility and depth ranks.", f -> List.of(
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "window_end", TS),
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "traded_notional", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "trades", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "volatility", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "mean_depth", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "lead_score", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "volume_rank", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "volatility_rank", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "depth_rank", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "lead_rank", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "overall_rank", Types.IntegerType.get())), Rows::marketRank);


    public static final TableDef<RiskDecision> ORDER_INTENTS = table("order_intents",
            "Every decision a strategy took, before risk: what it wanted, why (its reason), the mid it saw, and "
                    + "whether the risk gate let it go (rejection names the rule), and the share of its fills the paper "
                    + "exchange's model expected to be maker (from size against the touch, crossing, volatility).", f -> List.of(
                    required(f.incrementAndGet(), "client_order_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "strategy", Types.StringType.get()),
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "side", Types.StringType.get()),
                    required(f.incrementAndGet(), "order_type", Types.StringType.get()),
                    required(f.incrementAndGet(), "time_in_force", Types.StringType.get()),
                    optional(f.incrementAndGet(), "price", MONEY),
                    required(f.incrementAndGet(), "quantity", MONEY),
                    required(f.incrementAndGet(), "decision_mid", MONEY),
                    required(f.incrementAndGet(), "reason", Types.StringType.get()),
                    required(f.incrementAndGet(), "accepted", Types.BooleanType.get()),
                    optional(f.incrementAndGet(), "rejection_rule", Types.StringType.get()),
                    optional(f.incrementAndGet(), "predicted_maker_share", Types.DoubleType.get())), Rows::intent);

    public static final TableDef<RiskDecision> RISK_REJECTIONS = table("risk_rejections",
            "Orders the risk gate stopped, with the rule (kill_switch, no_book, stale_book, max_open_orders, "
                    + "max_position, max_notional, price_collar, daily_loss) and the numbers.", f -> List.of(
                    required(f.incrementAndGet(), "client_order_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "strategy", Types.StringType.get()),
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "side", Types.StringType.get()),
                    required(f.incrementAndGet(), "quantity", MONEY),
                    required(f.incrementAndGet(), "rule", Types.StringType.get()),
                    required(f.incrementAndGet(), "reason", Types.StringType.get())), Rows::rejection);

    public static final TableDef<PositionChange> POSITIONS = table("positions",
            "The position of an instrument and strategy after each fill: quantity, average entry, realized PnL, "
                    + "fees and unrealized PnL at the mid (average-cost accounting, exact; money rounded to 8 "
                    + "decimals here).", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "strategy", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "fill_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "net_position", MONEY),
                    optional(f.incrementAndGet(), "average_entry", MONEY),
                    required(f.incrementAndGet(), "realized_pnl", MONEY),
                    required(f.incrementAndGet(), "fees", MONEY),
                    required(f.incrementAndGet(), "mark_price", MONEY),
                    required(f.incrementAndGet(), "unrealized_pnl", MONEY)), Rows::position);

    public static final TableDef<PnlMark> PNL = table("pnl",
            "PnL marked to the mid once a minute (the first book update of each minute of event time) for every "
                    + "instrument and strategy that has traded: realized, fees, unrealized, equity = realized - fees "
                    + "+ unrealized, and the day's PnL (UTC) the daily loss limit watches.", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "strategy", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "mark_price", MONEY),
                    required(f.incrementAndGet(), "net_position", MONEY),
                    required(f.incrementAndGet(), "realized_pnl", MONEY),
                    required(f.incrementAndGet(), "fees", MONEY),
                    required(f.incrementAndGet(), "unrealized_pnl", MONEY),
                    required(f.incrementAndGet(), "equity", MONEY),
                    required(f.incrementAndGet(), "day_pnl", MONEY)), Rows::pnl);

    public static final TableDef<ScheduledSlice> EXECUTION_SCHEDULE = table("execution_schedule",
            "Entries worked on the Almgren-Chriss schedule (--schedule ac): one row per child order as planned when "
                    + "the parent arrived, with the model's parameters (sigma per sqrt(s), eta = k*tau, gamma, "
                    + "epsilon, in price and base units), kappa, and its expected cost and standard deviation in bps "
                    + "of the parent's notional at the arrival mid. Join child_order_id to fills for what happened "
                    + "(sql/queries/execution_cost.sql).", f -> List.of(
                    required(f.incrementAndGet(), "parent_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "strategy", Types.StringType.get()),
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "side", Types.StringType.get()),
                    required(f.incrementAndGet(), "parent_quantity", MONEY),
                    required(f.incrementAndGet(), "arrival_mid", MONEY),
                    required(f.incrementAndGet(), "slice", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "slices", Types.IntegerType.get()),
                    required(f.incrementAndGet(), "scheduled_at", TS),
                    required(f.incrementAndGet(), "child_order_id", Types.StringType.get()),
                    required(f.incrementAndGet(), "child_quantity", MONEY),
                    required(f.incrementAndGet(), "horizon_seconds", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "risk_aversion", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "sigma", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "eta", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "gamma", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "epsilon", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "kappa", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "model_cost_bps", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "model_cost_sd_bps", Types.DoubleType.get())),
            Rows::scheduledSlice);

    public static final List<TableDef<?>> ALL = List.of(BOOK_UPDATES, TRADES, BBO, BOOK_TOP10_1S, VOLATILITY, ORDERS,
            FILLS, DATA_QUALITY, BOOK_FEATURES, SLIPPAGE, PREDICTIONS, PATTERNS, VOLATILITY_SPIKES, PAIR_SIGNALS,
            MARKET_RANKING, ORDER_INTENTS, RISK_REJECTIONS, POSITIONS, PNL, EXECUTION_SCHEDULE);

    /**
     * The tables with a row for (nearly) every market event: their writers run at their producer's parallelism.
     * The others take a row per second, window, pattern or order, which one writer keeps up with.
     */
    public static final java.util.Set<String> PER_EVENT = java.util.Set.of(BOOK_UPDATES.name(), BOOK_FEATURES.name(),
            BBO.name());

    private static Type levels(AtomicInteger f) {
        int element = f.incrementAndGet();
        return Types.ListType.ofRequired(element, Types.StructType.of(
                required(f.incrementAndGet(), "price", MARKET),
                required(f.incrementAndGet(), "size", MARKET)));
    }

    private interface Columns {
        List<Types.NestedField> columns(AtomicInteger fieldIds);
    }

    private static <T> TableDef<T> table(String name, String description, Columns columns,
            TableDef.RowConverter<T> converter) {
        return new TableDef<>(name, description, new Schema(columns.columns(new AtomicInteger())), converter);
    }
}
