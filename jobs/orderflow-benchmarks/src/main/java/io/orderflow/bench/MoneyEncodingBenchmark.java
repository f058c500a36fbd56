package io.orderflow.bench;

import io.orderflow.job.records.AppliedBookUpdate;
import io.orderflow.job.iceberg.OrderflowTables;
import io.orderflow.job.iceberg.Rows;
import io.orderflow.model.BookDelta;
import io.orderflow.model.BookSnapshot;
import io.orderflow.model.MarketEvent;
import io.orderflow.model.PriceLevels;
import io.orderflow.venue.FrameDecoder;
import io.orderflow.venue.Venue;
import io.orderflow.venue.Venues;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.data.FlinkParquetWriters;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The money encoding of a {@code book_updates} row, per row, on real Binance USD-M book messages (captures/NOTICE,
 * decoded by the venue's own decoder): the job's own converter and schema ({@code decimal-18-8}, what ships)
 * against the encoding before it ({@code decimal-20-8}: every price and size a DECIMAL(20,8), as the job wrote
 * them until issue 17), over the three steps a row takes in the job:
 *
 * <ol>
 *   <li>{@link #build}: the record turned into the table's row (a chained map at the producer);</li>
 *   <li>{@link #handOff}: that, and the row serialized and read back by Flink's {@link RowDataSerializer}, as it
 *       crosses the edge to its Iceberg writer;</li>
 *   <li>{@link #write}: that, and the row appended by Iceberg's Flink Parquet writer to a Parquet file on local
 *       disk (zstd, Iceberg's default), a new file every {@value #ROWS_PER_FILE} rows.</li>
 * </ol>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MoneyEncodingBenchmark {
    static final int BATCH = 256;
    static final int ROWS_PER_FILE = 20_000;

    @Param({"decimal-20-8", "decimal-18-8"})
    public String encoding;

    private MarketEvent[] events;
    private boolean shipped;
    private Schema schema;
    private RowType rowType;
    private RowDataSerializer serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(4096);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private RowData reuse;
    private File dir;
    private FileAppender<RowData> appender;
    private int rowsInFile;
    private int files;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        shipped = switch (encoding) {
            case "decimal-18-8" -> true;
            case "decimal-20-8" -> false;
            default -> throw new IllegalArgumentException("encoding must be decimal-18-8 or decimal-20-8");
        };
        events = bookEvents("binance-usdm").toArray(new MarketEvent[0]);
        Schema table = OrderflowTables.BOOK_UPDATES.schema();
        schema = shipped ? table : new Schema(widen(table.asStruct()).asStructType().fields());
        rowType = FlinkSchemaUtil.convert(schema);
        serializer = new RowDataSerializer(rowType);
        reuse = serializer.createInstance();
        dir = Files.createTempDirectory("money-encoding").toFile();
        openFile();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        appender.close();
        for (File f : dir.listFiles()) {
            Files.delete(f.toPath());
        }
        Files.delete(dir.toPath());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void build(Blackhole rows) {
        int start = batchStart();
        for (int e = start, end = start + BATCH; e < end; e++) {
            rows.consume(row(events[e]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void handOff(Blackhole rows) throws IOException {
        int start = batchStart();
        for (int e = start, end = start + BATCH; e < end; e++) {
            rows.consume(crossEdge(row(events[e])));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void write() throws IOException {
        int start = batchStart();
        for (int e = start, end = start + BATCH; e < end; e++) {
            appender.add(crossEdge(row(events[e])));
            if (++rowsInFile == ROWS_PER_FILE) {
                appender.close();
                openFile();
            }
        }
    }

    private RowData row(MarketEvent e) {
        return shipped ? Rows.bookUpdate(applied(e)) : decimal20Row(e);
    }

    /** As the book operator hands it on: with its apply order (the event time in microseconds). */
    private static AppliedBookUpdate applied(MarketEvent e) {
        return new AppliedBookUpdate(e, e.exchangeTimeMs() * 1000);
    }

    private RowData crossEdge(RowData row) throws IOException {
        out.clear();
        serializer.serialize(row, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        reuse = serializer.deserialize(reuse, in);
        return reuse;
    }

    private int batchStart() {
        int start = next;
        next = start + 2 * BATCH > events.length ? 0 : start + BATCH;
        return start;
    }

    private void openFile() throws IOException {
        File file = new File(dir, "rows-" + files++ + ".parquet");
        Files.deleteIfExists(new File(dir, "rows-" + (files - 3) + ".parquet").toPath()); // keep the disk small
        appender = Parquet.write(org.apache.iceberg.Files.localOutput(file)).schema(schema)
                .createWriterFunc(message -> FlinkParquetWriters.buildWriter(rowType, message)).overwrite().build();
        rowsInFile = 0;
    }

    /** The row as the job built it before issue 17: the same fields, every price and size a DECIMAL(20,8). */
    private static RowData decimal20Row(MarketEvent e) {
        GenericRowData row = (GenericRowData) Rows.bookUpdate(applied(e));
        BookDelta d = e instanceof BookDelta delta ? delta : null;
        BookSnapshot s = e instanceof BookSnapshot snapshot ? snapshot : null;
        row.setField(9, decimal20Levels(d != null ? d.bids() : s.bids()));
        row.setField(10, decimal20Levels(d != null ? d.asks() : s.asks()));
        return row;
    }

    private static GenericArrayData decimal20Levels(PriceLevels levels) {
        Object[] rows = new Object[levels.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = GenericRowData.of(Rows.money(levels.price(i)), Rows.money(levels.size(i)));
        }
        return new GenericArrayData(rows);
    }

    /** The table's schema with every market decimal as DECIMAL(20,8) (Rows.money's type). */
    private static Type widen(Type t) {
        if (t.equals(OrderflowTables.MARKET)) {
            return OrderflowTables.MONEY;
        }
        if (t instanceof Types.StructType s) {
            return Types.StructType.of(s.fields().stream().map(f -> Types.NestedField.of(f.fieldId(), f.isOptional(),
                    f.name(), widen(f.type()), f.doc())).toList());
        }
        if (t instanceof Types.ListType l) {
            return Types.ListType.ofRequired(l.elementId(), widen(l.elementType()));
        }
        return t;
    }

    /** Every book snapshot and delta of the venue's capture, decoded by the venue's own decoder, in order. */
    private static List<MarketEvent> bookEvents(String venueId) throws IOException {
        Venue venue = Venues.byId(venueId);
        FrameDecoder decoder = venue.newDecoder(new Venue.Subscription("capture", List.of(), List.of()));
        List<MarketEvent> events = new ArrayList<>();
        for (String frame : RealDepthUpdates.frames(venueId)) {
            decoder.decode(frame, 0, (MarketEvent event) -> {
                if (event instanceof BookDelta || event instanceof BookSnapshot) {
                    events.add(event);
                }
            });
        }
        if (events.size() < 2 * BATCH) {
            throw new IllegalStateException(venueId + "'s capture has " + events.size() + " book events");
        }
        return events;
    }
}
