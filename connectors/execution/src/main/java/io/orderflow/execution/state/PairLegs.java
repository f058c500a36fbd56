package io.orderflow.execution.state;

import java.io.Serializable;

/**
 * The two instruments of a pair trade on one venue: {@code y} is regressed on {@code x} (ETH on BTC: y = ETH).
 * Written {@code venue:Y~X}, e.g. {@code binance-usdm:ETHUSDT~BTCUSDT}.
 */
public record PairLegs(String venue, String ySymbol, String xSymbol) implements Serializable {
    public PairLegs {
        if (venue == null || venue.isBlank() || ySymbol == null || ySymbol.isBlank() || xSymbol == null
                || xSymbol.isBlank() || ySymbol.equals(xSymbol)) {
            throw new IllegalArgumentException("a pair trade needs a venue and two different symbols, got "
                    + venue + ":" + ySymbol + "~" + xSymbol);
        }
    }

    /** Parses {@code venue:Y~X}; the message says what is expected. */
    public static PairLegs parse(String text) {
        int colon = text.indexOf(':');
        int tilde = text.indexOf('~');
        if (colon <= 0 || tilde < colon + 2 || tilde == text.length() - 1) {
            throw new IllegalArgumentException("pair trade '" + text + "' must read venue:Y~X, e.g. "
                    + "binance-usdm:ETHUSDT~BTCUSDT (Y is traded against X)");
        }
        return new PairLegs(text.substring(0, colon), text.substring(colon + 1, tilde), text.substring(tilde + 1));
    }

    public boolean has(String venueId, String symbol) {
        return venue.equals(venueId) && (ySymbol.equals(symbol) || xSymbol.equals(symbol));
    }

    @Override
    public String toString() {
        return venue + ":" + ySymbol + "~" + xSymbol;
    }
}
