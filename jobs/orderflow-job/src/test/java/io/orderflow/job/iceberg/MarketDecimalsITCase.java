package io.orderflow.job.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.flink.types.MarketEventSerializer;
import io.orderflow.job.book.AppliedBookUpdateSerializer;
import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.job.TestClusters;
import io.orderflow.model.BookDelta;
import io.orderflow.model.Decimals;
import io.orderflow.model.EventChecks;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.Trade;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Market data's prices and sizes are stored as DECIMAL(18,8) (long-backed) and read back exactly at the edges of
 * what the sources let through (one unit, a real price, the largest value), read by Iceberg's own generic reader,
 * not by the job. A table an older orderflow created with DECIMAL(20,8) keeps its type and takes the same values
 * exactly: the sink writes with the rows' own schema, widening each value, never reinterpreting its bytes.
 */
class MarketDecimalsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.slots(2);

    private static final long MAX = EventChecks.MAX_PRICE;
    private static final long TIME = 1_700_000_000_000L;
    /** The smallest unit, a real BTC price (60,123.45678901), the largest value the sources accept. */
    private static final long[] PRICES = {1, 6_012_345_678_901L, MAX};
    private static final long[] SIZES = {0, 1, MAX};

    @Test
    void aNewTableHoldsMarketDataAsDecimal18AndReadsBackExactly(@TempDir Path dir) throws Exception {
        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        output.ensureTables();

        writeEdgeValues(output);

        assertColumnType(output, OrderflowTables.TRADES, "price", Types.DecimalType.of(18, 8));
        assertExact(output);
    }

    @Test
    void aTableAnOlderOrderflowCreatedWithDecimal20TakesTheValuesWidenedAndExact(@TempDir Path dir)
            throws Exception {
        IcebergOutput output = new IcebergOutput(dir.resolve("warehouse").toString(), "orderflow");
        Catalog catalog = output.catalogLoader().loadCatalog();
        for (TableDef<?> t : List.of(OrderflowTables.BOOK_UPDATES, OrderflowTables.TRADES)) {
            catalog.createTable(output.identifier(t), new Schema(widen(t.schema().asStruct()).asStructType().fields()),
                    t.partitionSpec(), Map.of(TableProperties.FORMAT_VERSION, "2"));
        }
        output.ensureTables();

        writeEdgeValues(output);

        assertColumnType(output, OrderflowTables.TRADES, "price", Types.DecimalType.of(20, 8));
        assertExact(output);
    }

    private static void writeEdgeValues(IcebergOutput output) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a writer that cannot write fails the test
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);
        DataStream<MarketEvent> events = env.fromData(events(), MarketEventSerializer.TYPE_INFO);
        output.write(OrderflowTables.BOOK_UPDATES, events.filter(e -> e instanceof BookDelta)
                .map(e -> new AppliedBookUpdate(e, e.exchangeTimeMs() * 1000), AppliedBookUpdateSerializer.TYPE_INFO));
        output.write(OrderflowTables.TRADES, events.filter(e -> e instanceof Trade));
        env.execute("market decimals at their edges");
    }

    private static List<MarketEvent> events() {
        List<MarketEvent> events = new ArrayList<>();
        for (int i = 0; i < PRICES.length; i++) {
            events.add(new BookDelta("binance", "BTCUSDT", TIME + i, TIME * 1_000_000, i + 1, i + 1,
                    BookDelta.NO_SEQUENCE, PriceLevels.wrap(new long[] {PRICES[i]}, new long[] {SIZES[i]}),
                    PriceLevels.wrap(new long[] {PRICES[PRICES.length - 1 - i]}, new long[] {SIZES[i]})));
            events.add(new Trade("binance", "BTCUSDT", TIME + i, TIME * 1_000_000, "t" + i, PRICES[i],
                    Math.max(1, SIZES[i]), Side.BUY));
        }
        return events;
    }

    private static void assertExact(IcebergOutput output) {
        List<String> expectedBooks = new ArrayList<>();
        List<String> expectedTrades = new ArrayList<>();
        for (MarketEvent e : events()) {
            if (e instanceof BookDelta d) {
                expectedBooks.add(d.lastSequence() + " bid " + plain(d.bids().price(0)) + " x " + plain(d.bids().size(0))
                        + " ask " + plain(d.asks().price(0)) + " x " + plain(d.asks().size(0)));
            } else if (e instanceof Trade t) {
                expectedTrades.add(t.tradeId() + " " + plain(t.price()) + " x " + plain(t.size()));
            }
        }
        List<String> books = new ArrayList<>();
        for (Record r : TableRows.read(output, OrderflowTables.BOOK_UPDATES)) {
            Record bid = (Record) ((List<?>) r.getField("bids")).get(0);
            Record ask = (Record) ((List<?>) r.getField("asks")).get(0);
            books.add(r.getField("last_update_id") + " bid " + read(bid, "price") + " x " + read(bid, "size")
                    + " ask " + read(ask, "price") + " x " + read(ask, "size"));
        }
        List<String> trades = new ArrayList<>();
        for (Record r : TableRows.read(output, OrderflowTables.TRADES)) {
            trades.add(r.getField("trade_id") + " " + read(r, "price") + " x " + read(r, "size"));
        }
        assertThat(books).as("book_updates' levels, digit for digit").containsExactlyInAnyOrderElementsOf(expectedBooks);
        assertThat(trades).as("trades' prices and sizes, digit for digit")
                .containsExactlyInAnyOrderElementsOf(expectedTrades);
        assertThat(books).anyMatch(b -> b.contains("9999999999.99999999")).anyMatch(b -> b.contains("0.00000001"));
    }

    private static String read(Record r, String field) {
        return ((BigDecimal) r.getField(field)).toPlainString();
    }

    /** As the tables' readers print a decimal of scale 8 (BigDecimal's plain form, trailing zeros kept). */
    private static String plain(long units) {
        return Decimals.toBigDecimal(units).setScale(Decimals.SCALE).toPlainString();
    }

    private static void assertColumnType(IcebergOutput output, TableDef<?> table, String column, Type expected) {
        Catalog catalog = output.catalogLoader().loadCatalog();
        assertThat(catalog.loadTable(output.identifier(table)).schema().findType(column)).isEqualTo(expected);
    }

    /** A market-data type as orderflow defined it before DECIMAL(18,8): every market decimal DECIMAL(20,8). */
    private static Type widen(Type t) {
        if (t.equals(OrderflowTables.MARKET)) {
            return Types.DecimalType.of(20, 8);
        }
        if (t instanceof Types.StructType s) {
            return Types.StructType.of(s.fields().stream().map(f -> Types.NestedField.of(f.fieldId(), f.isOptional(),
                    f.name(), widen(f.type()), f.doc())).toList());
        }
        if (t instanceof Types.ListType l) {
            return l.isElementOptional() ? Types.ListType.ofOptional(l.elementId(), widen(l.elementType()))
                    : Types.ListType.ofRequired(l.elementId(), widen(l.elementType()));
        }
        return t;
    }
}
