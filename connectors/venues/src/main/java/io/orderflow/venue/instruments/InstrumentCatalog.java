package io.orderflow.venue.instruments;

import io.orderflow.model.Decimals;
import io.orderflow.model.Instrument;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One venue's instruments by symbol, as its public instruments endpoint lists them. Loaded at start (and
 * refreshable), kept in a cache file so that an offline run trades by the rules it last saw, and carried inside the
 * job graph: it holds only public facts.
 */
public final class InstrumentCatalog implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String venue;
    private final Map<String, Instrument> bySymbol;

    public InstrumentCatalog(String venue, Collection<Instrument> instruments) {
        this.venue = venue;
        Map<String, Instrument> m = new LinkedHashMap<>();
        for (Instrument i : instruments) {
            if (!i.venue().equals(venue)) {
                throw new IllegalArgumentException(i.key() + " is not an instrument of " + venue);
            }
            m.put(i.symbol(), i);
        }
        this.bySymbol = Map.copyOf(m);
    }

    public static InstrumentCatalog empty(String venue) {
        return new InstrumentCatalog(venue, List.of());
    }

    public String venue() {
        return venue;
    }

    public boolean isEmpty() {
        return bySymbol.isEmpty();
    }

    /** The instrument, or null when the venue did not list it. */
    public Instrument get(String symbol) {
        return bySymbol.get(symbol);
    }

    /** The instrument; the exception says where the catalogue came from and what to do. */
    public Instrument require(String symbol) {
        Instrument i = bySymbol.get(symbol);
        if (i == null) {
            throw new IllegalArgumentException(venue + " lists no instrument '" + symbol + "' (of " + bySymbol.size()
                    + " loaded): check the symbol's spelling on " + venue);
        }
        return i;
    }

    /** Only these symbols, every one of which must be listed; no symbols: all of them. */
    public InstrumentCatalog only(List<String> symbols) {
        return symbols.isEmpty() ? this : new InstrumentCatalog(venue, symbols.stream().map(this::require).toList());
    }

    public Collection<Instrument> all() {
        return bySymbol.values();
    }

    /**
     * Saves the catalogue (one instrument a line, tab-separated, exact decimals), so that an offline run trades by
     * the rules the venue last listed.
     */
    public void save(Path file) throws IOException {
        StringBuilder b = new StringBuilder("# venue\tsymbol\tkind\ttick\tlot\tmin_size\tmarket_lot\tmin_notional"
                + "\tcontract_value\treduce_only_exempt\n");
        for (Instrument i : bySymbol.values()) {
            b.append(i.venue()).append('\t').append(i.symbol()).append('\t').append(i.kind()).append('\t')
                    .append(Decimals.toPlainString(i.tickSize())).append('\t')
                    .append(Decimals.toPlainString(i.lotSize())).append('\t')
                    .append(Decimals.toPlainString(i.minSize())).append('\t')
                    .append(Decimals.toPlainString(i.marketLotSize())).append('\t')
                    .append(Decimals.toPlainString(i.minNotional())).append('\t')
                    .append(Decimals.toPlainString(i.contractValue())).append('\t')
                    .append(i.reduceOnlyExemptFromMinNotional()).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a catalogue {@link #save} wrote; the exception names the file and line. */
    public static InstrumentCatalog read(String venue, Path file) throws IOException {
        List<Instrument> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            try {
                out.add(new Instrument(f[0], f[1], Instrument.Kind.valueOf(f[2]), Decimals.parse(f[3]),
                        Decimals.parse(f[4]), Decimals.parse(f[5]), Decimals.parse(f[6]), Decimals.parse(f[7]),
                        Decimals.parse(f[8]), Boolean.parseBoolean(f[9])));
            } catch (RuntimeException e) {
                throw new IOException(file + " line " + (n + 1) + " is not an instrument: " + e.getMessage(), e);
            }
        }
        return new InstrumentCatalog(venue, out);
    }

    @Override
    public String toString() {
        return venue + " instruments " + bySymbol.keySet();
    }
}
