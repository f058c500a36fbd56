package io.orderflow.execution.strategy;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The mid predictor's model as a file that research and live trading share: the horizon, the feature names (in
 * the order of {@link MidPredictorStrategy#features}), the least-squares coefficients, their covariance (the RLS
 * state, so learning continues from it) and how many samples made it. Written by {@code orderflow train} from the
 * per-second top-10 table, loaded by the strategy at job start.
 */
public record MidPredictorModel(int horizonSeconds, double[] coefficients, double[] covariance, long samples)
        implements Serializable {
    public static final String FEATURES = "intercept,imbalance_1,imbalance_5,imbalance_10,spread_bps,microprice_offset_bps";
    private static final String FORMAT = "orderflow-mid-predictor-1";

    public MidPredictorModel {
        int d = MidPredictorStrategy.FEATURES;
        if (coefficients.length != d || covariance.length != d * d || horizonSeconds < 1 || samples < 0) {
            throw new IllegalArgumentException("a mid-predictor model has " + d + " coefficients, a " + d + "x" + d
                    + " covariance and a horizon of at least 1 s");
        }
        coefficients = coefficients.clone();
        covariance = covariance.clone();
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("features", FEATURES);
        p.setProperty("horizon_seconds", Integer.toString(horizonSeconds));
        p.setProperty("samples", Long.toString(samples));
        p.setProperty("coefficients", join(coefficients));
        p.setProperty("covariance", join(covariance));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "orderflow mid-predictor model: y = 10^4 ln(mid(t+h)/mid(t)) ~ features . coefficients");
        }
    }

    public static MidPredictorModel read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        if (!FORMAT.equals(p.getProperty("format")) || !FEATURES.equals(p.getProperty("features"))) {
            throw new IllegalArgumentException(file + " is not a " + FORMAT + " model with features " + FEATURES
                    + ": train it again with `orderflow train`");
        }
        return new MidPredictorModel(Integer.parseInt(p.getProperty("horizon_seconds")), split(p, "coefficients"),
                split(p, "covariance"), Long.parseLong(p.getProperty("samples")));
    }

    private static String join(double[] v) {
        // full precision: the text round-trips to the same doubles
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    private static double[] split(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("model file has no " + key);
        }
        return Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
