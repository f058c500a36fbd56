package io.orderflow.model;

/**
 * What every event must satisfy before it leaves a source, so that one bad frame cannot stop the job downstream (a
 * null symbol breaks the serializers and the keyBy; a price near {@code Long.MAX_VALUE} overflows the book's key
 * arithmetic; a timestamp in year 1 or 5000 drags the watermark). A decoder accepts what the wire format allows;
 * these are the limits of what the job holds:
 *
 * <ul>
 *   <li>a venue and a symbol, neither blank (a data-quality event may name no symbol: a connection-level one);</li>
 *   <li>prices in (0, {@link #MAX_PRICE}], sizes in [0, {@link #MAX_SIZE}] (a trade's size above 0): both below
 *       10<sup>10</sup>, so every market-data table holds them exactly as DECIMAL(18,8), the widest decimal that
 *       Flink and Parquet keep in a long;</li>
 *   <li>a trade with an id and an aggressor side;</li>
 *   <li>the venue's time within [{@link #MIN_TIME_MS}, {@link #MAX_TIME_MS}).</li>
 * </ul>
 */
public final class EventChecks {
    /**
     * 9,999,999,999.99999999 per unit, the largest DECIMAL(18,8): above any real quote (BTC in IDR or VND is ~10⁹),
     * far below the book's key limit.
     */
    public static final long MAX_PRICE = 10_000_000_000L * Decimals.UNIT - 1;
    /** 9,999,999,999.99999999 units at one level, the largest DECIMAL(18,8) (SHIB's largest levels are ~10⁹). */
    public static final long MAX_SIZE = MAX_PRICE;
    private static final String MAX = Decimals.toPlainString(MAX_PRICE);
    /** 2009-01-03, the first block: nothing crypto is older. */
    public static final long MIN_TIME_MS = 1_230_940_800_000L;
    /** 2100-01-01. */
    public static final long MAX_TIME_MS = 4_102_444_800_000L;

    private EventChecks() {}

    /** Why this event cannot go downstream, or null when it can. */
    public static String problem(MarketEvent e) {
        if (e.venue() == null || e.venue().isBlank()) {
            return "no venue";
        }
        if (!(e instanceof DataQualityEvent) && (e.symbol() == null || e.symbol().isBlank())) {
            return "no symbol";
        }
        if (e instanceof DataQualityEvent dq) {
            return dq.kind() == null || dq.symbol() == null ? "data-quality event without kind or symbol" : null;
        }
        if (e.exchangeTimeMs() < MIN_TIME_MS || e.exchangeTimeMs() >= MAX_TIME_MS) {
            return "time " + e.exchangeTimeMs() + " ms is outside [2009, 2100)";
        }
        if (e instanceof BookSnapshot s) {
            String p = levels("bids", s.bids());
            return p != null ? p : levels("asks", s.asks());
        }
        if (e instanceof BookDelta d) {
            String p = levels("bids", d.bids());
            return p != null ? p : levels("asks", d.asks());
        }
        if (e instanceof Trade t) {
            if (t.tradeId() == null || t.aggressor() == null) {
                return "trade without id or side";
            }
            if (t.size() <= 0 || t.size() > MAX_SIZE) {
                return "trade size " + Decimals.toPlainString(t.size()) + " is outside (0, " + MAX + "]";
            }
            return price("trade price", t.price());
        }
        if (e instanceof VenueBbo b) {
            // an empty side is sent as price 0 by some venues: allowed, but never beyond the limits
            if (b.bidPrice() < 0 || b.bidPrice() > MAX_PRICE || b.askPrice() < 0 || b.askPrice() > MAX_PRICE) {
                return "bbo price outside [0, " + MAX + "]";
            }
            if (b.bidSize() < 0 || b.bidSize() > MAX_SIZE || b.askSize() < 0 || b.askSize() > MAX_SIZE) {
                return "bbo size outside [0, " + MAX + "]";
            }
        }
        return null;
    }

    private static String levels(String side, PriceLevels levels) {
        if (levels == null) {
            return side + " missing";
        }
        for (int i = 0; i < levels.count(); i++) {
            String p = price(side + " price", levels.price(i));
            if (p != null) {
                return p;
            }
            long size = levels.size(i);
            if (size < 0 || size > MAX_SIZE) {
                return side + " size " + Decimals.toPlainString(size) + " is outside [0, " + MAX + "]";
            }
        }
        return null;
    }

    private static String price(String what, long price) {
        return price <= 0 || price > MAX_PRICE
                ? what + " " + Decimals.toPlainString(price) + " is outside (0, " + MAX + "]" : null;
    }
}
