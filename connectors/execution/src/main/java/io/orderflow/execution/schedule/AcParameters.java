package io.orderflow.execution.schedule;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One instrument's Almgren–Chriss market parameters, in the instrument's price and base-unit quantity, as
 * {@code schedule} estimates them from the tables and saves them for a live job to load.
 *
 * @param mid the price they were estimated at
 * @param sigma volatility, price per √second
 * @param epsilon fixed temporary cost per unit (half the spread and the rest of the slippage regression's
 *     intercept)
 * @param impactPerUnit k: a child's cost per unit grows by k per unit of the child (AC's η = k·τ)
 * @param gamma permanent impact, price per unit traded
 */
public record AcParameters(double mid, double sigma, double epsilon, double impactPerUnit, double gamma)
        implements Serializable {
    private static final String[] FIELDS = {"mid", "sigma", "epsilon", "impact_per_unit", "gamma"};

    public AcParameters {
        if (!(mid > 0) || !(sigma >= 0) || !(epsilon >= 0) || !(impactPerUnit > 0) || !(gamma >= 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "Almgren-Chriss parameters need mid > 0, "
                    + "sigma >= 0, epsilon >= 0, impact per unit > 0 and gamma >= 0; got mid %s, sigma %s, epsilon "
                    + "%s, impact %s, gamma %s", mid, sigma, epsilon, impactPerUnit, gamma));
        }
    }

    /**
     * The parameters in a properties file, by instrument ({@code venue:SYMBOL.sigma = ...}). A missing file, a
     * missing or unreadable value is an error that names the file, the instrument and the key.
     */
    public static Map<String, AcParameters> load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Almgren-Chriss parameters " + file + ": " + e
                    + " (write them with: schedule --warehouse DIR --instrument VENUE:SYMBOL --save-params " + file
                    + ")");
        }
        Map<String, AcParameters> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            int dot = key.lastIndexOf('.');
            if (dot <= 0 || !key.substring(dot + 1).equals(FIELDS[0])) {
                continue;
            }
            String instrument = key.substring(0, dot);
            double[] v = new double[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                String name = instrument + "." + FIELDS[i];
                String text = p.getProperty(name);
                try {
                    v[i] = Double.parseDouble(text);
                } catch (NullPointerException | NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": " + name + " is " + (text == null ? "missing"
                            : "not a number: " + text));
                }
            }
            try {
                out.put(instrument, new AcParameters(v[0], v[1], v[2], v[3], v[4]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + instrument + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no instrument's Almgren-Chriss parameters");
        }
        return out;
    }

    /** Adds (or replaces) one instrument's parameters in the file, keeping the others. */
    public static void save(Path file, String instrument, AcParameters a, String comment) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        double[] v = {a.mid(), a.sigma(), a.epsilon(), a.impactPerUnit(), a.gamma()};
        for (int i = 0; i < FIELDS.length; i++) {
            p.setProperty(instrument + "." + FIELDS[i], Double.toString(v[i]));
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, comment);
        }
    }
}
