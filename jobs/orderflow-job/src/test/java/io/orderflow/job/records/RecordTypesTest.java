package io.orderflow.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.execution.state.PositionLedger;
import io.orderflow.flink.types.ImmutableRecordTypeInfo;
import io.orderflow.execution.risk.RiskGate;
import io.orderflow.job.crosssection.CrossSection;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.TableDef;
import io.orderflow.job.signals.InstrumentSignals;
import io.orderflow.estimators.RealizedVolatility;
import io.orderflow.estimators.Slippage;
import io.orderflow.model.BookTop;
import io.orderflow.model.DataQualityEvent;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.model.Side;
import io.orderflow.model.execution.Fill;
import io.orderflow.model.execution.OrderIntent;
import io.orderflow.model.execution.OrderStatus;
import io.orderflow.model.execution.OrderType;
import io.orderflow.model.execution.OrderUpdate;
import io.orderflow.model.execution.TimeInForce;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The records operators emit cross the network and sit in state as Flink POJOs, with Kryo switched off
 * ({@code pipeline.generic-types: false}). Held to Flink's own type extraction: every record must analyse as a POJO
 * (a field Flink cannot see into would make it a generic type and fail the job at start), and a record that went
 * through its serializer must give the same table row as the original. On stream edges the same format is shared
 * between chained operators rather than copied ({@link ImmutableRecordTypeInfo}).
 */
class RecordTypesTest {

    private static final SerializerConfigImpl NO_KRYO = noKryo();

    private static SerializerConfigImpl noKryo() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }

    private static final PositionLedger LEDGER = ledger();

    private static PositionLedger ledger() {
        PositionLedger l = new PositionLedger();
        l.applyFill(Side.BUY, Decimals.parse("100.5"), Decimals.parse("2"), Decimals.parse("0.01"));
        l.applyFill(Side.SELL, Decimals.parse("101"), Decimals.parse("1"), Decimals.parse("0.01"));
        return l;
    }

    private static final OrderIntent INTENT = new OrderIntent("c1", "imbalance", "okx", "BTC-USDT", Side.BUY,
            OrderType.LIMIT, TimeInForce.GTC, Decimals.parse("100"), Decimals.parse("0.5"), 1_700_000_000_000L, 5L,
            Decimals.parse("100.1"), "test");

    private static final BookTop BOOK = new BookTop("okx", "BTC-USDT", 1_700_000_000_500L, 7L, 42L,
            PriceLevels.wrap(new long[] {Decimals.parse("100"), Decimals.parse("99")},
                    new long[] {Decimals.parse("1"), Decimals.parse("2")}),
            PriceLevels.wrap(new long[] {Decimals.parse("101")}, new long[] {Decimals.parse("3")}), true);

    @Test
    void everyRecordIsAPojoAndConvertsToTheSameRowAfterSerialization() throws Exception {
        roundTrip(OrderflowTables.BOOK_TOP10_1S, TopLevelsSecond.class, TopLevelsSecond.of(BOOK, 1_700_000_000L));
        roundTrip(OrderflowTables.VOLATILITY, VolatilityWindow.class, new VolatilityWindow("okx", "BTC-USDT",
                0L, 60_000L, 60, new RealizedVolatility.Result(60, 59, 1e-6, 0.5, 100, 101, Double.NaN, 0.4, 59, 59 / 60.0, 0.45, Double.NaN)));
        roundTrip(OrderflowTables.DATA_QUALITY, DataQualityEvent.class, new DataQualityEvent("okx", "",
                1L, 2L, DataQualityEvent.Kind.SEQUENCE_GAP, "gap", ""));
        roundTrip(OrderflowTables.ORDERS, OrderUpdate.class, new OrderUpdate("c1", "imbalance", "okx", "BTC-USDT",
                Side.SELL, OrderType.MARKET, 0, Decimals.parse("1"), 0, OrderStatus.REJECTED, "risk", 3L));
        roundTrip(OrderflowTables.FILLS, Fill.class, new Fill("f1", "c1", "imbalance", "okx", "BTC-USDT", Side.BUY,
                Decimals.parse("100"), Decimals.parse("0.5"), Decimals.parse("0.01"), true, 4L,
                Decimals.parse("100.1")));
        InstrumentSignals.Features features = new InstrumentSignals.Features(5L, 6L, 100, 0.2, 1.5, 100.1, 100.2,
                1.0, 5_000, 6_000, 1.1, 5_500);
        roundTrip(OrderflowTables.BOOK_FEATURES, InstrumentFeatures.class,
                new InstrumentFeatures("okx", "BTC-USDT", features, 100.15));
        roundTrip(OrderflowTables.SLIPPAGE, SlippageEstimate.class, new SlippageEstimate("okx", "BTC-USDT",
                new InstrumentSignals.SlippageSample(5L, 77L, Side.SELL,
                        new Slippage.Walk(10_000, 9_000, 90, Double.NaN, Double.NaN, true, 20), 5_000, 2.0, 1.0,
                        null, 0L)));
        roundTrip(OrderflowTables.PREDICTIONS, MidForecast.class, new MidForecast("okx", "BTC-USDT",
                new InstrumentSignals.Prediction(9L, new double[] {1, 0.1, 0.2, 0.3, 0.4}, 0.5, -0.2, Boolean.FALSE,
                        3L, 7L, Boolean.TRUE)));
        roundTrip(OrderflowTables.PREDICTIONS, MidForecast.class, new MidForecast("okx", "ETH-USDT",
                new InstrumentSignals.Prediction(9L, new double[] {1, 0.1, 0.2, 0.3, 0.4, 1.5, -0.5}, 0.5, -0.2,
                        null, 3L, 7L, null)));
        roundTrip(OrderflowTables.VOLATILITY_SPIKES, VolatilitySpike.class,
                VolatilitySpike.unlabelled("okx", "BTC-USDT", new InstrumentSignals.Spike(9L, 2.0, 0.5))
                        .labelled(30, new String[] {"imbalance_flip", "liquidity_withdrawal"}));
        roundTrip(OrderflowTables.PATTERNS, PatternMatch.class, new PatternMatch("okx", "BTC-USDT", 1L, 2L,
                "imbalance_flip", 3, 0.6, -0.7, 10, 20, 1.5, 100.05));
        roundTrip(OrderflowTables.PAIR_SIGNALS, PairSignal.class, new PairSignal(0L, 60_000L,
                new CrossSection.PairResult("okx:BTC-USDT", "okx:ETH-USDT", 10, 12, "okx:BTC-USDT", 500, 500,
                        0.4, new long[] {-500, 0, 500}, new double[] {0.1, Double.NaN, 0.4}, 50, 0.3, 0.8, 0.01,
                        Double.POSITIVE_INFINITY, io.orderflow.venue.TimeQuality.EXCHANGE)));
        roundTrip(OrderflowTables.MARKET_RANKING, MarketRank.class, new MarketRank(0L, 60_000L,
                new CrossSection.Ranking("okx:BTC-USDT", 1e6, 100, 0.5, 1e5, 2, 1, 2, 3, 1, 1)));
        RiskDecision rejected = new RiskDecision(INTENT, new RiskGate.Rejection("max_position", "too big"), 0.3);
        roundTrip(OrderflowTables.ORDER_INTENTS, RiskDecision.class, rejected);
        roundTrip(OrderflowTables.ORDER_INTENTS, RiskDecision.class, new RiskDecision(INTENT, null, null));
        roundTrip(OrderflowTables.RISK_REJECTIONS, RiskDecision.class, rejected);
        roundTrip(OrderflowTables.POSITIONS, PositionChange.class, PositionChange.of("okx", "BTC-USDT", "imbalance",
                1L, "f1", LEDGER, Decimals.parse("102")));
        roundTrip(OrderflowTables.POSITIONS, PositionChange.class, PositionChange.of("okx", "BTC-USDT", "imbalance",
                1L, "f1", new PositionLedger(), Decimals.parse("102"))); // flat: no average entry
        roundTrip(OrderflowTables.PNL, PnlMark.class, PnlMark.of("okx", "BTC-USDT", "imbalance", 1L, LEDGER,
                Decimals.parse("102")));
    }

    private static <T extends Record> void roundTrip(TableDef<T> table, Class<T> type, T record) throws Exception {
        TypeInformation<T> info = TypeInformation.of(type);
        assertThat(info).as("%s must be a Flink POJO, not a generic (Kryo) type", type.getSimpleName())
                .isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<T> serializer = info.createSerializer(NO_KRYO);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(record, out);
        T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        T copy = serializer.copy(record);
        // on stream edges: the same bytes, and chained operators share the record instead of copying it
        TypeSerializer<T> shared = ImmutableRecordTypeInfo.forRecord(type).createSerializer(NO_KRYO);
        DataOutputSerializer sharedOut = new DataOutputSerializer(256);
        shared.serialize(record, sharedOut);
        assertThat(sharedOut.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        assertThat(shared.copy(record)).isSameAs(record);
        var rowSerializer = InternalTypeInfo.of(table.rowType()).toRowSerializer();
        // compared as binary rows: the same bytes in the table's own layout
        BinaryRowData expected = rowSerializer.toBinaryRow(table.toRow(record)).copy();
        for (T other : List.of(back, copy)) {
            assertThat(rowSerializer.toBinaryRow(table.toRow(other)).copy())
                    .as("%s through %s", type.getSimpleName(), table.name())
                    .isEqualTo(expected);
        }
    }
}
