package io.orderflow.job.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Every table orderflow writes, defined once. Conventions (GUIDE §8): snake_case; {@code event_time} is the
 * venue's timestamp as timestamptz (UTC), next to the venue's own integer time where it has one; prices and sizes
 * are decimal(20, 8), exactly the scaled longs of the book; every table is partitioned by day(event_time).
 * {@code sql/ddl/tables.sql} is generated from these definitions ({@code DdlWriter}) and a test keeps it in step.
 */
public final class OrderflowTables {
    private OrderflowTables() {}

    public static final Type MONEY = Types.DecimalType.of(20, 8);
    private static final Type TS = Types.TimestampType.withZone();

    public static final TableDef BOOK_UPDATES = table("book_updates",
            "Every book message that reached an in-sync book: REST/stream snapshots (is_snapshot) and deltas, with "
                    + "all their levels (size 0 deletes). Replaying these rebuilds every book exactly.",
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
                    required(f.incrementAndGet(), "asks", levels(f))));

    public static final TableDef TRADES = table("trades", "Public trades.", f -> List.of(
            required(f.incrementAndGet(), "venue", Types.StringType.get()),
            required(f.incrementAndGet(), "symbol", Types.StringType.get()),
            required(f.incrementAndGet(), "event_time", TS),
            required(f.incrementAndGet(), "exchange_time_ms", Types.LongType.get()),
            required(f.incrementAndGet(), "received_at", TS),
            required(f.incrementAndGet(), "trade_id", Types.StringType.get()),
            required(f.incrementAndGet(), "price", MONEY),
            required(f.incrementAndGet(), "size", MONEY),
            required(f.incrementAndGet(), "aggressor", Types.StringType.get())));

    public static final TableDef BBO = table("bbo",
            "Best bid and offer of the locally built book, one row each time either changed.", f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "exchange_time_ms", Types.LongType.get()),
                    required(f.incrementAndGet(), "received_at", TS),
                    required(f.incrementAndGet(), "update_id", Types.LongType.get()),
                    required(f.incrementAndGet(), "bid_price", MONEY),
                    required(f.incrementAndGet(), "bid_size", MONEY),
                    required(f.incrementAndGet(), "ask_price", MONEY),
                    required(f.incrementAndGet(), "ask_size", MONEY),
                    required(f.incrementAndGet(), "mid", Types.DoubleType.get()),
                    required(f.incrementAndGet(), "spread_bps", Types.DoubleType.get())));

    /** Depth of the per-second snapshot table: the 10-tier recording traders train models on. */
    public static final int TOP_LEVELS = 10;

    public static final TableDef BOOK_TOP10_1S = table("book_top10_1s",
            "The top 10 levels of each book as they stood at the end of each second (event time), one row per "
                    + "instrument and second: the per-second 10-tier recording used for model training. Absent "
                    + "levels are null.", f -> {
                java.util.ArrayList<Types.NestedField> cols = new java.util.ArrayList<>(List.of(
                        required(f.incrementAndGet(), "venue", Types.StringType.get()),
                        required(f.incrementAndGet(), "symbol", Types.StringType.get()),
                        required(f.incrementAndGet(), "event_time", TS),
                        required(f.incrementAndGet(), "update_id", Types.LongType.get())));
                for (String side : new String[] {"bid", "ask"}) {
                    for (int i = 1; i <= TOP_LEVELS; i++) {
                        cols.add(optional(f.incrementAndGet(), side + "_px_" + i, MONEY));
                        cols.add(optional(f.incrementAndGet(), side + "_sz_" + i, MONEY));
                    }
                }
                return cols;
            });

    public static final TableDef VOLATILITY = table("volatility",
            "Realized volatility of the mid per instrument and event-time window: the last mid of each second "
                    + "(previous-tick sampling on a 1 s grid), log returns between consecutive sampled seconds, "
                    + "RV = sum of squared returns, annualized = sqrt(RV * 365 * 86400 / window_seconds).", f -> List.of(
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
                    required(f.incrementAndGet(), "last_mid", Types.DoubleType.get())));

    public static final TableDef ORDERS = table("orders",
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
                    optional(f.incrementAndGet(), "reason", Types.StringType.get())));

    public static final TableDef FILLS = table("fills",
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
                    required(f.incrementAndGet(), "slippage_bps", Types.DoubleType.get())));

    public static final TableDef DATA_QUALITY = table("data_quality",
            "Malformed frames (with the reason and an excerpt), sequence gaps, resyncs, dropped deltas, crossed "
                    + "books, connects and disconnects. event_time is the venue's time where known, else local.",
            f -> List.of(
                    required(f.incrementAndGet(), "venue", Types.StringType.get()),
                    optional(f.incrementAndGet(), "symbol", Types.StringType.get()),
                    required(f.incrementAndGet(), "event_time", TS),
                    required(f.incrementAndGet(), "received_at", TS),
                    required(f.incrementAndGet(), "kind", Types.StringType.get()),
                    required(f.incrementAndGet(), "detail", Types.StringType.get()),
                    optional(f.incrementAndGet(), "sample", Types.StringType.get())));

    public static final List<TableDef> ALL =
            List.of(BOOK_UPDATES, TRADES, BBO, BOOK_TOP10_1S, VOLATILITY, ORDERS, FILLS, DATA_QUALITY);

    private static Type levels(AtomicInteger f) {
        int element = f.incrementAndGet();
        return Types.ListType.ofRequired(element, Types.StructType.of(
                required(f.incrementAndGet(), "price", MONEY),
                required(f.incrementAndGet(), "size", MONEY)));
    }

    private interface Columns {
        List<Types.NestedField> columns(AtomicInteger fieldIds);
    }

    private static TableDef table(String name, String description, Columns columns) {
        return new TableDef(name, description, new Schema(columns.columns(new AtomicInteger())));
    }
}
