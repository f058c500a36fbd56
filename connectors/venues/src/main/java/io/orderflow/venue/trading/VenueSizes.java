package io.orderflow.venue.trading;

import io.orderflow.model.Instrument;
import io.orderflow.venue.instruments.InstrumentCatalog;

/**
 * The venue edge of sizes: the job counts in base units, some venues in contracts (OKX swaps and futures, Kraken
 * Futures). Every size an adapter sends goes through {@link #toVenue}, every size it reads through {@link #toBase},
 * by the instrument the venue listed. A symbol the venue counts in contracts but whose instrument was never loaded
 * is refused rather than guessed: a guess is the 100× mis-sized order this class exists to prevent.
 */
public final class VenueSizes {
    private final String venue;
    private final java.util.function.Predicate<String> countsInBase;
    private volatile InstrumentCatalog catalog;

    /** @param countsInBase symbols the venue sizes in base units whatever its catalogue says (spot) */
    public VenueSizes(String venue, java.util.function.Predicate<String> countsInBase) {
        this.venue = venue;
        this.countsInBase = countsInBase;
        this.catalog = InstrumentCatalog.empty(venue);
    }

    public void use(InstrumentCatalog loaded) {
        if (!loaded.venue().equals(venue)) {
            throw new IllegalArgumentException("instruments of " + loaded.venue() + " given to " + venue);
        }
        this.catalog = loaded;
    }

    public InstrumentCatalog catalog() {
        return catalog;
    }

    /** Base units → the venue's unit; {@code price} values inverse contracts (the limit, or the touch). */
    public long toVenue(String symbol, long baseQuantity, long price) {
        Instrument i = instrument(symbol);
        return i == null ? baseQuantity : i.toVenueSize(baseQuantity, price);
    }

    /** The venue's unit → base units; {@code price} is the fill or average price for inverse contracts. */
    public long toBase(String symbol, long venueQuantity, long price) {
        if (venueQuantity == 0) {
            return 0;
        }
        Instrument i = instrument(symbol);
        return i == null ? venueQuantity : i.toBaseSize(venueQuantity, price);
    }

    /** True when converting this symbol's sizes needs a price (inverse contracts). */
    public boolean needsPrice(String symbol) {
        Instrument i = instrument(symbol);
        return i != null && i.kind() == Instrument.Kind.INVERSE;
    }

    private Instrument instrument(String symbol) {
        Instrument i = catalog.get(symbol);
        if (i == null && !countsInBase.test(symbol)) {
            throw new IllegalStateException(venue + " counts " + symbol + " in contracts, and its instrument was not "
                    + "loaded: load the venue's instruments before trading it");
        }
        return i;
    }
}
