package io.orderflow.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a venue says an order for one instrument must look like, from its instruments endpoint (Binance
 * {@code exchangeInfo}, OKX {@code /api/v5/public/instruments}, Kraken Futures {@code instruments}). Inside the job
 * every size is in base units (BTC for BTC-USDT, whatever the venue counts in); the venue's own size unit is
 * reached only at the venue edge, through {@link #toVenueSize} and {@link #toBaseSize}. All numbers are exact
 * scaled longs (10⁻⁸), never doubles.
 *
 * @param kind how the venue counts an order's size
 * @param tickSize price increment (quote)
 * @param lotSize size increment of a limit order, in the venue's size unit (contracts on OKX swaps and Kraken)
 * @param minSize the smallest limit order, in the venue's size unit
 * @param marketLotSize size increment of a market order (Binance MARKET_LOT_SIZE), venue unit; = lotSize elsewhere
 * @param minNotional the smallest order value in quote (Binance MIN_NOTIONAL / NOTIONAL); 0 where there is none
 * @param contractValue one venue size unit: 1 base for {@link Kind#SPOT}, base per contract for {@link Kind#LINEAR}
 *     (OKX BTC-USDT-SWAP 0.01 BTC), quote per contract for {@link Kind#INVERSE} (Kraken PI_XBTUSD 1 USD)
 * @param reduceOnlyExemptFromMinNotional Binance futures lets a reduce-only order under the minimum notional
 *     through ("unless you choose reduce only")
 */
public record Instrument(String venue, String symbol, Kind kind, long tickSize, long lotSize, long minSize,
        long marketLotSize, long minNotional, long contractValue, boolean reduceOnlyExemptFromMinNotional)
        implements Serializable {

    /** How a venue counts an order's size. */
    public enum Kind {
        /** In base units (spot, Binance USD-M futures). */
        SPOT,
        /** In contracts worth {@code contractValue} base units each (OKX linear swaps, Kraken linear futures). */
        LINEAR,
        /** In contracts worth {@code contractValue} quote units each (Kraken PI_, OKX coin-margined swaps). */
        INVERSE
    }

    public Instrument {
        if (venue == null || venue.isBlank() || symbol == null || symbol.isBlank() || kind == null) {
            throw new IllegalArgumentException("an instrument needs a venue, a symbol and a kind");
        }
        positive(tickSize, "tick size", symbol);
        positive(lotSize, "lot size", symbol);
        positive(marketLotSize, "market lot size", symbol);
        positive(contractValue, "contract value", symbol);
        if (minSize < 0 || minNotional < 0) {
            throw new IllegalArgumentException(symbol + ": minimum size and notional cannot be negative");
        }
    }

    private static void positive(long v, String what, String symbol) {
        if (v <= 0) {
            throw new IllegalArgumentException(symbol + ": " + what + " must be positive, got "
                    + Decimals.toPlainString(v));
        }
    }

    /** The key the job uses for this instrument, {@code venue:symbol}. */
    public String key() {
        return InstrumentKey.of(venue, symbol);
    }

    /**
     * The price on the tick grid on the passive side: a bid rounds down, an ask up, so rounding never makes an
     * order more aggressive than the strategy asked.
     */
    public long passivePrice(Side side, long price) {
        long below = Math.floorDiv(price, tickSize) * tickSize;
        return side == Side.BUY || below == price ? below : below + tickSize;
    }

    public boolean onTick(long price) {
        return price % tickSize == 0;
    }

    /**
     * The largest size not above {@code baseQuantity} that the venue accepts as a whole number of lots, in base
     * units. {@code price} matters only for inverse contracts (their base value moves with the price).
     */
    public long floorToLot(long baseQuantity, long price, boolean market) {
        long lot = market ? marketLotSize : lotSize;
        long venueSize = venueSizeExact(baseQuantity, price).divide(BigDecimal.valueOf(lot, Decimals.SCALE), 0,
                RoundingMode.DOWN).multiply(BigDecimal.valueOf(lot, Decimals.SCALE))
                .setScale(Decimals.SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        return toBaseSize(venueSize, price);
    }

    /**
     * Base units as the venue's size unit, rounded down to the unit's last digit (10⁻⁸); exact for sizes that
     * {@link #floorToLot} produced on spot and linear instruments.
     */
    public long toVenueSize(long baseQuantity, long price) {
        return venueSizeExact(baseQuantity, price).setScale(Decimals.SCALE, RoundingMode.DOWN).unscaledValue()
                .longValueExact();
    }

    /**
     * The venue's size unit as base units. Exact for spot and linear instruments; for inverse contracts the base
     * value of {@code contracts × contractValue} quote at {@code price}, to the nearest 10⁻⁸.
     */
    public long toBaseSize(long venueSize, long price) {
        BigDecimal size = BigDecimal.valueOf(venueSize, Decimals.SCALE);
        BigDecimal base = switch (kind) {
            case SPOT -> size;
            case LINEAR -> size.multiply(BigDecimal.valueOf(contractValue, Decimals.SCALE));
            case INVERSE -> size.multiply(BigDecimal.valueOf(contractValue, Decimals.SCALE))
                    .divide(BigDecimal.valueOf(requirePrice(price), Decimals.SCALE), Decimals.SCALE,
                            RoundingMode.HALF_EVEN);
        };
        return base.setScale(Decimals.SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    private BigDecimal venueSizeExact(long baseQuantity, long price) {
        BigDecimal base = BigDecimal.valueOf(baseQuantity, Decimals.SCALE);
        return switch (kind) {
            case SPOT -> base;
            case LINEAR -> base.divide(BigDecimal.valueOf(contractValue, Decimals.SCALE), 16, RoundingMode.DOWN);
            case INVERSE -> snapToLot(base.multiply(BigDecimal.valueOf(requirePrice(price), Decimals.SCALE))
                    .divide(BigDecimal.valueOf(contractValue, Decimals.SCALE), 16, RoundingMode.DOWN), price);
        };
    }

    /**
     * A base size of inverse contracts is their quote value divided by a price, rounded to 10⁻⁸: converted back it
     * misses the whole number of contracts by at most one 10⁻⁸ base unit's worth, which is snapped away. A size
     * further from a whole lot is left as it is, for the lot rule to refuse.
     */
    private BigDecimal snapToLot(BigDecimal contracts, long price) {
        BigDecimal lot = BigDecimal.valueOf(lotSize, Decimals.SCALE);
        BigDecimal nearest = contracts.divide(lot, 0, RoundingMode.HALF_UP).multiply(lot);
        BigDecimal oneUnit = BigDecimal.valueOf(price, Decimals.SCALE).movePointLeft(Decimals.SCALE)
                .divide(BigDecimal.valueOf(contractValue, Decimals.SCALE), 16, RoundingMode.UP);
        return contracts.subtract(nearest).abs().compareTo(oneUnit) <= 0 ? nearest : contracts;
    }

    private long requirePrice(long price) {
        if (price <= 0) {
            throw new IllegalArgumentException(symbol + " is an inverse contract: converting a size needs a price");
        }
        return price;
    }

    /**
     * Why the venue would refuse this order's price or size, as a stable rule name and the numbers, or null when
     * it would accept it. {@code price} is the limit price, or for a market order the price it is expected to
     * fill at (the far touch), which values the order for the minimum notional.
     */
    public Violation violation(boolean market, long price, long baseQuantity, boolean reduceOnly) {
        if (!market && !onTick(price)) {
            return new Violation("tick_size", "price " + Decimals.toPlainString(price) + " is not a multiple of the "
                    + "tick " + Decimals.toPlainString(tickSize));
        }
        long lot = market ? marketLotSize : lotSize;
        BigDecimal venueSize = venueSizeExact(baseQuantity, price);
        if (venueSize.remainder(BigDecimal.valueOf(lot, Decimals.SCALE)).signum() != 0) {
            return new Violation("lot_size", "size " + venueSize.stripTrailingZeros().toPlainString() + " "
                    + sizeUnit() + " is not a multiple of the lot " + Decimals.toPlainString(lot));
        }
        if (venueSize.compareTo(BigDecimal.valueOf(minSize, Decimals.SCALE)) < 0) {
            return new Violation("min_size", "size " + venueSize.stripTrailingZeros().toPlainString() + " "
                    + sizeUnit() + " is under the minimum " + Decimals.toPlainString(minSize));
        }
        BigDecimal notional = BigDecimal.valueOf(baseQuantity, Decimals.SCALE)
                .multiply(BigDecimal.valueOf(price, Decimals.SCALE));
        if (minNotional > 0 && !(reduceOnly && reduceOnlyExemptFromMinNotional)
                && notional.compareTo(BigDecimal.valueOf(minNotional, Decimals.SCALE)) < 0) {
            return new Violation("min_notional", "notional " + notional.setScale(2, RoundingMode.HALF_EVEN)
                    .toPlainString() + " is under the minimum " + Decimals.toPlainString(minNotional));
        }
        return null;
    }

    private String sizeUnit() {
        return kind == Kind.SPOT ? "base" : "contracts";
    }

    /** A rule the venue enforces on an order: a stable name to group by, and the numbers. */
    public record Violation(String rule, String reason) {}
}
