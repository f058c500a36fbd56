package io.orderflow.job.offline;

import io.orderflow.execution.strategy.MidPredictorModel;
import io.orderflow.execution.strategy.MidPredictorStrategy;
import io.orderflow.model.BookTop;
import io.orderflow.model.Decimals;
import io.orderflow.model.PriceLevels;
import io.orderflow.estimators.RecursiveLeastSquares;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.Row;

/**
 * Trains the mid predictor offline from {@code book_top10_1s}: for every instrument and second t whose second
 * t + horizon is also recorded, the features of the book at the end of t (the function live trading uses) against
 * 10⁴·ln(mid(t + h)/mid(t)); least squares without forgetting (ridge prior δ = 100, as the live model starts).
 */
public final class ModelTrainer {
    private ModelTrainer() {}

    /** Training samples: features and targets, in instrument and time order. */
    public record Samples(List<double[]> features, List<Double> targets) {}

    public static Samples samples(SqlRunner sql, int horizonSeconds, String instrument) throws Exception {
        StringBuilder columns = new StringBuilder("venue, symbol, event_time");
        for (String side : new String[] {"bid", "ask"}) {
            for (int i = 1; i <= 10; i++) {
                columns.append(", ").append(side).append("_px_").append(i).append(", ").append(side).append("_sz_")
                        .append(i);
            }
        }
        String where = "";
        if (instrument != null) {
            int colon = instrument.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--instrument must read venue:SYMBOL, got " + instrument);
            }
            where = " WHERE venue = '" + instrument.substring(0, colon).replace("'", "''") + "' AND symbol = '"
                    + instrument.substring(colon + 1).replace("'", "''") + "'";
        }
        Map<String, TreeMap<Long, BookTop>> books = new TreeMap<>();
        for (Row r : sql.query("SELECT " + columns + " FROM book_top10_1s" + where)) {
            BookTop b = book(r);
            if (b.twoSided()) {
                books.computeIfAbsent(b.instrumentKey(), k -> new TreeMap<>())
                        .put(Math.floorDiv(b.exchangeTimeMs(), 1000), b);
            }
        }
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (TreeMap<Long, BookTop> series : books.values()) {
            for (Map.Entry<Long, BookTop> e : series.entrySet()) {
                BookTop later = series.get(e.getKey() + horizonSeconds);
                if (later != null) {
                    x.add(MidPredictorStrategy.features(e.getValue()));
                    y.add(Math.log(later.mid() / e.getValue().mid()) * 1e4);
                }
            }
        }
        return new Samples(x, y);
    }

    public static MidPredictorModel train(Samples s, int horizonSeconds) {
        if (s.targets().size() < 10 * MidPredictorModel.FEATURES.split(",").length) {
            throw new IllegalArgumentException("only " + s.targets().size() + " training samples in book_top10_1s: "
                    + "record longer (at least a few minutes) before training");
        }
        RecursiveLeastSquares rls = new RecursiveLeastSquares(s.features().get(0).length, 1.0, 100);
        for (int i = 0; i < s.targets().size(); i++) {
            rls.update(s.features().get(i), s.targets().get(i));
        }
        return new MidPredictorModel(horizonSeconds, rls.coefficients(), rls.covariance(), rls.updates());
    }

    private static BookTop book(Row r) {
        long t = ((Instant) r.getField("event_time")).toEpochMilli();
        return new BookTop((String) r.getField("venue"), (String) r.getField("symbol"), t, 0, 0, levels(r, "bid"),
                levels(r, "ask"), false);
    }

    private static PriceLevels levels(Row r, String side) {
        PriceLevels.Builder b = new PriceLevels.Builder(10);
        for (int i = 1; i <= 10; i++) {
            BigDecimal px = (BigDecimal) r.getField(side + "_px_" + i);
            BigDecimal sz = (BigDecimal) r.getField(side + "_sz_" + i);
            if (px != null && sz != null) {
                b.add(Decimals.fromBigDecimal(px), Decimals.fromBigDecimal(sz));
            }
        }
        return b.build();
    }
}
